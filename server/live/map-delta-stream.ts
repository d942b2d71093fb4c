// The live map: every few seconds, the map of the flows that arrived since the last tick,
// computed by the same aggregation as a full map. The browser adds it to the map on screen,
// so a live map never refetches everything. The delta window trails now by the relay's
// reordering allowance, so flows that arrive a little late still land in a delta.
import 'server-only';
import type { MapLiveEvent } from '@/lib/api/types';
import type { MapQuery } from '@/lib/api/aggregate';
import type { FlowReader } from '@/server/store/flow-store';
import type { LiveHub } from './live-hub';

const encoder = new TextEncoder();

export interface MapDeltaOptions {
  intervalMs?: number;
  /** How far behind now a delta ends: the relay's sort window plus transit. */
  lagMs?: number;
  now?: () => number;
}

export function mapDeltaStream(
  store: FlowReader,
  hub: LiveHub,
  /** Filters of the map on screen; its window is replaced by each delta's. */
  query: MapQuery,
  startAt: number,
  signal?: AbortSignal,
  opts: MapDeltaOptions = {},
): ReadableStream<Uint8Array> {
  const now = opts.now ?? Date.now;
  const lag = opts.lagMs ?? 2000;
  let timer: NodeJS.Timeout | undefined;
  let untrack: (() => void) | undefined;
  let until = startAt;
  const stop = () => {
    clearInterval(timer);
    untrack?.();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const send = (event: MapLiveEvent) =>
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
        const end = () => {
          stop();
          try {
            controller.close();
          } catch {
            // the client went first
          }
        };
        controller.enqueue(encoder.encode('retry: 2000\n\n'));
        const tick = () => {
          // A client that does not read gets no new work queued: it resumes from `until`.
          if ((controller.desiredSize ?? 0) <= 0) return;
          const to = now() - lag;
          if (to <= until) return;
          const delta = store.serviceMap({ ...query, from: until, to, series: false });
          until = to;
          if (delta.totals.flows === 0 && delta.edges.length === 0) {
            controller.enqueue(encoder.encode(': idle\n\n'));
            return;
          }
          send({ kind: 'map-delta', delta });
        };
        timer = setInterval(tick, opts.intervalMs ?? 2000);
        timer.unref?.();
        untrack = hub.track(end);
        signal?.addEventListener('abort', end);
      },
      cancel: stop,
    },
    { highWaterMark: 4, size: () => 1 },
  );
}
