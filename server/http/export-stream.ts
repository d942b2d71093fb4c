// Streams matching flows as NDJSON in `hubble observe -o jsonpb` shape, page by page, so an
// export of millions of flows never sits in memory at once.
import 'server-only';
import type { FlowRecord } from '@/lib/api/flow-record';
import type { FlowReader, FlowScan } from '@/server/store/flow-store';
import { flowRecordToJsonLine } from '@/server/ingest/flow-json';
import type { FlowDecision } from '@/lib/api/decisions';

const PAGE = 2000;
const encoder = new TextEncoder();

const byTimeThenId = (a: FlowRecord, b: FlowRecord): number =>
  a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Walks a window oldest first in time slices. The store keeps flows in arrival order, and a
 * relay delivers them only roughly in time order (a node dialled late sends its backlog after
 * the others' newer flows; a lagging node runs behind), so paging by "the last time seen"
 * would skip some flows and repeat others. A slice instead asks for every flow whose time is
 * in [from, to), whenever it arrived: slices partition the window, so each flow is read
 * exactly once. A slice that holds more than a page is halved; one that holds little is
 * doubled for the next; a single millisecond is read whole however full.
 */
class ExportCursor {
  private from: number;
  private step = 1000;
  done = false;

  constructor(
    private readonly store: FlowReader,
    private readonly scan: Omit<FlowScan, 'order' | 'limit'>,
  ) {
    this.from = scan.from;
  }

  next(): FlowRecord[] {
    while (this.from < this.scan.to) {
      const to = Math.min(this.scan.to, this.from + this.step);
      const single = to - this.from <= 1;
      const page = this.store.scan({
        ...this.scan,
        from: this.from,
        to,
        order: 'oldest',
        limit: single ? Number.MAX_SAFE_INTEGER : PAGE,
      });
      if (page.truncated && !single) {
        this.step = Math.max(1, Math.floor((to - this.from) / 2));
        continue;
      }
      this.from = to;
      if (page.flows.length < PAGE / 4) this.step *= 2;
      if (page.flows.length > 0) return page.flows.sort(byTimeThenId);
    }
    this.done = true;
    return [];
  }
}

/**
 * One exported line: Hubble's jsonpb, plus under `flowscope` the flow's decision and who
 * named it. Readers of Hubble's shape ignore the extra key (Flowscope's import does).
 */
export function exportLine(rec: FlowRecord, decide?: (rec: FlowRecord) => FlowDecision): string {
  const line = flowRecordToJsonLine(rec);
  if (!decide) return line;
  const { source, ...decidedBy } = decide(rec);
  return `${line.slice(0, -1)},"flowscope":${JSON.stringify({ decidedBy, source })}}`;
}

export function exportStream(
  store: FlowReader,
  scan: Omit<FlowScan, 'order' | 'limit'>,
  decide?: (rec: FlowRecord) => FlowDecision,
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
          const lines = flows.map((f) => exportLine(f, decide));
          controller.enqueue(encoder.encode(lines.join('\n') + '\n'));
        }
        if (cursor.done && flows.length === 0) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}
