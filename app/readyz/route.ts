import { getRuntime } from '@/server/runtime';
import { handleRoute } from '@/server/http/api-error';

export const dynamic = 'force-dynamic';

export function GET(): Promise<Response> {
  return handleRoute(async () => {
    const rt = await getRuntime();
    const ready = rt.ready();
    const state = rt.status().state;
    return new Response(`${ready ? 'ready' : 'not ready'}: relay ${state}\n`, {
      status: ready ? 200 : 503,
      headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' },
    });
  });
}
