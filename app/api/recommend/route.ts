import { handleViewerRoute } from '@/server/access/route';
import { policyInScope } from '@/server/access/viewer';
import { ApiError } from '@/server/http/api-error';
import { parseFlowId, rejectUnknownParams } from '@/server/http/flow-params';
import { WINDOW_PARAMS, parseWindow } from '@/server/http/view-params';
import { parseInstant } from '@/lib/time-window/time-window';
import { isNamespaceName } from '@/lib/namespace-name';
import { recommend } from '@/server/policies/recommend';
import type { RecommendFor } from '@/server/policies/recommend';

export const dynamic = 'force-dynamic';

// Bounds the work per request; the answer says when the window held more.
const SCAN_LIMIT = 100_000;
/** A flow's suggestion looks at its traffic this long before it, by default. */
const FLOW_LOOKBACK_MS = 60 * 60 * 1000;
const WORKLOAD = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\/([A-Za-z0-9][A-Za-z0-9._-]{0,252}))?$/;

/**
 * The smallest policy change that allows a dropped flow (`flow=<id>`), or the dropped
 * traffic of a workload or namespace over the window (`workload=<ns>/<name>` or `<ns>`,
 * `stableBefore=` the cut-off after which traffic is listed as new).
 */
export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, flows, rt }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, [...WINDOW_PARAMS, 'flow', 'workload', 'stableBefore']);
    const flowParam = params.get('flow');
    const workload = params.get('workload');
    if ((flowParam === null) === (workload === null)) {
      throw ApiError.badRequest('give one of flow=<id> or workload=<namespace>/<name>', 'flow');
    }
    const hasWindow = WINDOW_PARAMS.some((p) => params.has(p));
    let target: RecommendFor;
    let window: { from: number; to: number };
    if (flowParam !== null) {
      const id = parseFlowId(flowParam, 'flow');
      const flow = flows.get(id);
      if (!flow) throw new ApiError(404, 'flow not found in retention', 'flow');
      target = { flow };
      window = hasWindow
        ? parseWindow(params)
        : { from: flow.ts - FLOW_LOOKBACK_MS, to: Math.max(Date.now(), flow.ts + 1) };
    } else {
      const w = workload!.trim();
      const m = WORKLOAD.exec(w);
      if (!m || !isNamespaceName(m[1]!)) {
        throw ApiError.badRequest(
          `workload: "${w.slice(0, 80)}" is not <namespace>/<name> or a namespace`,
          'workload',
        );
      }
      target = { workload: w };
      window = parseWindow(params);
    }
    let stableBefore: number | undefined;
    const sb = params.get('stableBefore');
    if (sb !== null) {
      stableBefore = parseInstant(sb);
      if (stableBefore === undefined) {
        throw ApiError.badRequest(
          'stableBefore: not a time (RFC 3339 or epoch milliseconds)',
          'stableBefore',
        );
      }
    }
    const source = await rt.policies();
    const scan = flows.scan({ ...window, order: 'newest', limit: SCAN_LIMIT });
    const body = recommend({
      policies: source.policies(),
      editable: (p) => policyInScope(p, viewer.scope),
      flows: scan.flows,
      target,
      window,
      ...(stableBefore !== undefined ? { stableBefore } : {}),
    });
    if (scan.truncated) {
      body.notes.push(
        `The window held more than ${SCAN_LIMIT} flows; the newest ${SCAN_LIMIT} were reviewed.`,
      );
    }
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}
