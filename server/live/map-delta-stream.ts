// The live map: every few seconds, the map of the flows that arrived since the last tick,
// computed by the same aggregation as a full map. The browser adds it to the map on screen,
// so a live map never refetches everything. The delta window trails now by the relay's
// reordering allowance, so flows that arrive a little late still land in a delta. Deltas
// are computed once per scope and filter and shared by every client of that map
// (map-delta-hub.ts); this is one client's SSE body over them.
import 'server-only';
import type { LiveHub } from './live-hub';
import type { MapDeltaClient, MapDeltaHub } from './map-delta-hub';

const encoder = new TextEncoder();

export function mapDeltaStream(
  deltas: MapDeltaHub,
  /** Ends the stream on shutdown, like the flow streams. */
  hub: LiveHub,
  client: MapDeltaClient,
  signal?: AbortSignal,
): ReadableStream<Uint8Array> {
  let unsubscribe: (() => void) | undefined;
  let untrack: (() => void) | undefined;
  const stop = () => {
    unsubscribe?.();
    untrack?.();
    unsubscribe = undefined;
    untrack = undefined;
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const end = () => {
          stop();
          try {
            controller.close();
          } catch {
            // the client went first
          }
        };
        controller.enqueue(encoder.encode('retry: 2000\n\n'));
        unsubscribe = deltas.subscribe(client, {
          ready: () => (controller.desiredSize ?? 0) > 0,
          write: (bytes) => {
            try {
              controller.enqueue(bytes);
            } catch {
              stop();
            }
          },
        });
        untrack = hub.track(end);
        signal?.addEventListener('abort', end);
      },
      cancel: stop,
    },
    { highWaterMark: 4, size: () => 1 },
  );
}
