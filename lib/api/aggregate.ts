// Client-safe shapes of the service map and the drop timeline. JSON-safe on purpose (no
// bigint, no Map) so route handlers can return them as they are and the browser can import
// the types without pulling server code.
import type { VerdictKey } from '@/lib/api/verdict-keys';

export { VERDICT_KEYS, type VerdictKey } from '@/lib/api/verdict-keys';

export type NodeKind = 'workload' | 'reserved';

export type VerdictCounts = Record<VerdictKey, number>;

export interface MapQuery {
  /** Window in epoch ms, [from, to). */
  from: number;
  to: number;
  /** A flow is in when either end lives in one of these namespaces. */
  namespaces?: string[];
  /** Access restriction: only flows with either end in one of these namespaces (none when
   * empty). Unlike `namespaces`, a filter the user chooses, it is set from who is asking. */
  scope?: readonly string[];
  /** Hubble verdict names (FORWARDED, DROPPED, ...). */
  verdicts?: string[];
  /** A node id (`shop/backend`, `reserved:host`) or a label selector (`k8s:app=backend`);
   * a flow is in when either end matches. */
  selector?: string;
  /** Destination port. */
  port?: number;
  /** L4 protocol name as in FlowRecord (TCP, UDP, ICMPv4, ...). */
  protocol?: string;
  /** Reserved node kinds to leave out, e.g. ['host', 'health'] (`world` drops every world node). */
  excludeReserved?: string[];
  /** Bucket size for edge series; chosen from the window when absent. */
  bucketMs?: number;
  /** Include each edge's time series. Off by default: with ~10,000 edges the series are
   * most of the answer (megabytes), and the UI needs them only for edges it shows in detail
   * (narrow with `selector`/`port`) or cluster-wide (use the timeline). */
  series?: boolean;
}

export interface MapNode {
  id: string;
  kind: NodeKind;
  /** '' for reserved identities. */
  namespace: string;
  /** Workload name, or the reserved kind (`world`, `host`, ...). */
  name: string;
  /** For world nodes split by DNS name: that name. */
  dnsName?: string;
  /** Labels shared by the node's pods seen in the window (capped), `k8s:` prefix kept. */
  labels: string[];
  counts: { out: number; in: number };
}

export interface EdgeL7 {
  /** HTTP method -> count. */
  httpMethods: Record<string, number>;
  /** '2xx' | '3xx' | '4xx' | '5xx' | 'other' -> count (responses only carry a code). */
  httpStatus: Record<string, number>;
  /** Top paths with ids replaced by `:id`, highest count first, at most 10. */
  httpPaths: { path: string; count: number }[];
  /** DNS query name -> count (at most 20 kept, highest count first). */
  dnsQueries: { query: string; count: number }[];
}

export interface MapEdge {
  /** `${source}>${target}:${port}/${protocol}`. */
  id: string;
  source: string;
  target: string;
  /** Destination port; 0 when the protocol has none (ICMP). */
  port: number;
  protocol: string;
  counts: VerdictCounts & { replies: number };
  dropReasons: Record<string, number>;
  l7: EdgeL7;
  firstSeen: number;
  lastSeen: number;
  /** Non-empty buckets only, sorted: [bucketIndex, ...counts ordered as VERDICT_KEYS].
   * Sparse because most edges are quiet in most buckets. Replies are not in series.
   * Present only when the query asked for series. */
  series?: number[][];
}

export interface ServiceMap {
  window: { from: number; to: number };
  bucketMs: number;
  /** Bucket i starts at window.from + i * bucketMs. */
  buckets: number;
  nodes: MapNode[];
  edges: MapEdge[];
  totals: VerdictCounts & { replies: number; flows: number };
}

export type DropBreakdown = 'reason' | 'policy';

export interface TimelineQuery {
  from: number;
  to: number;
  namespaces?: string[];
  /** Access restriction: only flows with either end in one of these namespaces (none when
   * empty). Unlike `namespaces`, a filter the user chooses, it is set from who is asking. */
  scope?: readonly string[];
  selector?: string;
  /** How drops are split; default 'reason'. */
  breakdown?: DropBreakdown;
  bucketMs?: number;
}

export interface Timeline {
  window: { from: number; to: number };
  bucketMs: number;
  /** Bucket start times (epoch ms). */
  times: number[];
  /** Per verdict key, one count per bucket. */
  verdicts: Record<VerdictKey, number[]>;
  breakdown: DropBreakdown;
  /** Drop reason (e.g. POLICY_DENIED) or deciding policy -> one count per bucket. Policy
   * keys are `kind/namespace/name`, `default-deny` (POLICY_DENIED with no policy named), or
   * `reason:<DROP_REASON>` for other drops that name no policy. */
  drops: Record<string, number[]>;
}
