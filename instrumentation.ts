// Starts Flowscope's runtime when the Next.js server boots, so the relay stream and the
// demo relay are up before the first request instead of on it.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Before the first request: access control needs each request's real peer address.
  const { installPeerStamp } = await import('@/server/access/peer');
  installPeerStamp();
  const { getRuntime } = await import('@/server/runtime');
  const { stopOnSignals } = await import('@/server/shutdown');
  stopOnSignals(await getRuntime());
}
