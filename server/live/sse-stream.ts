// A server-sent-events body for one browser, wired to the live hub.
import type { FlowQuery } from '@/lib/filter/filter-types';
import type { LiveEvent } from '@/lib/api-types';
import type { Scope } from '@/server/access/viewer';
import type { LiveHub } from './live-hub';

const encoder = new TextEncoder();

/** Events the transport may hold for a slow reader before the hub stops handing it more. */
const TRANSPORT_HIGH_WATER = 8;

export function liveEventStream(
  hub: LiveHub,
  query: FlowQuery,
  scope: Scope,
  signal?: AbortSignal,
): ReadableStream<Uint8Array> {
  let unsubscribe: (() => void) | undefined;
  const close = () => {
    unsubscribe?.();
    unsubscribe = undefined;
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const enqueue = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            close();
          }
        };
        // Ask EventSource to wait 2 s before reconnecting after a drop.
        enqueue('retry: 2000\n\n');
        const end = () => {
          close();
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        };
        unsubscribe = hub.subscribe(
          query,
          {
            ready: () => (controller.desiredSize ?? 0) > 0,
            write: (event: LiveEvent) => enqueue(`data: ${JSON.stringify(event)}\n\n`),
            heartbeat: () => enqueue(': keep-alive\n\n'),
            close: end,
          },
          scope,
        );
        signal?.addEventListener('abort', end);
      },
      cancel: close,
    },
    { highWaterMark: TRANSPORT_HIGH_WATER, size: () => 1 },
  );
}
