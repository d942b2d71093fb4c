// The one client of Hubble Relay: follows GetFlows, resumes after any failure from the
// last flow time it saw without losing or repeating flows, and polls relay status.
import 'server-only';
import type { ClientReadableStream, ServiceError } from '@grpc/grpc-js';
import { create, fromBinary } from '@bufbuild/protobuf';
import { TimestampSchema } from '@bufbuild/protobuf/wkt';
import {
  GetFlowsRequestSchema,
  GetFlowsResponseSchema,
  GetNodesRequestSchema,
  ServerStatusRequestSchema,
} from '@/proto/gen/observer/observer_pb';
import type { GetFlowsRequest, GetFlowsResponse } from '@/proto/gen/observer/observer_pb';
import type { TlsConfig } from '@/server/config';
import { ObserverClient } from '@/server/grpc/observer-client';
import { log } from '@/server/log';
import { decodeFlowResponse, type DecodedResponse } from '@/server/ingest/wire-flow-decoder';
import { timestampToMs } from '@/server/ingest/to-flow-record';
import type { RelayStatus } from '@/lib/api/types';
import type { FlowRecord } from '@/lib/api/flow-record';
import { Backoff } from './backoff';
import { relayChannel } from './credentials';
import { GapLog } from './gap-log';
import { GapTracker, type OldestHeld } from './gap-tracker';
import { NodeCursors } from './node-cursors';
import { RelayError } from './relay-error';
import { RelayStatusTracker } from './relay-status';

export interface RelayClientOptions {
  address: string;
  tls?: TlsConfig;
  mode?: 'demo' | 'relay';
  /** Flows per node to fetch when first connecting (Hubble's `number`). */
  initialFlowsPerNode: number;
  reconnectInitialMs?: number;
  reconnectMaxMs: number;
  pollIntervalMs: number;
  /** How far one node's flows may arrive out of time order; a resumed stream starts this
   * much before the oldest of the nodes' newest flows. */
  resumeOverlapMs?: number;
  /** A node whose newest flow is this far behind the newest node's stops holding the
   * resume point back (default 15 minutes). */
  staleNodeMs?: number;
  /** Retry delay after an error retrying soon cannot fix, such as UNAUTHENTICATED
   * (default 60 s). */
  configurationRetryMs?: number;
  /** A relay answers a new stream at once with a node status; silence this long means it
   * hangs, and the stream is dropped and retried. */
  firstMessageTimeoutMs?: number;
  /** Receives each new flow exactly once. */
  onFlow: (rec: FlowRecord) => void;
  /** Where the time ranges that could not be recovered go (default: a log of its own). */
  gapLog?: GapLog;
}

export class RelayClient {
  readonly status: RelayStatusTracker;
  readonly gaps: GapTracker;
  private client: ObserverClient | undefined;
  private stream: ClientReadableStream<Buffer> | undefined;
  private readonly backoff: Backoff;
  private readonly cursors: NodeCursors;
  private retryTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private stopped = true;
  /** Bumped per stream so events of an abandoned stream are ignored. */
  private generation = 0;

  constructor(private readonly opts: RelayClientOptions) {
    this.status = new RelayStatusTracker(opts.mode ?? 'relay', opts.address, Boolean(opts.tls));
    this.backoff = new Backoff({
      initialMs: opts.reconnectInitialMs ?? 500,
      maxMs: opts.reconnectMaxMs,
    });
    const overlapMs = opts.resumeOverlapMs ?? 2000;
    this.cursors = new NodeCursors({
      marginNs: BigInt(overlapMs) * 1_000_000n,
      staleNodeNs: BigInt(opts.staleNodeMs ?? 15 * 60_000) * 1_000_000n,
    });
    this.gaps = new GapTracker(opts.gapLog ?? new GapLog(), {
      overlapMs,
      oldestHeld: () => this.oldestHeld(),
    });
  }

