// Ends the runtime on SIGTERM/SIGINT: Next.js waits for open requests before exiting, and
// a live stream never finishes by itself, so the streams are closed here.
import 'server-only';
import { log } from '@/server/log';
import type { Runtime } from '@/server/runtime';

export function stopOnSignals(rt: Runtime): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info('shutting down', { signal });
      void rt.stop();
    });
  }
}
