// A server-sent-events body for one browser, wired to the live hub.
import 'server-only';
import type { FlowQuery } from '@/server/filter/filter-types';
import type { FlowRecord } from '@/lib/api/flow-record';
import type { LiveEvent } from '@/lib/api/types';
import type { Scope } from '@/server/access/viewer';
import type { LiveHub } from './live-hub';

const encoder = new TextEncoder();

/**
 * Bytes the transport may hold for a client before the hub stops handing it more. Counted
 * in bytes, not events: one batch can hold thousands of flows. Next.js pipes this stream to
 * the socket waiting for `drain`, so per client the server holds beyond the hub's queue at
 * most this, one more event (written while there was room) and the chunk or two on their
 * way into the socket. The kernel's socket buffers come after that.
 */
export const TRANSPORT_HIGH_WATER_BYTES = 256 * 1024;

/**
 * Encodes events to SSE bytes. Most clients watch the same stream, so consecutive clients of
 * one flush get the same batch: it is encoded once and the bytes are shared (nothing
 * downstream mutates them). Each flow's JSON is kept while the flow is alive, so batches
 * that differ (other filters) still serialize each flow once.
 */
export class SseEventEncoder {
  private lastFlows: readonly FlowRecord[] | undefined;
  private lastBytes: Uint8Array | undefined;
  private readonly flowJson = new WeakMap<FlowRecord, string>();

  encode(event: LiveEvent): Uint8Array {
    if (event.kind !== 'flows') return encoder.encode(`data: ${JSON.stringify(event)}\n\n`);
    const flows = event.flows;
    if (this.lastBytes && this.lastFlows && sameFlows(this.lastFlows, flows)) {
      return this.lastBytes;
    }
    const parts = new Array<string>(flows.length);
    for (let i = 0; i < flows.length; i += 1) {
      const rec = flows[i]!;
      let json = this.flowJson.get(rec);
      if (json === undefined) {
        json = JSON.stringify(rec);
        this.flowJson.set(rec, json);
      }
      parts[i] = json;
    }
    // Byte for byte what JSON.stringify(event) gives.
    const bytes = encoder.encode(`data: {"kind":"flows","flows":[${parts.join(',')}]}\n\n`);
    this.lastFlows = flows;
    this.lastBytes = bytes;
    return bytes;
  }
}

function sameFlows(a: readonly FlowRecord[], b: readonly FlowRecord[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

const sharedEncoder = new SseEventEncoder();

export function liveEventStream(
  hub: LiveHub,
  query: FlowQuery,
  scope: Scope,
  signal?: AbortSignal,
  events: SseEventEncoder = sharedEncoder,
): ReadableStream<Uint8Array> {
  let unsubscribe: (() => void) | undefined;
  const close = () => {
    unsubscribe?.();
    unsubscribe = undefined;
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const enqueue = (bytes: Uint8Array) => {
          try {
            controller.enqueue(bytes);
          } catch {
            close();
          }
        };
        // Ask EventSource to wait 2 s before reconnecting after a drop.
        enqueue(encoder.encode('retry: 2000\n\n'));
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
            write: (event: LiveEvent) => enqueue(events.encode(event)),
            heartbeat: () => enqueue(encoder.encode(': keep-alive\n\n')),
            close: end,
          },
          scope,
        );
        signal?.addEventListener('abort', end);
      },
      cancel: close,
    },
    { highWaterMark: TRANSPORT_HIGH_WATER_BYTES, size: (chunk) => chunk.byteLength },
  );
}
