// 200 live clients at once, 50 of which never read: the server's memory stays bounded, the
// clients that read keep receiving flows, and a client that fell too far behind is told
// how much it missed (a resync) instead of being sent an ever-growing backlog.
//
// Against the production server reading a demo relay in its own process, over real HTTP
// (see live-load.ts for why the clients are HTTP requests standing in for EventSource).
import { expect, test } from '@playwright/test';
import { SLOW_CLIENTS, peakRss, readMetrics, runLiveLoad } from './live-load';
import type { LiveLoadResult } from './live-load';
import { E2E } from '../ports';
import { RelayProcess } from '../relay-process';

const base = `http://127.0.0.1:${E2E.relayApp}`;
const MiB = 1024 * 1024;

/**
 * Resident memory may grow by this much over the idle server. What the server may hold
 * for the load: per stalled client its transport's high-water mark (256 KiB), one batch
 * and the chunk its socket is writing (about 0.35 MB each at 1,000 flows/s), so about
 * 50 MB for 50; plus the garbage of serving 150 readers 1.7 MB/s each, which V8 lets pile
 * up to a few hundred MB between collections. Buffering for the stalled clients instead
 * would add 50 x 1.7 MB/s = 85 MB/s: over 2 GB in the loaded stage.
 */
const MAX_GROWTH = 512 * MiB;
/**
 * Once every stalled client has been cut over, memory must stop growing: between the two
 * halves of what remains of the loaded stage (about 8 s apart) it may move by garbage
 * collection and warm-up, not by 85 MB/s.
 */
const MAX_LATER_GROWTH = 256 * MiB;

function describeRun(r: LiveLoadResult): string {
  const mb = (n: number) => `${Math.round(n / 1e6)} MB`;
  const readerBytes = r.readers.reduce((a, x) => a + x.bytes, 0) / r.readers.length;
  return [
    `rss idle ${mb(r.memory[0]!.rss)}, peak ${mb(peakRss(r.memory))}`,
    `reader delay (flow time to receipt) alone p50 ${r.delay.baseline.p50Ms} ms p99 ${r.delay.baseline.p99Ms} ms;` +
      ` with the stalled clients p50 ${r.delay.loaded.p50Ms} ms p99 ${r.delay.loaded.p99Ms} ms`,
    `each reader received ${r.readers[0]?.flows} flows (${mb(readerBytes)})`,
    `stalled clients: ${r.stalled[0]?.flowsBeforeResync} flows already in the pipe, then resync missed=${r.stalled[0]?.missed}`,
  ].join('\n');
}

test('200 live clients, 50 never reading: bounded memory, the readers keep up, the stalled resync', async () => {
  test.setTimeout(180_000);
  const relay = new RelayProcess(E2E.relay);
  await relay.start(3, 0, SLOW_CLIENTS.flowsPerSecond);
  try {
    // Connected, and flows arriving at the relay's rate.
    await expect.poll(async () => (await readMetrics(base))['flowscope_relay_connected']).toBe(1);
    const before = (await readMetrics(base))['flowscope_flows_ingested_total']!;
    await expect
      .poll(async () => (await readMetrics(base))['flowscope_flows_ingested_total']! - before)
      .toBeGreaterThan(1000);

    const r = await runLiveLoad({ baseUrl: base, ...SLOW_CLIENTS });
    console.log(describeRun(r));

    // Every reader kept receiving flows in each fifth of the loaded stage, never a resync.
    for (const [i, reader] of r.readers.entries()) {
      expect(reader.error, `reader ${i}`).toBeUndefined();
      expect(reader.resyncs, `reader ${i} resyncs`).toBe(0);
      for (const [s, n] of reader.flowsPerSlice.entries()) {
        expect(
          n,
          `reader ${i}, flows in part ${s + 1}/${r.slices} of the loaded stage`,
        ).toBeGreaterThan(0);
      }
    }

    // Each stalled client, reading at last, gets what was already in its pipe, then a
    // resync saying how much it missed, then live flows again. An unbounded server would
    // send it everything it missed and never a resync.
    for (const [i, s] of r.stalled.entries()) {
      expect(s.error, `stalled client ${i}`).toBeUndefined();
      expect(s.missed, `stalled client ${i} missed`).toBeGreaterThan(0);
      expect(s.flowsBeforeResync, `stalled client ${i}: backlog against missed`).toBeLessThan(
        s.missed!,
      );
      expect(s.flowsAfterResync, `stalled client ${i} after its resync`).toBeGreaterThan(0);
    }

    // Memory: bounded, and flat once the stalled clients were cut over.
    const idle = r.memory[0]!.rss;
    expect(peakRss(r.memory) - idle).toBeLessThan(MAX_GROWTH);
    const cutOver = r.memory.filter((m) => m.stage === 'loaded' && m.liveFlowsDropped > 0);
    expect(
      cutOver.length,
      'samples after the stalled clients were cut over',
    ).toBeGreaterThanOrEqual(4);
    const half = Math.floor(cutOver.length / 2);
    const earlier = peakRss(cutOver.slice(0, half));
    const later = peakRss(cutOver.slice(half));
    console.log(
      `rss after cut-over: ${Math.round(earlier / 1e6)} MB, then ${Math.round(later / 1e6)} MB`,
    );
    expect(later - earlier).toBeLessThan(MAX_LATER_GROWTH);
    // The stalled clients are still counted as connected while they do not read.
    expect(Math.max(...r.memory.map((m) => m.liveClients))).toBeGreaterThanOrEqual(
      SLOW_CLIENTS.readers + SLOW_CLIENTS.stalled,
    );
  } finally {
    await relay.stop();
  }
});
