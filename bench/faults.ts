// `npm run bench:faults`: Flowscope's reliability figures, measured on the production server
// (`next start` of the existing build) reading a demo relay in a process of its own:
//
// 1. relay restarts: the relay is restarted RESTARTS times while its agents keep their rings
//    (bench/relay-host.ts), behaving as Hubble Relay does (the demo relay's fault mode): the
//    old relay serves on for a grace period after SIGTERM, the new one dials the nodes one by
//    one, its sort buffer drains only when full or quiet, one node runs behind, and restarts
//    come 1 to 6 s apart. Then every flow the agents still hold is compared with what
//    Flowscope stored (its NDJSON export): missing and duplicated ids.
// 2. slow clients: 200 live clients, 50 of which never read (e2e/load/live-load.ts, the
//    same load as the end-to-end test): peak server memory and the readers' delay.
// 3. malformed requests: the fuzzing test's requests (e2e/security/fuzz-routes.ts),
//    PER_ROUTE for every route: how many answers were 5xx.
//
// Prints a table and writes bench/results/faults.json. Needs `npm run build` first.
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { SLOW_CLIENTS, peakRss, readMetrics, runLiveLoad } from '@/e2e/load/live-load';
import { FUZZ_TARGETS, NO_ANSWER, isForeign, violation } from '@/e2e/security/fuzz-routes';
import { PER_ROUTE, inBatches, sendWithFetch } from '@/e2e/security/fuzz-send';
import { Gen, prng } from '@/e2e/security/fuzz-values';
import type { RelayStatus } from '@/lib/api/types';
import type { RelayHostCommand, RelayHostMessage } from './relay-host';

const RESTARTS = Number(process.env.FAULTS_RESTARTS ?? 20);
/** After SIGTERM the old relay serves its open streams this long, then is killed. */
const GRACE_MS = 2000;
/** The new relay starts this long after the SIGTERM. */
const START_AFTER_MS = 1000;
/** How long each relay runs before the next restart: 1 to 6 s. */
const upMs = (i: number) => 1000 + ((i * 7) % 6) * 1000;
/** Flow generation runs on this long before the first restart and after the last. */
const BETWEEN_MS = 5000;
/** Hubble's default ring: 4,095 flows per node. */
const RING = 4095;
/** A flow this old when the run ends must have reached Flowscope (the relay's sort window
 * is 1 s; the rest is slack). */
const SETTLE_MS = 3000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** The relay host child and its replies, one command at a time. */
class RelayHost {
  private readonly child: ChildProcess;
  private waiting: ((m: RelayHostMessage) => void) | undefined;
  readonly listening: Promise<string>;

