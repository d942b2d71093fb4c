// Starts Flowscope's runtime when the Next.js server boots, so the relay stream and the
// demo relay are up before the first request instead of on it. On SIGTERM it ends the
// live streams: Next.js waits for open requests before exiting, and a live stream never
// finishes by itself.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getRuntime } = await import('@/server/runtime');
  const { log } = await import('@/server/log');
  const rt = await getRuntime();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info('shutting down', { signal });
      void rt.stop();
    });
  }
}
