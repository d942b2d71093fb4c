// Liveness: the process answers HTTP. Says nothing about the relay on purpose, so a
// relay outage never gets Flowscope restarted.
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return new Response('ok\n', {
    headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' },
  });
}
