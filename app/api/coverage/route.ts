import { handleViewerRoute } from '@/server/access/route';
import { policyInScope } from '@/server/access/viewer';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { WINDOW_PARAMS, parseNamespaces, parseWindow } from '@/server/http/view-params';
import { coverageAnswer } from '@/server/policies/coverage';

export const dynamic = 'force-dynamic';

/** Which workloads of the window are under a policy, per direction, by namespace. */
export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, flows, rt }) => {
    const params = new URL(req.url).searchParams;
    rejectUnknownParams(params, [...WINDOW_PARAMS, 'namespace']);
    const window = parseWindow(params);
    const namespaces = parseNamespaces(params);
    const source = await rt.policies();
    const endpoints = flows.endpoints({ ...window, ...(namespaces ? { namespaces } : {}) });
    const policies = source.policies().filter((p) => policyInScope(p, viewer.scope));
    const body = coverageAnswer(window, policies, endpoints);
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}
