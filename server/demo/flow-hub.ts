// The agents' side of the demo: one ring per node plus what the relay reports about them.
// Kept apart from the gRPC server so a restarted relay can take over the same rings, as a
// real relay restart leaves the agents' buffers intact.
import 'server-only';
import { LostEventSource, type Flow } from '@/proto/gen/flow/flow_pb';
import { timestampToNs, toFlowRecord } from '@/server/ingest/to-flow-record';
import { NodeRing } from './ring';

export const DEFAULT_RING_CAPACITY = 4095;
const NAMESPACE_WINDOW_MS = 60 * 60 * 1000;

type Listener = () => void;

/** Events an agent reported lost, as its next LostEvent tells following readers. */
export interface LostReport {
  /** Increasing number, so each stream sends every report once. */
  seq: number;
  node: string;
  source: LostEventSource;
  count: number;
  /** Times of the first and last lost event (ns), when the agent knows them. */
  firstNs?: bigint;
  lastNs?: bigint;
}

/** Reports kept for streams that have not sent them yet. */
const LOST_REPORTS_KEPT = 256;

export class FlowHub {
  readonly rings = new Map<string, NodeRing>();
  /** `cluster \0 namespace` → last time (ms) a flow touched it. */
  private readonly namespaceSeen = new Map<string, number>();
  private readonly listeners = new Set<Listener>();
  /** Nodes the relay cannot reach: their agents keep recording, nobody reads them. */
  readonly unavailable = new Set<string>();
  /** Bumped on every availability change, so streams notice one cheaply. */
  availabilityVersion = 0;
  private readonly lost: LostReport[] = [];
  private lostSeq = 0;

  constructor(readonly ringCapacity = DEFAULT_RING_CAPACITY) {}

  /** Makes a node unreachable for the relay, or reachable again; wakes following streams. */
  setAvailable(node: string, available: boolean): void {
    if (available === !this.unavailable.has(node)) return;
    if (available) this.unavailable.delete(node);
    else this.unavailable.add(node);
    this.availabilityVersion += 1;
    this.notify();
  }

  /** An agent's lost events, sent to every following stream as a LostEvent. */
  reportLost(report: Omit<LostReport, 'seq' | 'source'> & { source?: LostEventSource }): void {
    this.lostSeq += 1;
    this.lost.push({
      source: LostEventSource.PERF_EVENT_RING_BUFFER,
      ...report,
      seq: this.lostSeq,
    });
    if (this.lost.length > LOST_REPORTS_KEPT) this.lost.shift();
    this.notify();
  }

  /** Sequence number of the newest lost report (0: none yet). */
  get lostReportSeq(): number {
    return this.lostSeq;
  }

  /** Lost reports newer than `seq`, oldest first. */
  lostReportsAfter(seq: number): LostReport[] {
    return this.lost.filter((r) => r.seq > seq);
  }

  ensureNode(name: string, nowMs = Date.now()): NodeRing {
    let ring = this.rings.get(name);
    if (!ring) {
      ring = new NodeRing(name, this.ringCapacity, nowMs);
      this.rings.set(name, ring);
    }
    return ring;
  }

  nodeNames(): string[] {
    return [...this.rings.keys()];
  }

  /** Stores flows in their node's ring (by flow.node_name) and wakes following streams. */
  append(flows: readonly Flow[]): void {
    if (flows.length === 0) return;
    for (const flow of flows) {
      const ring = this.ensureNode(flow.nodeName);
      const rec = toFlowRecord(flow);
      ring.push({ flow, rec, ns: timestampToNs(flow.time) });
      const cluster = clusterOf(flow.nodeName);
      for (const ep of [flow.source, flow.destination]) {
        if (!ep?.namespace) continue;
        const key = `${ep.clusterName || cluster}\0${ep.namespace}`;
        const prev = this.namespaceSeen.get(key) ?? 0;
        if (rec.ts > prev) this.namespaceSeen.set(key, rec.ts);
      }
    }
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  onAppend(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  totalFlows(): number {
    let n = 0;
    for (const ring of this.rings.values()) n += ring.size;
    return n;
  }

  /** Namespaces with flows in the last hour, sorted by cluster then namespace. */
  namespaces(nowMs = Date.now()): { cluster: string; namespace: string }[] {
    const out: { cluster: string; namespace: string }[] = [];
    for (const [key, seen] of this.namespaceSeen) {
      if (nowMs - seen > NAMESPACE_WINDOW_MS) continue;
      const [cluster = '', namespace = ''] = key.split('\0');
      out.push({ cluster, namespace });
    }
    return out.sort((a, b) =>
      a.cluster === b.cluster
        ? a.namespace.localeCompare(b.namespace)
        : a.cluster.localeCompare(b.cluster),
    );
  }

  /** Flows per second over the last minute, as an agent reports flows_rate. */
  flowsRate(nowMs = Date.now()): number {
    const fromNs = BigInt(nowMs - 60_000) * 1_000_000n;
    let n = 0;
    for (const ring of this.rings.values()) n += ring.endSeq - ring.seqAtOrAfter(fromNs);
    return n / 60;
  }
}

/** Cluster part of a `<cluster>/<node>` name; plain names (older agents, cluster "default") carry none. */
export function clusterOf(nodeName: string): string {
  const slash = nodeName.indexOf('/');
  return slash > 0 ? nodeName.slice(0, slash) : '';
}
