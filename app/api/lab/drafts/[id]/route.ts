import { handleViewerRoute } from '@/server/access/route';
import { ApiError } from '@/server/http/api-error';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { getDraftStore, isDraftId, parseChanges, parseDraftName } from '@/server/lab/drafts';
import {
  assertChangesInScope,
  draftAnswer,
  draftInScope,
  parseStaged,
  policiesInScope,
  problemsOf,
  readJsonObject,
  rejectUnknownFields,
} from '@/server/lab/draft-routes';

export const dynamic = 'force-dynamic';

type Params = { id: string };

function parseId(id: string): string {
  if (!isDraftId(id)) throw ApiError.badRequest('id is not a draft id', 'id');
  return id;
}

// A draft outside the viewer's namespaces answers as a missing one: its existence is not told.
const notFound = (id: string) => new ApiError(404, `no draft ${id}`);

export function GET(req: Request, ctx: { params: Promise<Params> }): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, rt }) => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const id = parseId((await ctx.params).id);
    const store = await getDraftStore(rt.config.dataDir);
    const draft = store.get(id);
    if (!draft || !draftInScope(draft, viewer.scope)) throw notFound(id);
    const inForce = policiesInScope((await rt.policies()).policies(), viewer.scope);
    return draftAnswer(draft, await problemsOf(draft.changes, inForce));
  });
}

/** Saves a draft: the fields sent replace the saved ones. Problems do not stop the save. */
export function PUT(req: Request, ctx: { params: Promise<Params> }): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, rt }) => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const id = parseId((await ctx.params).id);
    const body = await readJsonObject(req);
    rejectUnknownFields(body, ['name', 'changes', 'staged']);
    const store = await getDraftStore(rt.config.dataDir);
    const old = store.get(id);
    if (!old || !draftInScope(old, viewer.scope)) throw notFound(id);
    const name = body.name === undefined ? old.name : parseDraftName(body.name);
    const changes = body.changes === undefined ? old.changes : parseChanges(body.changes);
    const staged = body.staged === undefined ? old.staged : parseStaged(body.staged);
    assertChangesInScope(changes, viewer.scope);
    const user = viewer.restricted ? viewer.user : undefined;
    const draft = await store.update(id, { name, changes, staged }, user);
    if (!draft) throw notFound(id);
    const inForce = policiesInScope((await rt.policies()).policies(), viewer.scope);
    return draftAnswer(draft, await problemsOf(changes, inForce));
  });
}

export function DELETE(req: Request, ctx: { params: Promise<Params> }): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, rt }) => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const id = parseId((await ctx.params).id);
    const store = await getDraftStore(rt.config.dataDir);
    const draft = store.get(id);
    if (!draft || !draftInScope(draft, viewer.scope)) throw notFound(id);
    await store.delete(id);
    return Response.json({ deleted: id }, { headers: { 'cache-control': 'no-store' } });
  });
}