  constructor(port: number, rate: number) {
    this.child = fork(
      'bench/relay-host.ts',
      ['--port', String(port), '--rate', String(rate), '--ring', String(RING)],
      { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    this.listening = new Promise((resolve, reject) => {
      this.waiting = (m) => (m.type === 'listening' ? resolve(m.address) : reject(m));
      this.child.once('exit', (code) => reject(new Error(`relay host exited with ${code}`)));
    });
    this.child.on('message', (m: RelayHostMessage) => {
      const w = this.waiting;
      this.waiting = undefined;
      w?.(m);
    });
  }

  ask<T extends RelayHostMessage['type']>(
    cmd: RelayHostCommand,
    reply: T,
  ): Promise<Extract<RelayHostMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.waiting = (m) =>
        m.type === reply
          ? resolve(m as Extract<RelayHostMessage, { type: T }>)
          : reject(new Error(`relay host: ${JSON.stringify(m)}`));
      this.child.send(cmd);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

async function status(base: string): Promise<RelayStatus> {
  return (await (await fetch(`${base}/api/status`)).json()) as RelayStatus;
}

/** Flow ids of Flowscope's export of [from, to), read line by line as it streams. */
async function exportedIds(base: string, from: number, to: number): Promise<string[]> {
  const res = await fetch(`${base}/api/flows/export?from=${from}&to=${to}`);
  if (!res.ok || !res.body) throw new Error(`export answered ${res.status}`);
  const ids: string[] = [];
  const decoder = new TextDecoder();
  let rest = '';
  const take = (line: string) => {
    if (!line) return;
    const flow = (JSON.parse(line) as { flow?: { uuid?: string } }).flow;
    ids.push(flow?.uuid ?? '');
  };
  const reader = res.body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const lines = (rest + decoder.decode(value, { stream: true })).split('\n');
    rest = lines.pop() ?? '';
    lines.forEach(take);
  }
  take(rest);
  return ids;
}

interface RestartFigures {
  relay_restarts: number;
  relay_restarts_survived: number;
  /** Relay back up to Flowscope connected, per restart. */
  reconnect_ms: number[];
  flows_emitted: number;
  /** Flows the agents' rings still held at the end (older than the settle time). */
  flows_held: number;
  flows_stored: number;
  /** Held flows missing from Flowscope. */
  flows_lost: number;
  /** Emitted flows the rings no longer held and Flowscope never got (must be marked). */
  flows_overwritten_unseen: number;
  /** Starts of a new relay that failed (port still taken) and were retried. */
  relay_failed_starts: number;
  flows_duplicated: number;
  /** Stored ids the relay never emitted. */
  flows_unexpected: number;
  /** Re-sent flows Flowscope recognised and dropped on resuming. */
  resent_flows_dropped: number;
  /** Ranges /drops marks as not recovered over the restarts (the rings covered them: 0). */
  unrecovered_ranges_marked: number;
}

async function restartPhase(
  base: string,
  relay: RelayHost,
  started: number,
): Promise<RestartFigures> {
  const reconnectMs: number[] = [];
  let survived = 0;
  let failedStarts = 0;
  await sleep(BETWEEN_MS);
  for (let i = 0; i < RESTARTS; i += 1) {
    if (i > 0) await sleep(upMs(i));
    const before = await status(base);
    const r = await relay.ask(
      { type: 'restart', graceMs: GRACE_MS, startAfterMs: START_AFTER_MS },
      'restarted',
    );
    failedStarts += r.failedStarts;
    try {
      // Connected again on a new stream, and flows arriving on it.
      const back = await until('Flowscope to reconnect', 60_000, async () => {
        const s = await status(base);
        return s.state === 'connected' &&
          s.reconnects > before.reconnects &&
          s.flowsReceived > before.flowsReceived + 100
          ? s
          : undefined;
      });
      survived += 1;
      reconnectMs.push(Math.max(0, back.stateSince - r.upAt));
      console.log(
        `restart ${i + 1}/${RESTARTS}: new relay up ${r.upAt - r.downAt} ms after SIGTERM, Flowscope on it ${back.stateSince - r.upAt} ms later`,
      );
    } catch (e) {
      console.log(`restart ${i + 1}/${RESTARTS}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  await sleep(BETWEEN_MS);
  const cutoff = Date.now() - SETTLE_MS;
  await sleep(SETTLE_MS);
  const emitted = await relay.ask({ type: 'emitted', beforeMs: cutoff }, 'emitted');
  if (emitted.withoutUuid > 0) throw new Error('the relay emitted flows without a uuid');
  const stored = await exportedIds(base, started - 60_000, cutoff);
  const counts = new Map<string, number>();
  for (const id of stored) counts.set(id, (counts.get(id) ?? 0) + 1);
  let duplicated = 0;
  for (const n of counts.values()) duplicated += n - 1;
  const lost = emitted.held.filter((id) => !counts.has(id)).length;
  const heldSet = new Set(emitted.held);
  const overwrittenUnseen = emitted.ids.filter((id) => !heldSet.has(id) && !counts.has(id)).length;
  const emittedSet = new Set(emitted.ids);
  const unexpected = [...counts.keys()].filter((id) => !emittedSet.has(id)).length;
  const final = await status(base);
  const timeline = (await (
    await fetch(`${base}/api/timeline?from=${started}&to=${cutoff}`)
  ).json()) as { gaps: unknown[] };
  return {
    relay_restarts: RESTARTS,
    relay_restarts_survived: survived,
    reconnect_ms: reconnectMs,
    flows_emitted: emitted.ids.length,
    flows_held: emitted.held.length,
    flows_stored: stored.length,
    flows_lost: lost,
    flows_overwritten_unseen: overwrittenUnseen,
    relay_failed_starts: failedStarts,
    flows_duplicated: duplicated,
    flows_unexpected: unexpected,
    resent_flows_dropped: final.duplicatesDropped,
    unrecovered_ranges_marked: timeline.gaps.length,
  };
}

async function loadPhase(base: string) {
  const r = await runLiveLoad({ baseUrl: base, ...SLOW_CLIENTS });
  const before = r.memory[0]!.rss;
  return {
    live_clients: SLOW_CLIENTS.readers + SLOW_CLIENTS.stalled,
    live_clients_stalled: SLOW_CLIENTS.stalled,
    live_flows_per_s: SLOW_CLIENTS.flowsPerSecond,
    live_load_s: (SLOW_CLIENTS.warmUpMs + SLOW_CLIENTS.baselineMs + SLOW_CLIENTS.loadedMs) / 1000,
    server_rss_before_load_mib: Math.round(before / 2 ** 20),
    server_rss_peak_mib: Math.round(peakRss(r.memory) / 2 ** 20),
    reader_delay_p50_ms: r.delay.loaded.p50Ms,
    reader_delay_p99_ms: r.delay.loaded.p99Ms,
    reader_delay_alone_p50_ms: r.delay.baseline.p50Ms,
    reader_delay_alone_p99_ms: r.delay.baseline.p99Ms,
    reader_resyncs: r.readers.reduce((n, x) => n + x.resyncs, 0),
    reader_errors: r.readers.filter((x) => x.error).length,
    stalled_resynced: r.stalled.filter((s) => s.missed !== undefined).length,
    stalled_backlog_flows_max: Math.max(...r.stalled.map((s) => s.flowsBeforeResync)),
    stalled_missed_min: Math.min(...r.stalled.map((s) => s.missed ?? 0)),
  };
}

async function fuzzPhase(base: string) {
  let sent = 0;
  let serverErrors = 0;
  let noAnswer = 0;
  let breaches = 0;
  const examples: string[] = [];
  for (const target of FUZZ_TARGETS) {
    const g = new Gen(prng(target.seed));
    const headersOnly = target.route.kind === 'sse' || Boolean(target.route.streamed);
    await inBatches(PER_ROUTE, async () => {
      const o = await sendWithFetch(base, target.next(g), headersOnly);
      sent += 1;
      if (o.status === NO_ANSWER) noAnswer += 1;
      else if (o.status >= 500) serverErrors += 1;
      if (isForeign(target, o)) return;
      const v = violation(target.route, o);
      if (v) {
        breaches += 1;
        if (examples.length < 5)
          examples.push(`${target.name}: ${v}: ${o.status} ${o.url.slice(0, 200)}`);
      }
    });
    console.log(`fuzz ${target.name}: ${PER_ROUTE} sent`);
  }
  for (const e of examples) console.log(`  ${e}`);
  return {
    malformed_routes: FUZZ_TARGETS.length,
    malformed_requests: sent,
    malformed_5xx: serverErrors,
    malformed_no_answer: noAnswer,
    malformed_contract_breaches: breaches,
  };
}

function table(rows: [string, string][]): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}

async function main(): Promise<void> {
  if (!existsSync('.next/BUILD_ID')) {
    console.error('bench:faults measures the production build: run `npm run build` first.');
    process.exit(1);
  }
  const started = Date.now();
  const relayPort = await freePort();
  const appPort = await freePort();
  const base = `http://127.0.0.1:${appPort}`;
  const relay = new RelayHost(relayPort, SLOW_CLIENTS.flowsPerSecond);
  let server: ChildProcess | undefined;
  try {
    const address = await relay.listening;
    server = spawn('node_modules/.bin/next', ['start', '-p', String(appPort), '-H', '127.0.0.1'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        HOSTNAME: '127.0.0.1',
        HUBBLE_RELAY_ADDR: address,
        // The first connect fetches whole rings, so every flow emitted is expected.
        HUBBLE_INITIAL_FLOWS: String(RING),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await until('the server', 60_000, async () =>
      (await status(base)).state === 'connected' ? true : undefined,
    );
    console.log(`server on ${base}, relay on ${address} (${SLOW_CLIENTS.flowsPerSecond} flows/s)`);

    const phases: Record<string, number> = {};
    const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
      const t0 = Date.now();
      const figures = await run();
      phases[`phase_${name}_s`] = Math.round((Date.now() - t0) / 1000);
      console.log(JSON.stringify(figures));
      return figures;
    };
    const restarts = await timed('restarts', () => restartPhase(base, relay, started));
    const load = await timed('slow_clients', () => loadPhase(base));
    const fuzz = await timed('malformed', () => fuzzPhase(base));
    const metrics = await readMetrics(base);

    const results = {
      ...restarts,
      ...load,
      ...fuzz,
      server_rss_end_mib: Math.round((metrics['process_resident_memory_bytes'] ?? 0) / 2 ** 20),
      ...phases,
      duration_s: Math.round((Date.now() - started) / 1000),
      measured_at: new Date().toISOString(),
      machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/faults.json', JSON.stringify(results, null, 2) + '\n');
    const reconnect = restarts.reconnect_ms;
    console.log(
      '\n' +
        table([
          [
            'relay restarts survived',
            `${restarts.relay_restarts_survived} / ${restarts.relay_restarts}`,
          ],
          [
            'reconnected after the relay came back',
            reconnect.length ? `${Math.min(...reconnect)}-${Math.max(...reconnect)} ms` : '-',
          ],
          ['flows emitted by the agents', String(restarts.flows_emitted)],
          ['flows the agents still held', String(restarts.flows_held)],
          ['held flows lost', String(restarts.flows_lost)],
          ['overwritten before delivery', String(restarts.flows_overwritten_unseen)],
          ['flows duplicated', String(restarts.flows_duplicated)],
          ['time ranges marked not recovered', String(restarts.unrecovered_ranges_marked)],
          [
            `server resident memory, ${load.live_clients} live clients (${load.live_clients_stalled} never read)`,
            `${load.server_rss_before_load_mib} MiB before, ${load.server_rss_peak_mib} MiB peak`,
          ],
          [
            'reader delay p50 / p99 (alone)',
            `${load.reader_delay_p50_ms} / ${load.reader_delay_p99_ms} ms (${load.reader_delay_alone_p50_ms} / ${load.reader_delay_alone_p99_ms} ms)`,
          ],
          [
            'stalled clients told to resync',
            `${load.stalled_resynced} / ${load.live_clients_stalled}`,
          ],
          [
            'malformed requests sent',
            `${fuzz.malformed_requests} (${fuzz.malformed_routes} routes)`,
          ],
          ['5xx answers', String(fuzz.malformed_5xx)],
        ]) +
        '\n\nwritten to bench/results/faults.json',
    );
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await relay.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
