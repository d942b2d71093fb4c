import type { ValidateAnswer } from '@/lib/api/lab';
import { handleViewerRoute } from '@/server/access/route';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { parseChanges } from '@/server/lab/drafts';
import {
  assertChangesInScope,
  policiesInScope,
  problemsOf,
  readJsonObject,
  rejectUnknownFields,
} from '@/server/lab/draft-routes';

export const dynamic = 'force-dynamic';

/** The problems of a list of changes, each at its line; nothing is saved. */
export function POST(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, rt }) => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const body = await readJsonObject(req);
    rejectUnknownFields(body, ['changes']);
    const changes = parseChanges(body.changes);
    assertChangesInScope(changes, viewer.scope);
    const inForce = policiesInScope((await rt.policies()).policies(), viewer.scope);
    const answer: ValidateAnswer = { problems: await problemsOf(changes, inForce) };
    return Response.json(answer, { headers: { 'cache-control': 'no-store' } });
  });
}

export function GET(): Response {
  return Response.json(
    { error: 'use POST with a JSON body {changes}' },
    { status: 405, headers: { allow: 'POST' } },
  );
}
