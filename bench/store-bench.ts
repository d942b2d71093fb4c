// Store figures on 1,000,000 generated flows over 2 hours: append rate, memory per retained
// flow, 1-hour map and timeline query time, lookup by id. Run alone with
//   node --expose-gc --import tsx bench/store-bench.ts
import { performance } from 'node:perf_hooks';
import { openFlowStore, type FlowStore } from '@/server/store/flow-store';
import { FlowGenerator } from './flow-generator';

const FLOWS = 1_000_000;
const SPAN_MS = 2 * 3_600_000;
const START = Date.UTC(2025, 0, 1, 10, 0, 0);
const BATCH = 20_000;

export interface StoreFigures {
  bytes_per_flow: number;
  map_query_ms: number;
  timeline_query_ms: number;
  flow_lookup_ms: number;
  store_append_flows_per_s: number;
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

function heap(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function timeRuns(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function fill(store: FlowStore, ids: string[]): Promise<number> {
  const gen = new FlowGenerator({ flows: FLOWS, start: START, spanMs: SPAN_MS });
  let appendMs = 0;
  for (let batch = gen.batch(BATCH); batch.length > 0; batch = gen.batch(BATCH)) {
    if (ids.length < 1000) ids.push(batch[0]!.id);
    else ids[Math.floor(Math.random() * ids.length)] = batch[batch.length >> 1]!.id;
    const t = performance.now();
    for (const rec of batch) store.append(rec);
    appendMs += performance.now() - t;
  }
  return appendMs;
}

export async function benchStore(): Promise<StoreFigures> {
  gc();
  const before = heap();
  const store = await openFlowStore({
    limits: { maxFlows: FLOWS, maxBytes: 2 ** 40, maxAgeMs: 24 * 3_600_000 },
  });
  const ids: string[] = [];
  const appendMs = await fill(store, ids);
  gc();
  const retained = store.stats().flows;
  const bytesPerFlow = (heap() - before) / retained;
  const window = { from: START + SPAN_MS / 2, to: START + SPAN_MS };
  const mapMs = timeRuns(7, () => store.serviceMap(window));
  const timelineMs = timeRuns(7, () => store.timeline({ ...window, breakdown: 'policy' }));
  let k = 0;
  const lookupMs = timeRuns(101, () => {
    if (!store.get(ids[k++ % ids.length]!)) throw new Error('lookup missed');
  });
  await store.close();
  return {
    bytes_per_flow: Math.round(bytesPerFlow),
    map_query_ms: +mapMs.toFixed(2),
    timeline_query_ms: +timelineMs.toFixed(2),
    flow_lookup_ms: +lookupMs.toFixed(4),
    store_append_flows_per_s: Math.round(FLOWS / (appendMs / 1000)),
  };
}

if (require.main === module) {
  benchStore()
    .then((f) => console.log(JSON.stringify(f, null, 2)))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
