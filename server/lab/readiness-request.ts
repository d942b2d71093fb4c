// GET /api/lab/readiness and GET /api/lab/staged, apart from the route files so the viewer
// and the tracker can be given directly in tests.
import 'server-only';
import type { StagedList } from '@/lib/api/lab';
import { isNamespaceName } from '@/lib/namespace-name';
import type { Viewer } from '@/server/access/viewer';
import { ApiError } from '@/server/http/api-error';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { parsePeriod, readiness, readinessCsv } from './readiness';
import type { StagedSource } from './staged-source';
import type { StagedTracker } from './staged-tracker';

const NO_STORE = { 'cache-control': 'no-store' };

function one(params: URLSearchParams, name: string): string | null {
  const all = params.getAll(name);
  if (all.length > 1) throw ApiError.badRequest(`${name}: give it once`, name);
  return all[0] ?? null;
}

export function readinessResponse(
  params: URLSearchParams,
  viewer: Viewer,
  tracker: Pick<StagedTracker, 'tracking'>,
  now = Date.now(),
): Response {
  rejectUnknownParams(params, ['draft', 'namespace', 'period', 'format']);
  const draft = one(params, 'draft');
  if (!draft) throw ApiError.badRequest('draft: give the id of a staged draft', 'draft');
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(draft)) {
    throw ApiError.badRequest('draft: not a draft id (letters, digits, _ and -)', 'draft');
  }
  const namespace = one(params, 'namespace') ?? undefined;
  if (namespace !== undefined && !isNamespaceName(namespace)) {
    throw ApiError.badRequest(
      `namespace: "${namespace.slice(0, 64)}" is not a namespace name`,
      'namespace',
    );
  }
  const period = parsePeriod(one(params, 'period'));
  const format = one(params, 'format') ?? 'json';
  if (format !== 'json' && format !== 'csv') {
    throw ApiError.badRequest('format: json or csv', 'format');
  }
  if (namespace !== undefined && viewer.scope && !viewer.scope.includes(namespace)) {
    throw new ApiError(403, `namespace ${namespace} is not among the namespaces you may see`);
  }
  const tracking = tracker.tracking(draft);
  if (!tracking) throw new ApiError(404, `no staged draft with id ${draft}`, 'draft');
  const answer = readiness({
    tracking,
    scope: viewer.scope,
    period,
    now,
    ...(namespace !== undefined ? { namespace } : {}),
  });
  if (format === 'csv') {
    const file = `readiness-${draft}${namespace ? `-${namespace}` : ''}-${period.text}.csv`;
    return new Response(readinessCsv(answer), {
      headers: {
        ...NO_STORE,
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${file}"`,
      },
    });
  }
  return Response.json(answer, { headers: NO_STORE });
}

export function stagedListResponse(params: URLSearchParams, source: StagedSource): Response {
  rejectUnknownParams(params, []);
  const body: StagedList = {
    staged: source
      .staged()
      .filter((s) => s.draft.staged)
      .map((s) => ({ id: s.draft.id, name: s.draft.name })),
  };
  return Response.json(body, { headers: NO_STORE });
}
