// Flows per second the staged tracker evaluates: the demo scenario's flows fed to a tracker
// with one staged draft (the demo policies, the backend's API closed to the frontend).
// Usage: node --import tsx scripts/bench-staged.ts [seconds of scenario, default 120]
import { performance } from 'node:perf_hooks';
import { scenarioFlows } from '@/server/demo/scenario/test-scenario';
import { toFlowRecord } from '@/server/ingest/to-flow-record';
import { StagedTracker } from '@/server/lab/staged-tracker';
import { backendOnlyFrom, draft, testStagedSource } from '@/testing/staged-sets';

const seconds = Math.min(Number(process.argv[2] ?? 120), 3600);
const flows = scenarioFlows({
  startNs: 1_700_000_000_000_000_000n,
  seconds,
  seed: 7,
  flowsPerSecond: 200,
})
  .map((f) => toFlowRecord(f))
  .filter((r) => r !== undefined);
const source = testStagedSource([
  { draft: draft('bench', 'bench'), policies: backendOnlyFrom('storefront') },
]);
async function main(): Promise<void> {
  const tracker = new StagedTracker({ source: () => source, flushMs: 0 });
  await tracker.start();
  const t0 = performance.now();
  for (const f of flows) tracker.observe(f);
  const ms = performance.now() - t0;
  const t = tracker.tracking('bench');
  console.log(
    JSON.stringify({
      flows: flows.length,
      decisionFlows: t?.evaluated,
      tuples: t?.tuples.length,
      wouldDeny: t?.tuples.reduce((n, x) => n + x.count, 0),
      ms: Math.round(ms),
      flowsPerSecond: Math.round(flows.length / (ms / 1000)),
    }),
  );
  for (const x of t?.tuples ?? []) console.log(x.source, '->', x.destination, x.port, x.count);
}

void main();
