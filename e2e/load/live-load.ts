// Many live clients on GET /api/flows/stream at once, some reading and some never reading,
// while /metrics is sampled. Shared by the slow-clients end-to-end test and
// `npm run bench:faults`, so both put the same load on the server.
//
// The clients are plain HTTP/1.1 requests over node:http, one socket each. They stand in
// for browsers' EventSource, which is what the flow list uses: a browser opens at most six
// connections per origin, so two hundred EventSources would need two hundred browsers. On
// the wire an EventSource is exactly this: a GET with `accept: text/event-stream` whose
// body is read as it arrives.
import http from 'node:http';

/**
 * The load both the end-to-end test and the bench put on the server: 200 live clients, 50
 * of which never read, against a relay sending 1,000 flows a second. At about 1.7 kB of
 * JSON a flow that is 1.7 MB/s to each reader; a stalled client has its pipe full (the
 * kernel's socket buffers, a few MB) and its 5,000-flow queue overflowing within about ten
 * seconds, and then stays stalled for the rest of the loaded stage.
 */
export const SLOW_CLIENTS = {
  readers: 150,
  stalled: 50,
  warmUpMs: 2_000,
  baselineMs: 5_000,
  loadedMs: 25_000,
  flowsPerSecond: 1_000,
} as const;

export interface LiveLoadOptions {
  /** e.g. http://127.0.0.1:3111 */
  baseUrl: string;
  /** Clients that read their stream as fast as it comes. */
  readers: number;
  /** Clients that send the request and then never read (a frozen tab, a stuck proxy). */
  stalled: number;
  /** The readers alone, not measured: connections settle, the server's code warms up. */
  warmUpMs?: number;
  /** The readers alone, before the stalled clients connect: the delay to compare with. */
  baselineMs: number;
  /** How long the stalled clients stay connected without reading. */
  loadedMs: number;
  /** How long a stalled client that starts reading may take to be told it fell behind. */
  catchUpTimeoutMs?: number;
  /** `hubble observe` flags for the stream, as the flow list sends them. */
  query?: string;
  sampleMs?: number;
}

export interface MemorySample {
  /** Milliseconds since the load began. */
  at: number;
  stage: 'idle' | 'warm-up' | 'baseline' | 'loaded' | 'catch-up';
  rss: number;
  heapUsed: number;
  external: number;
  liveClients: number;
  liveFlowsDropped: number;
}

export interface ReaderResult {
  flows: number;
  bytes: number;
  resyncs: number;
  /** Flows received in each of `slices` equal parts of the loaded stage. */
  flowsPerSlice: number[];
  error?: string;
}

export interface StalledResult {
  /** Flows already in the pipe when it started reading, received before the resync. */
  flowsBeforeResync: number;
  bytesBeforeResync: number;
  /** The `missed` count of the resync event; undefined when none came. */
  missed?: number;
  /** Flows received after the resync: it carries on live. */
  flowsAfterResync: number;
  error?: string;
}

