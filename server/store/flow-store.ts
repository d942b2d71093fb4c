// The retention store's seam. Everything above it (runtime, API routes) speaks FlowRecord,
// FlowQuery and time windows only, so an external analytic database can stand behind the
// same interface for clusters that outgrow one process (see README.md).
import 'server-only';
import type { FlowEndpoint, FlowRecord } from '@/lib/api/flow-record';
import type { FlowRow } from '@/lib/api/types';
import type { FlowQuery } from '@/server/filter/filter-types';
import type { NodeInfo, NodeOptions } from '@/server/aggregate/node-identity';
import type {
  MapQuery,
  ServiceMap,
  Timeline,
  TimelineQuery,
  VerdictCounts,
} from '@/lib/api/aggregate';
import { ColumnarStore } from './columnar-store';

export interface StoreLimits {
  maxFlows: number;
  maxBytes: number;
  /** Measured back from the newest stored flow's time, not the wall clock. */
  maxAgeMs: number;
}

export interface StoreStats {
  flows: number;
  bytes: number;
  oldestTs?: number;
  newestTs?: number;
  /** Flows dropped by the limits since the store was opened. */
  evicted: number;
  limits: StoreLimits;
  persistent: boolean;
}

export interface FlowScan {
  /** Epoch ms, [from, to). */
  from: number;
  to: number;
  query?: FlowQuery;
  /** Flows with either end in any of these namespaces. */
  namespaces?: string[];
  /** Access restriction: only flows with either end in one of these namespaces (none when
   * empty). Unlike `namespaces`, a filter the user chooses, it is set from who is asking. */
  scope?: readonly string[];
  /** Flows naming this policy in any allowed-by / denied-by list. */
  policy?: { kind?: string; namespace: string; name: string };
  /** Flows with either end in this service-map node (`shop/backend`, `reserved:world`). */
  node?: string;
  /** Flows of this service-map edge (`MapEdge.id`). */
  edge?: string;
  /** Only the flows with one of these ids (the flows an impact preview changed). */
  flowIds?: ReadonlySet<string>;
  /** By arrival, which is time order up to the relay's ~1 s reordering. */
  order: 'newest' | 'oldest';
  limit: number;
  /** `decisions` (default): one row per decision, a paired drop notification rides on its
   * policy-verdict row (`paired`) and filters test that row. `events`: every stored event
   * as Hubble sent it (export, resume after restart). */
  rows?: 'decisions' | 'events';
  /** Also count every matching row of the window (`total`), not only the page. */
  total?: boolean;
}

export interface FlowScanResult {
  flows: FlowRow[];
  truncated: boolean;
  /** Set when the scan asked for it. */
  total?: number;
}

export interface EndpointQuery {
  /** Epoch ms, [from, to). */
  from: number;
  to: number;
  /** Only endpoints living in one of these namespaces. */
  namespaces?: string[];
  /** Access restriction: only endpoints living in one of these namespaces (none when empty). */
  scope?: readonly string[];
}

/** One distinct endpoint at either end of a window's flows, with its service-map node. */
export interface SeenEndpoint {
  /** As stored: labels, identity, namespace, pod and workloads; no IP, no port. */
  endpoint: FlowEndpoint;
  node: NodeInfo;
}

export interface FlowStore {
  /** Stores one event; answers the row the flow list shows for it (the decision, with its
   * partner when this event completed a pair). */
  append(rec: FlowRecord): FlowRow;
  /** The decision row of an event id (a paired drop notification answers its pair). */
  get(id: string): FlowRow | undefined;
  scan(s: FlowScan): FlowScanResult;
  serviceMap(q: MapQuery): ServiceMap;
  timeline(q: TimelineQuery): Timeline;
  /** The distinct endpoints of the window's flows, both ends, each once: as many as there
   * are distinct endpoints, however many flows the window holds. Shared objects: read only. */
  endpoints(q: EndpointQuery): SeenEndpoint[];
  stats(): StoreStats;
  /** Retained decisions by verdict, each counted once as the list, map and timeline count
   * them (a paired drop notification is not a decision of its own). */
  decisions(): VerdictCounts;
  /** Writes what is pending (when persistent) and stops timers. */
  close(): Promise<void>;
}

/** The store's reads: what answering a request needs (see server/access/route.ts). */
export type FlowReader = Pick<
  FlowStore,
  'get' | 'scan' | 'serviceMap' | 'timeline' | 'endpoints' | 'stats'
>;

export interface OpenStoreOptions {
  limits: StoreLimits;
  /** When set, history is kept in files here and loaded again on open. */
  dataDir?: string;
  mapOptions?: Partial<NodeOptions>;
  /** Rows per segment (eviction granularity); chosen from maxFlows when absent. */
  segmentRows?: number;
}

export function openFlowStore(opts: OpenStoreOptions): Promise<FlowStore> {
  return ColumnarStore.open(opts);
}
