// The dropped edges of the /drops table: counted drops grouped by source node, destination
// node, port, protocol, deciding-policy key and drop reason (plus the L7 digest for drops
// Hubble names no policy for, since each request path may meet a different rule). Collected
// in the timeline's own pass over the rows (server/aggregate/timeline.ts), so the table
// counts exactly what the timeline counts: the same window, filter and counted rows (a drop
// notification paired with its policy-verdict event does not count, policy-pairing.ts).
//
// Then each group is attributed: the deciding policy from Hubble's own fields when the row
// named one (policy-verdict events do), "default deny" for POLICY_DENIED, and for drops
// Hubble does not attribute (POLICY_DENY drop notifications, L7 denials without a reason)
// the answer of the flow's own explanation (server/policies/explain.ts) for an example flow
// of the group. Attribution is pure: the example lookup and the explainer are passed in.
import 'server-only';
import { parseFilterText } from '@/server/filter/parse-filter-text';
import type { FlowRecord } from '@/lib/api/flow-record';
import { dropDecision, unattributed } from '@/server/policies/attribution';
import type { FlowReader } from '@/server/store/flow-store';
import { edgeIdOf } from './edge-id';
import { l7Digest, l7DigestKey, type L7Digest } from './l7-digest';
import type { MapSource, RowFacts } from './map-source';
import { rowFacts } from './map-source';
import type { Timeline, TimelineQuery } from '@/lib/api/aggregate';
import type { FlowExplanation } from '@/lib/api/policy';
import type { DropEdgeRow, DropEdgesAnswer } from '@/lib/api/decisions';

/** A timeline query that also asks for the dropped-edge groups. */
export interface DropGroupsQuery extends TimelineQuery {
  dropGroups?: boolean;
}

/** A timeline answer with the groups when they were asked for. */
export interface TimelineWithGroups extends Timeline {
  dropGroups?: DropGroup[];
}

export interface DropGroup {
  /** Service-map node ids of both ends. */
  source: string;
  destination: string;
  /** Destination port; -1 when the flow has none (ICMP). */
  port: number;
  protocol: string;
  /** The timeline's policy key: `kind/namespace/name`, `default-deny` or `reason:<REASON>`. */
  key: string;
  /** Hubble's DropReason name; '' when the flow gave none. */
  reason: string;
  /** The L7 digest key (`h GET 4xx /admin`), only for drops no policy was named for. */
  l7?: string;
  count: number;
  first: number;
  last: number;
}

export { unattributed };

/** Collects counted drops during the timeline's pass; one `add` per counted dropped row. */
export class DropGroupCollector {
  private readonly groups = new Map<string, DropGroup>();

  constructor(private readonly src: MapSource) {}

  add(edgeId: number, f: RowFacts, l7Id: number, ts: number): void {
    const digest = unattributed(f.policy) && l7Id > 0 ? this.src.l7[l7Id] : undefined;
    const l7 = digest ? l7DigestKey(digest) : undefined;
    const id = `${edgeId}|${f.policy}|${f.dropReason}|${l7 ?? ''}`;
    const g = this.groups.get(id);
    if (g) {
      g.count += 1;
      if (ts < g.first) g.first = ts;
      if (ts > g.last) g.last = ts;
      return;
    }
    const e = this.src.edges[edgeId];
    const out: DropGroup = {
      source: (e && this.src.nodes[e.source]?.id) ?? 'reserved:unknown',
      destination: (e && this.src.nodes[e.target]?.id) ?? 'reserved:unknown',
      port: e?.port ?? -1,
      protocol: e?.protocol ?? '',
      key: f.policy,
      reason: f.dropReason,
      count: 1,
      first: ts,
      last: ts,
    };
    if (l7) out.l7 = l7;
    this.groups.set(id, out);
  }

  /** Most drops first; ties by newest last-seen, then by edge text, so the order is stable. */
  result(): DropGroup[] {
    return [...this.groups.values()].sort(
      (a, b) =>
        b.count - a.count ||
        b.last - a.last ||
        edgeOf(a).localeCompare(edgeOf(b)) ||
        a.key.localeCompare(b.key) ||
        (a.l7 ?? '').localeCompare(b.l7 ?? ''),
    );
  }
}

/** The group's edge as the service map and the store's `edge` scan name it. */
export function edgeOf(g: Pick<DropGroup, 'source' | 'destination' | 'port' | 'protocol'>): string {
  return edgeIdOf(g.source, g.destination, g.port, g.protocol);
}

/** Whether a flow read back from the store is one of the group's rows. */
export function belongsTo(g: DropGroup, flow: FlowRecord): boolean {
  if (flow.verdict !== 'DROPPED') return false;
  const f = rowFacts(flow);
  if (f.policy !== g.key || f.dropReason !== g.reason) return false;
  if (!g.l7) return true;
  const d: L7Digest | undefined = l7Digest(flow.l7);
  return d !== undefined && l7DigestKey(d) === g.l7;
}