export interface DelayFigures {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LiveLoadResult {
  readers: ReaderResult[];
  stalled: StalledResult[];
  memory: MemorySample[];
  /** Flow time to receipt by the readers, readers alone and with the stalled clients on. */
  delay: { baseline: DelayFigures; loaded: DelayFigures };
  slices: number;
  /** When the stalled clients were all connected, in the samples' `at` time. */
  loadedAt: number;
}

/** Unlabelled samples of Flowscope's Prometheus text, by metric name. */
export async function readMetrics(baseUrl: string): Promise<Record<string, number>> {
  // A keep-alive connection the server closed just as it was reused fails at once; asked
  // again on a fresh one, as a scraper's next scrape would. A server that is down fails both.
  const res = await fetch(`${baseUrl}/metrics`).catch(async (err: unknown) => {
    if (!(err instanceof TypeError)) throw err;
    await new Promise((resolve) => setTimeout(resolve, 200));
    return fetch(`${baseUrl}/metrics`);
  });
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  const out: Record<string, number> = {};
  for (const line of (await res.text()).split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*) (-?[\d.e+]+)$/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** Milliseconds of delay in 1 ms buckets up to a minute; the last bucket holds the rest. */
class DelayHistogram {
  private readonly buckets = new Uint32Array(60_001);
  private n = 0;
  private max = 0;

  add(ms: number): void {
    const b = Math.min(this.buckets.length - 1, Math.max(0, Math.round(ms)));
    this.buckets[b]! += 1;
    this.n += 1;
    if (ms > this.max) this.max = ms;
  }

  figures(): DelayFigures {
    const at = (q: number): number => {
      const target = Math.ceil(q * this.n);
      let seen = 0;
      for (let i = 0; i < this.buckets.length; i += 1) {
        seen += this.buckets[i]!;
        if (seen >= target) return i;
      }
      return this.buckets.length - 1;
    };
    if (this.n === 0) return { count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 };
    return { count: this.n, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: Math.round(this.max) };
  }
}

const DELIMITER = Buffer.from('\n\n');
const FLOWS_PREFIX = Buffer.from('data: {"kind":"flows"');
const RESYNC_PREFIX = Buffer.from('data: {"kind":"resync"');
/** Each FlowRecord has exactly one top-level `ts` (flow time in epoch ms); inside JSON
 * strings every quote is escaped, so this byte sequence cannot occur anywhere else. */
const TS_KEY = Buffer.from(',"ts":');

interface StreamHandlers {
  /** Flow times (epoch ms) of one `flows` event, and when it was read. */
  flows(times: number[], at: number): void;
  resync(missed: number): void;
}

/** Splits a server-sent-events body into events without decoding whole batches. */
class SseParser {
  /** The start of an event whose end has not arrived yet. */
  private parts: Buffer[] = [];
  bytes = 0;

  constructor(private readonly on: StreamHandlers) {}

  push(chunk: Buffer): void {
    const at = Date.now();
    this.bytes += chunk.length;
    let start = 0;
    const last = this.parts.at(-1);
    if (last && last[last.length - 1] === 0x0a && chunk[0] === 0x0a) {
      // The blank line that ends the event was split between two chunks.
      const block = Buffer.concat(this.parts);
      this.parts = [];
      this.event(block.subarray(0, block.length - 1), at);
      start = 1;
    }
    for (;;) {
      const end = chunk.indexOf(DELIMITER, start);
      if (end < 0) break;
      const piece = chunk.subarray(start, end);
      const block = this.parts.length > 0 ? Buffer.concat([...this.parts, piece]) : piece;
      this.parts = [];
      this.event(block, at);
      start = end + DELIMITER.length;
    }
    if (start < chunk.length) this.parts.push(chunk.subarray(start));
  }

  private event(block: Buffer, at: number): void {
    if (startsWith(block, FLOWS_PREFIX)) {
      const times: number[] = [];
      let i = block.indexOf(TS_KEY);
      while (i >= 0) {
        let j = i + TS_KEY.length;
        let ts = 0;
        for (let c = block[j]; c !== undefined && c >= 48 && c <= 57; c = block[++j]) {
          ts = ts * 10 + (c - 48);
        }
        times.push(ts);
        i = block.indexOf(TS_KEY, j);
      }
      this.on.flows(times, at);
    } else if (startsWith(block, RESYNC_PREFIX)) {
      const event = JSON.parse(block.subarray(6).toString('utf8')) as { missed: number };
      this.on.resync(event.missed);
    }
  }
}

function startsWith(buf: Buffer, prefix: Buffer): boolean {
  return (
    buf.length >= prefix.length && buf.compare(prefix, 0, prefix.length, 0, prefix.length) === 0
  );
}

/** One live client: the request, its response once the headers came, and its parser. */
class LiveClient {
  res: http.IncomingMessage | undefined;
  error: string | undefined;
  readonly connected: Promise<void>;
  private readonly req: http.ClientRequest;

  constructor(
    url: string,
    agent: http.Agent,
    readonly parser: SseParser,
    stalled: boolean,
  ) {
    this.req = http.get(url, { agent, headers: { accept: 'text/event-stream' } });
    this.connected = new Promise<void>((resolve, reject) => {
      this.req.once('response', (res) => {
        this.res = res;
        if (stalled) res.pause();
        else this.read();
        if (res.statusCode !== 200) reject(new Error(`stream answered ${res.statusCode}`));
        else resolve();
      });
      this.req.once('error', (err) => {
        this.error ??= err.message;
        reject(err);
      });
    });
    // The promise is awaited by the caller; this only keeps an early failure from being
    // reported as unhandled before then.
    this.connected.catch(() => undefined);
  }

  /** Reads from now on: a stalled client coming back. */
  read(): void {
    const res = this.res;
    if (!res) return;
    res.on('data', (chunk: Buffer) => this.parser.push(chunk));
    res.once('end', () => (this.error ??= 'the server ended the stream'));
    res.once('error', (err) => (this.error ??= err.message));
    res.resume();
  }

  close(): void {
    this.req.destroy();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Connects the readers and lets them run alone (`warmUpMs`, then `baselineMs`), connects
 * the stalled clients and keeps everyone connected for `loadedMs`, then has each stalled
 * client start reading until it is told it fell behind. /metrics is sampled throughout.
 */
export async function runLiveLoad(opts: LiveLoadOptions): Promise<LiveLoadResult> {
  const slices = 5;
  const sampleMs = opts.sampleMs ?? 1000;
  const url = `${opts.baseUrl}/api/flows/stream${opts.query ? `?q=${encodeURIComponent(opts.query)}` : ''}`;
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const started = Date.now();
  let stage: MemorySample['stage'] = 'idle';
  let loadedFrom = Infinity;
  const sliceOf = (at: number): number => Math.floor(((at - loadedFrom) / opts.loadedMs) * slices);

  const memory: MemorySample[] = [];
  const sample = async (): Promise<void> => {
    const m = await readMetrics(opts.baseUrl);
    memory.push({
      at: Date.now() - started,
      stage,
      rss: m['process_resident_memory_bytes'] ?? NaN,
      heapUsed: m['nodejs_heap_size_used_bytes'] ?? NaN,
      external: m['nodejs_external_memory_bytes'] ?? NaN,
      liveClients: m['flowscope_live_clients'] ?? NaN,
      liveFlowsDropped: m['flowscope_live_flows_dropped_total'] ?? NaN,
    });
  };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sample().catch(() => undefined);
      await sleep(sampleMs);
    }
  })();

  const delays = { baseline: new DelayHistogram(), loaded: new DelayHistogram() };
  const readers: ReaderResult[] = [];
  const clients: LiveClient[] = [];
  try {
    for (let i = 0; i < opts.readers; i += 1) {
      const r: ReaderResult = {
        flows: 0,
        bytes: 0,
        resyncs: 0,
        flowsPerSlice: new Array<number>(slices).fill(0),
      };
      readers.push(r);
      const parser = new SseParser({
        flows(times, at) {
          r.flows += times.length;
          const hist = stage === 'baseline' ? delays.baseline : delays.loaded;
          if (stage === 'baseline' || stage === 'loaded') for (const ts of times) hist.add(at - ts);
          const s = sliceOf(at);
          if (s >= 0 && s < slices) r.flowsPerSlice[s]! += times.length;
        },
        resync() {
          r.resyncs += 1;
        },
      });
      clients.push(new LiveClient(url, agent, parser, false));
    }
    await Promise.all(clients.map((c) => c.connected));
    await sample();
    stage = 'warm-up';
    await sleep(opts.warmUpMs ?? 0);
    stage = 'baseline';
    await sleep(opts.baselineMs);

    const stalledResults: StalledResult[] = [];
    const stalledClients: LiveClient[] = [];
    const resynced: Promise<void>[] = [];
    for (let i = 0; i < opts.stalled; i += 1) {
      const s: StalledResult = { flowsBeforeResync: 0, bytesBeforeResync: 0, flowsAfterResync: 0 };
      stalledResults.push(s);
      let told: () => void = () => undefined;
      resynced.push(new Promise<void>((resolve) => (told = resolve)));
      const parser: SseParser = new SseParser({
        flows(times) {
          if (s.missed === undefined) s.flowsBeforeResync += times.length;
          else {
            s.flowsAfterResync += times.length;
            told();
          }
        },
        resync(missed) {
          if (s.missed !== undefined) return;
          s.missed = missed;
          s.bytesBeforeResync = parser.bytes;
        },
      });
      const client = new LiveClient(url, agent, parser, true);
      stalledClients.push(client);
      clients.push(client);
    }
    await Promise.all(stalledClients.map((c) => c.connected));
    stage = 'loaded';
    loadedFrom = Date.now();
    await sleep(opts.loadedMs);

    stage = 'catch-up';
    for (const c of stalledClients) c.read();
    const timeout = opts.catchUpTimeoutMs ?? 30_000;
    await Promise.race([Promise.all(resynced), sleep(timeout)]);
    await sample();
    stalledClients.forEach((c, i) => {
      const s = stalledResults[i]!;
      if (c.error) s.error = c.error;
      else if (s.missed === undefined) s.error = `no resync within ${timeout} ms of reading`;
    });
    clients.slice(0, opts.readers).forEach((c, i) => {
      readers[i]!.bytes = c.parser.bytes;
      if (c.error) readers[i]!.error = c.error;
    });
    return {
      readers,
      stalled: stalledResults,
      memory,
      delay: { baseline: delays.baseline.figures(), loaded: delays.loaded.figures() },
      slices,
      loadedAt: loadedFrom - started,
    };
  } finally {
    sampling = false;
    for (const c of clients) c.close();
    agent.destroy();
    await sampler;
  }
}

/** The highest resident memory of a stage, and of everything. */
export function peakRss(memory: MemorySample[], stage?: MemorySample['stage']): number {
  return Math.max(...memory.filter((m) => !stage || m.stage === stage).map((m) => m.rss));
}