  /**
   * Continues from history Flowscope kept across its own restart (FLOWSCOPE_DATA_DIR): the
   * first stream resumes from the newest of these flows instead of fetching recent flows
   * anew, so what the relay still holds from the downtime is filled in, nothing is stored
   * twice, and what it no longer holds is marked as not recovered. `recent` is the tail of
   * the history, oldest first (a minute is plenty: it names each node's last flow and the
   * flows a resume repeats). Call before start().
   */
  continueFrom(recent: readonly FlowRecord[]): void {
    if (recent.length === 0) return;
    for (const rec of recent) {
      this.cursors.admit(rec.node, rec.id, recordTimeNs(rec));
      this.gaps.flow(rec.node, rec.ts);
    }
    this.gaps.streamDown('Flowscope was not running');
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    try {
      const channel = relayChannel(this.opts.tls, this.opts.reconnectMaxMs);
      this.client = new ObserverClient(this.opts.address, channel.credentials, channel.options);
    } catch (err) {
      // Unreadable TLS files: say so and keep trying, the files may be mounted later.
      this.scheduleReconnect(RelayError.from(err));
      return;
    }
    this.openStream();
    this.poll();
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    clearTimeout(this.retryTimer);
    clearTimeout(this.pollTimer);
    this.stream?.cancel();
    this.stream = undefined;
    this.client?.close();
    this.client = undefined;
    this.status.setState('stopped');
  }

  snapshot(): RelayStatus {
    return this.status.snapshot();
  }

  /** The request for a (re)connect: resume where the nodes stand, else recent history. */
  private request(): GetFlowsRequest {
    const sinceNs = this.cursors.resumeFrom();
    if (sinceNs === undefined) {
      return create(GetFlowsRequestSchema, {
        follow: true,
        number: BigInt(this.opts.initialFlowsPerNode),
      });
    }
    const since = create(TimestampSchema, {
      seconds: sinceNs / 1_000_000_000n,
      nanos: Number(sinceNs % 1_000_000_000n),
    });
    return create(GetFlowsRequestSchema, { follow: true, since });
  }

  private openStream(): void {
    if (this.stopped || !this.client) return;
    const generation = ++this.generation;
    const current = () => generation === this.generation && !this.stopped;
    if (this.status.snapshot().state !== 'reconnecting') this.status.setState('connecting');
    let stream: ClientReadableStream<Buffer>;
    try {
      stream = this.client.getFlows(this.request());
    } catch (err) {
      this.scheduleReconnect(RelayError.from(err));
      return;
    }
    this.stream = stream;
    let healthy = false;
    const silenceMs = this.opts.firstMessageTimeoutMs ?? 15_000;
    const watchdog = setTimeout(() => {
      if (!current() || healthy) return;
      this.scheduleReconnect(
        new RelayError(
          `the relay accepted the flow stream but sent nothing for ${silenceMs / 1000} s`,
          undefined,
        ),
      );
    }, silenceMs);
    watchdog.unref?.();
    stream.on('data', (res: Buffer) => {
      if (!current()) return;
      if (!healthy) {
        healthy = true;
        clearTimeout(watchdog);
        this.backoff.reset();
        this.status.setState('connected');
        this.gaps.streamUp();
      }
      this.handle(res);
    });
    stream.on('error', (err: ServiceError) => {
      clearTimeout(watchdog);
      if (!current()) return;
      this.scheduleReconnect(RelayError.from(err));
    });
    stream.on('end', () => {
      clearTimeout(watchdog);
      if (!current()) return;
      this.scheduleReconnect(new RelayError('the relay ended the flow stream', undefined));
    });
  }

  private handle(bytes: Buffer): void {
    let decoded: DecodedResponse;
    try {
      decoded = decodeFlowResponse(bytes);
    } catch (err) {
      this.status.countUndecodable(messageOf(err));
      return;
    }
    if (decoded.kind === 'flow') {
      const rec = decoded.record;
      if (!this.cursors.admit(rec.node, rec.id, decoded.ns)) {
        this.status.countDuplicate();
        this.gaps.flow(rec.node, rec.ts, true);
        return;
      }
      this.status.countFlow(rec.ts);
      this.gaps.flow(rec.node, rec.ts);
      this.opts.onFlow(rec);
      return;
    }
    let res: GetFlowsResponse;
    try {
      res = fromBinary(GetFlowsResponseSchema, bytes);
    } catch (err) {
      this.status.countUndecodable(messageOf(err));
      return;
    }
    const r = res.responseTypes;
    const at = timestampToMs(res.time) || Date.now();
    if (r.case === 'nodeStatus') {
      this.status.applyNodeStatus(r.value);
      this.gaps.nodeStatus(r.value.stateChange, r.value.nodeNames, r.value.message, at);
    } else if (r.case === 'lostEvents') {
      this.status.applyLostEvent(r.value);
      const ev = r.value;
      this.gaps.lostEvent(
        {
          source: ev.source,
          count: Number(ev.numEventsLost),
          first: ev.first ? timestampToMs(ev.first) : undefined,
          last: ev.last ? timestampToMs(ev.last) : undefined,
        },
        res.nodeName,
        at,
      );
    }
    // Anything else is a response kind newer than our protos: nothing to do with it.
  }

