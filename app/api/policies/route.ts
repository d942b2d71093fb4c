import { getRuntime } from '@/server/runtime';
import { handleRoute } from '@/server/http/api-error';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { listItem } from '@/server/policies/model';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleRoute(async () => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const rt = await getRuntime();
    const source = await rt.policies();
    const body = { policies: source.policies().map(listItem), errors: source.errors() };
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}
