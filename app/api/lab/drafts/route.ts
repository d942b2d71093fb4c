import type { DraftChange, DraftListAnswer } from '@/lib/api/lab';
import type { PolicyKind } from '@/lib/api/policy';
import { handleViewerRoute } from '@/server/access/route';
import { ApiError } from '@/server/http/api-error';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { getDraftStore, parseChanges, parseDraftName } from '@/server/lab/drafts';
import {
  assertChangesInScope,
  draftAnswer,
  draftInScope,
  parseStaged,
  policiesInScope,
  problemsOf,
  readJsonObject,
  rejectUnknownFields,
  summaryOf,
  targetInScope,
} from '@/server/lab/draft-routes';
import { POLICY_KINDS } from '@/server/lab/validate-draft';

export const dynamic = 'force-dynamic';

/** The draft sets the viewer may see, newest first. */
export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, rt }) => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const store = await getDraftStore(rt.config.dataDir);
    const body: DraftListAnswer = {
      drafts: store
        .list()
        .filter((d) => draftInScope(d, viewer.scope))
        .map(summaryOf),
      // File names say nothing of namespaces, but only a viewer of everything can fix them.
      errors: viewer.scope ? [] : store.errors(),
    };
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}

function parseFrom(v: unknown): { kind: PolicyKind; namespace: string; name: string } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw ApiError.badRequest('from must be an object {kind, namespace, name}', 'from');
  }
  const f = v as Record<string, unknown>;
  if (typeof f.kind !== 'string' || !(POLICY_KINDS as readonly string[]).includes(f.kind)) {
    throw ApiError.badRequest(`from.kind must be one of ${POLICY_KINDS.join(', ')}`, 'from.kind');
  }
  const ns = f.namespace ?? '';
  if (typeof ns !== 'string')
    throw ApiError.badRequest('from.namespace must be a string', 'from.namespace');
  if (typeof f.name !== 'string' || !f.name) {
    throw ApiError.badRequest('from.name must be a policy name', 'from.name');
  }
  return { kind: f.kind as PolicyKind, namespace: ns, name: f.name };
}

/** Creates a draft set; `from` starts it with the YAML of a policy in force. */
export function POST(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, rt }) => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const body = await readJsonObject(req);
    rejectUnknownFields(body, ['name', 'changes', 'staged', 'from']);
    const name = parseDraftName(body.name);
    const changes: DraftChange[] = body.changes === undefined ? [] : parseChanges(body.changes);
    const staged = body.staged === undefined ? false : parseStaged(body.staged);
    const inForce = policiesInScope((await rt.policies()).policies(), viewer.scope);
    if (body.from !== undefined) {
      const from = parseFrom(body.from);
      const ns = from.kind === 'CiliumClusterwideNetworkPolicy' ? '' : from.namespace;
      const p = inForce.find(
        (x) => x.kind === from.kind && x.namespace === ns && x.name === from.name,
      );
      if (!p || !targetInScope(p, viewer.scope)) {
        throw new ApiError(
          404,
          `no ${from.kind} ${ns ? `${ns}/` : ''}${from.name} in force`,
          'from',
        );
      }
      changes.unshift({ action: 'apply', yaml: p.yaml });
    }
    assertChangesInScope(changes, viewer.scope);
    const store = await getDraftStore(rt.config.dataDir);
    const user = viewer.restricted ? viewer.user : undefined;
    const draft = await store.create({ name, changes, staged }, user);
    const res = draftAnswer(draft, await problemsOf(changes, inForce));
    return new Response(res.body, { status: 201, headers: res.headers });
  });
}
