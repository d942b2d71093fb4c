// Streams matching flows as NDJSON in `hubble observe -o jsonpb` shape, page by page, so an
// export of millions of flows never sits in memory at once.
import type { FlowRecord } from '@/lib/flow-record';
import type { FlowReader, FlowScan } from '@/server/store/flow-store';
import { flowRecordToJsonLine } from '@/server/ingest/flow-json';

const PAGE = 2000;
const encoder = new TextEncoder();

/**
 * Pages through a window oldest first. The store pages by time, so the cursor is a
 * millisecond plus the ids already taken in it; a millisecond holding more flows than a
 * page is read on its own with a growing limit.
 */
class ExportCursor {
  private from: number;
  private seenAtFrom = new Set<string>();
  done = false;

  constructor(
    private readonly store: FlowReader,
    private readonly scan: Omit<FlowScan, 'order' | 'limit'>,
  ) {
    this.from = scan.from;
  }

  next(): FlowRecord[] {
    while (!this.done) {
      const page = this.store.scan({ ...this.scan, from: this.from, order: 'oldest', limit: PAGE });
      const fresh = this.take(page.flows);
      if (!page.truncated) this.done = true;
      if (fresh.length > 0) return fresh;
      if (this.done) return [];
      // The whole page sat in one millisecond we had already begun: finish that one alone.
      const ms = this.store.scan({
        ...this.scan,
        from: this.from,
        to: this.from + 1,
        order: 'oldest',
        limit: this.seenAtFrom.size + PAGE,
      });
      const rest = this.take(ms.flows);
      if (!ms.truncated) {
        this.from += 1;
        this.seenAtFrom = new Set();
      }
      if (rest.length > 0) return rest;
    }
    return [];
  }

  private take(flows: FlowRecord[]): FlowRecord[] {
    const out: FlowRecord[] = [];
    for (const rec of flows) {
      if (rec.ts === this.from && this.seenAtFrom.has(rec.id)) continue;
      if (rec.ts !== this.from) {
        this.from = rec.ts;
        this.seenAtFrom = new Set();
      }
      this.seenAtFrom.add(rec.id);
      out.push(rec);
    }
    return out;
  }
}

export function exportStream(
  store: FlowReader,
  scan: Omit<FlowScan, 'order' | 'limit'>,
): ReadableStream<Uint8Array> {
  // Every stored event, as Hubble sent it: both events of a paired drop are written, so an
  // import of the file pairs them again.
  const cursor = new ExportCursor(store, { rows: 'events', ...scan });
  return new ReadableStream<Uint8Array>(
    {
      // Each pull must enqueue or close: a pull that does neither stalls the stream.
      pull(controller) {
        const flows = cursor.next();
        if (flows.length > 0) {
          controller.enqueue(encoder.encode(flows.map(flowRecordToJsonLine).join('\n') + '\n'));
        }
        if (cursor.done && flows.length === 0) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}
