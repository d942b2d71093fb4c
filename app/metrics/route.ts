import { getRuntime } from '@/server/runtime';
import { handleRoute } from '@/server/http/api-error';
import { renderMetrics } from '@/server/http/metrics';

export const dynamic = 'force-dynamic';

export function GET(): Promise<Response> {
  return handleRoute(async () => {
    const rt = await getRuntime();
    return new Response(renderMetrics(rt.metrics()), {
      headers: { 'content-type': 'text/plain; version=0.0.4', 'cache-control': 'no-store' },
    });
  });
}