export interface AttributeDeps {
  /** A stored flow of the group (its last-seen row), or undefined when none can be read. */
  example(g: DropGroup): FlowRecord | undefined;
  explain(flow: FlowRecord): FlowExplanation;
}

export function attributeGroup(g: DropGroup, deps: AttributeDeps): DropEdgeRow {
  const flow = deps.example(g);
  const base = {
    id: `${edgeOf(g)}|${g.key}|${g.reason}|${g.l7 ?? ''}`,
    source: g.source,
    destination: g.destination,
    ...(g.port >= 0 ? { port: g.port } : {}),
    protocol: g.protocol,
    reason: g.reason,
    ...(g.l7 ? { l7: l7Text(g.l7) } : {}),
    count: g.count,
    first: g.first,
    last: g.last,
    ...(flow ? { exampleFlowId: flow.id, flowsFilter: flowsFilter(g, flow) } : {}),
  };
  return { ...base, decision: dropDecision(g.key, g.reason, flow, deps.explain) };
}

/** `h GET 4xx /admin` as `GET /admin`, `d api.example.com` as `DNS api.example.com`. */
function l7Text(key: string): string {
  if (key.startsWith('d ')) return `DNS ${key.slice(2)}`;
  const [, method = '', , ...path] = key.split(' ');
  return `${method} ${path.join(' ')}`.trim();
}

// Only plain names become flag values: flow fields are attacker-influenced, and a value the
// filter syntax could misread is better left out (the link then lists a wider set). Each
// flag is checked with the filter's own parser, so the link never opens on an error.
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._:=/-]{0,252}$/;

function pushFlag(out: string[], flag: string, value: string | number): void {
  const v = String(value);
  const text = `--${flag} ${v}`;
  if (SAFE.test(v) && parseFilterText(text).ok) out.push(text);
}

function endFlags(
  side: 'from' | 'to',
  node: string,
  ep: FlowRecord['source'],
  out: string[],
): void {
  if (node.startsWith('reserved:world:')) {
    pushFlag(out, `${side}-fqdn`, node.slice('reserved:world:'.length));
    return;
  }
  if (node.startsWith('reserved:')) {
    if (ep.identity) pushFlag(out, `${side}-identity`, ep.identity);
    return;
  }
  const slash = node.indexOf('/');
  const ns = node.slice(0, slash);
  const name = node.slice(slash + 1);
  if (ep.workloads.some((w) => w.name === name)) {
    if (ns) pushFlag(out, `${side}-namespace`, ns);
    pushFlag(out, `${side}-workload`, name);
  } else if (ep.pod) {
    pushFlag(out, `${side}-pod`, `${ep.namespace}/${ep.pod}`);
  } else if (ns) {
    pushFlag(out, `${side}-namespace`, ns);
  }
}

/** `hubble observe` flags that list the group's flows on /flows. */
export function flowsFilter(g: DropGroup, flow: FlowRecord): string {
  const out = ['--verdict DROPPED'];
  endFlags('from', g.source, flow.source, out);
  endFlags('to', g.destination, flow.destination, out);
  if (g.port >= 0) pushFlag(out, 'to-port', g.port);
  if (g.protocol) pushFlag(out, 'protocol', g.protocol.toLowerCase());
  if (g.reason) pushFlag(out, 'drop-reason-desc', g.reason);
  return out.join(' ');
}

/** Rows in one answer; the rest are counted in `omitted` / `omittedCount`. */
export const MAX_DROP_EDGE_ROWS = 500;
/** Flows read to find a group's example in its last-seen millisecond. */
const EXAMPLE_SCAN = 64;

/** The /drops table for a timeline query, read through `flows` (the viewer-scoped reader);
 * `explain` is the flow explanation (server/policies/explain.ts) over the policies in force. */
export function dropEdges(
  flows: Pick<FlowReader, 'timeline' | 'scan'>,
  q: TimelineQuery,
  explain: (flow: FlowRecord) => FlowExplanation,
  maxRows = MAX_DROP_EDGE_ROWS,
): DropEdgesAnswer {
  const t = flows.timeline({ ...q, dropGroups: true } as DropGroupsQuery) as TimelineWithGroups;
  const groups = t.dropGroups ?? [];
  const total = (t.verdicts.dropped ?? []).reduce((sum, n) => sum + n, 0);
  const shown = groups.slice(0, maxRows);
  const deps: AttributeDeps = {
    example: (g) =>
      flows
        .scan({
          from: g.last,
          to: g.last + 1,
          edge: edgeOf(g),
          order: 'newest',
          limit: EXAMPLE_SCAN,
        })
        .flows.find((f) => belongsTo(g, f)),
    explain,
  };
  return {
    window: t.window,
    total,
    rows: shown.map((g) => attributeGroup(g, deps)),
    omitted: groups.length - shown.length,
    omittedCount: groups.slice(maxRows).reduce((sum, g) => sum + g.count, 0),
  };
}