  /**
   * The time of the oldest flow each node's buffer still holds: one GetFlows with `first`
   * and `number: 1`, which a relay answers per node. Nodes that answer nothing are absent.
   */
  oldestHeld(timeoutMs = 10_000): Promise<OldestHeld> {
    const client = this.client;
    if (!client || this.stopped) return Promise.reject(new Error('the relay client is stopped'));
    return new Promise<OldestHeld>((resolve, reject) => {
      const oldest: OldestHeld = new Map();
      let call: ClientReadableStream<Buffer>;
      try {
        call = client.getFlows(create(GetFlowsRequestSchema, { first: true, number: 1n }), {
          deadline: Date.now() + timeoutMs,
        });
      } catch (err) {
        reject(RelayError.from(err));
        return;
      }
      call.on('data', (bytes: Buffer) => {
        let decoded: DecodedResponse;
        try {
          decoded = decodeFlowResponse(bytes);
        } catch {
          return; // counted on the main stream; one unreadable answer changes nothing here
        }
        if (decoded.kind !== 'flow') return;
        const { node, ts } = decoded.record;
        const prev = oldest.get(node);
        if (prev === undefined || ts < prev) oldest.set(node, ts);
      });
      call.on('error', (err: ServiceError) => reject(RelayError.from(err)));
      call.on('end', () => resolve(oldest));
    });
  }

  private scheduleReconnect(err: RelayError): void {
    if (this.stopped) return;
    this.gaps.streamDown(err.message);
    this.generation += 1;
    this.stream?.cancel();
    this.stream = undefined;
    // Credentials, permissions or a relay without the API: retrying soon cannot help, and a
    // tight loop would only flood the relay's logs. Say so and come back slowly.
    const configuration = !err.isRecoverable;
    const backoff = this.backoff.next();
    const delay = configuration
      ? Math.max(backoff, this.opts.configurationRetryMs ?? 60_000)
      : backoff;
    this.status.setState('reconnecting', {
      error: configuration ? `configuration error: ${err.message}` : err.message,
      configuration,
      nextRetryAt: Date.now() + delay,
    });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.client) {
        this.stopped = true;
        this.start();
        return;
      }
      this.openStream();
    }, delay);
    this.retryTimer.unref?.();
  }

  /** Poll failures by call, shown in the header and logged when they change, not per poll. */
  private readonly pollErrors = new Map<string, string>();

  private pollFailed(call: string, err: ServiceError | null): void {
    this.pollErrors.set(call, `${call}: ${err ? RelayError.from(err).message : 'empty answer'}`);
    this.pollChanged();
  }

  private pollSucceeded(call: string): void {
    this.pollErrors.delete(call);
    this.pollChanged();
  }

  private pollChanged(): void {
    const error = this.pollErrors.size ? [...this.pollErrors.values()].join('; ') : undefined;
    if (!this.status.setPollError(error)) return;
    if (error) log.warn('relay status poll failed', { address: this.opts.address, error });
    else log.info('relay status polls succeed again', { address: this.opts.address });
  }

  private poll(): void {
    if (this.stopped || !this.client) return;
    const deadline = Date.now() + Math.min(5000, this.opts.pollIntervalMs);
    this.client.serverStatus(create(ServerStatusRequestSchema), { deadline }, (err, res) => {
      if (err || !res) return this.pollFailed('ServerStatus', err);
      this.status.applyServerStatus(res);
      this.pollSucceeded('ServerStatus');
    });
    this.client.getNodes(create(GetNodesRequestSchema), { deadline }, (err, res) => {
      if (err || !res) return this.pollFailed('GetNodes', err);
      this.status.applyNodes(res);
      this.gaps.nodesPolled(res.nodes);
      this.pollSucceeded('GetNodes');
    });
    this.pollTimer = setTimeout(() => this.poll(), this.opts.pollIntervalMs);
    this.pollTimer.unref?.();
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A record's time in ns since the epoch: its ms plus the sub-ms digits of its RFC 3339 time. */
export function recordTimeNs(rec: FlowRecord): bigint {
  const frac = /\.(\d+)Z$/.exec(rec.time)?.[1];
  const subSecond = frac
    ? BigInt(frac.padEnd(9, '0').slice(0, 9))
    : BigInt(rec.ts % 1000) * 1_000_000n;
  return BigInt(Math.floor(rec.ts / 1000)) * 1_000_000_000n + subSecond;
}
