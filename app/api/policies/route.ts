import { handleViewerRoute } from '@/server/access/route';
import { policyInScope } from '@/server/access/viewer';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { listItem } from '@/server/policies/model';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, rt }) => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const source = await rt.policies();
    const policies = source.policies().filter((p) => policyInScope(p, viewer.scope));
    // Load errors name files and namespaces, so only a viewer of everything gets them.
    const errors = viewer.scope ? [] : source.errors();
    const body = { policies: policies.map(listItem), errors };
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}
