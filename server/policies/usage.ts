// How much each rule of one policy was used in a window: flows it allowed or denied (in
// total, per service-map edge and per time bucket), flows it left to default-deny, and rules
// that matched nothing. Pure: the caller supplies flows, so the work is bounded by theirs.
import 'server-only';
import type { FlowRecord } from '@/lib/api/flow-record';
import { usageBucketCount, usageBucketMs, type UsageSeries } from '@/lib/policy/series';
import { edgeIdOf } from '@/server/aggregate/edge-id';
import { DEFAULT_NODE_OPTIONS, classifyEndpoint } from '@/server/aggregate/node-identity';
import type { NodeOptions } from '@/server/aggregate/node-identity';
import { hubbleNamed } from './attribution';
import { evaluate } from './evaluate';
import type { Policy } from './model';
import type { EdgeUsage, PolicyUsage, RuleUsage } from '@/lib/api/policy';
import { EVENT_L7, EVENT_POLICY_VERDICT } from '@/lib/api/flow-record';

export type { UsageSeries };

/** Edges listed per rule; the rest are only counted (see RuleUsage.edgeCount). */
export const MAX_RULE_EDGES = 10;

export interface UsageOptions {
  /**
   * The window the flows were read from. Without it the series spans the flows' own times,
   * which leaves out the quiet start and end of the window.
   */
  window?: { from: number; to: number };
  /** The service map's workload naming, so edge ids match the map's. */
  nodeOptions?: NodeOptions;
}

/** Only decision events count, so one denied packet (verdict event + drop event) counts once. */
function isDecision(f: FlowRecord): boolean {
  return f.eventType === EVENT_POLICY_VERDICT || (f.eventType === EVENT_L7 && f.l7 !== undefined);
}

function isDefaultDenyDrop(f: FlowRecord): boolean {
  return f.verdict === 'DROPPED' && f.dropReason === 'POLICY_DENIED';
}

interface Timeline {
  from: number;
  bucketMs: number;
  buckets: number;
}

function timelineOf(flows: readonly FlowRecord[], window: UsageOptions['window']): Timeline {
  if (window) {
    const bucketMs = usageBucketMs(window.from, window.to);
    return {
      from: window.from,
      bucketMs,
      buckets: usageBucketCount(window.from, window.to, bucketMs),
    };
  }
  let min = Infinity;
  let max = -Infinity;
  for (const f of flows) {
    if (f.ts < min) min = f.ts;
    if (f.ts > max) max = f.ts;
  }
  if (min > max) return { from: 0, bucketMs: usageBucketMs(0, 1), buckets: 0 };
  const bucketMs = usageBucketMs(min, max + 1);
  // Round bucket starts, so the same flows give the same bars however they are sliced.
  const from = Math.floor(min / bucketMs) * bucketMs;
  return { from, bucketMs, buckets: usageBucketCount(from, max + 1, bucketMs) };
}

/** Per rule while counting: edges by id, and the series. */
interface Tally {
  usage: RuleUsage;
  edges: Map<string, EdgeUsage>;
}

function newTally(buckets: number): Tally {
  const series = {
    allowed: new Array<number>(buckets).fill(0),
    denied: new Array<number>(buckets).fill(0),
  };
  return {
    usage: { allowed: 0, denied: 0, reportedByHubble: 0, edges: [], edgeCount: 0, series },
    edges: new Map(),
  };
}

type EdgeKey = Omit<EdgeUsage, 'allowed' | 'denied'>;

/** The flow's edge exactly as the store keys it: endpoint nodes, destination port, protocol. */
function edgeOf(f: FlowRecord, opts: NodeOptions): EdgeKey {
  const source = classifyEndpoint(f.source, opts).id;
  const target = classifyEndpoint(f.destination, opts).id;
  const port = Math.max(0, f.destination.port ?? 0);
  return {
    id: edgeIdOf(source, target, port, f.protocol),
    source,
    target,
    port,
    protocol: f.protocol,
  };
}

function count(
  t: Tally,
  edge: EdgeKey,
  bucket: number,
  kind: 'allowed' | 'denied',
  reported: boolean,
): void {
  t.usage[kind]++;
  if (reported) t.usage.reportedByHubble++;
  let e = t.edges.get(edge.id);
  if (!e) t.edges.set(edge.id, (e = { ...edge, allowed: 0, denied: 0 }));
  e[kind]++;
  const series = t.usage.series[kind];
  if (bucket >= 0 && bucket < series.length) series[bucket]!++;
}

function topEdges(edges: Map<string, EdgeUsage>): EdgeUsage[] {
  return [...edges.values()]
    .sort((a, b) => b.allowed + b.denied - (a.allowed + a.denied) || (a.id < b.id ? -1 : 1))
    .slice(0, MAX_RULE_EDGES);
}

export function policyUsage(
  policy: Policy,
  policies: readonly Policy[],
  flows: Iterable<FlowRecord>,
  opts: UsageOptions = {},
): PolicyUsage {
  const nodeOptions = opts.nodeOptions ?? DEFAULT_NODE_OPTIONS;
  // Deduplicated first: the caller's scans may overlap, and the timeline needs the extent.
  const seen = new Set<string>();
  const decisions: FlowRecord[] = [];
  for (const f of flows) {
    if (!isDecision(f) || seen.has(f.id)) continue;
    seen.add(f.id);
    decisions.push(f);
  }
  const tl = timelineOf(decisions, opts.window);
  const tallies = new Map<string, Tally>();
  for (const r of policy.rules) tallies.set(r.id, newTally(tl.buckets));
  let defaultDenied = 0;
  for (const f of decisions) {
    const ev = evaluate(policies, f);
    const bucket = Math.floor((f.ts - tl.from) / tl.bucketMs);
    // Classifying endpoints costs a little; most default-deny candidates never need it.
    let edge: EdgeKey | undefined;
    const tally = (ruleId: string): [Tally, EdgeKey] | undefined => {
      const t = tallies.get(ruleId);
      return t ? [t, (edge ??= edgeOf(f, nodeOptions))] : undefined;
    };
    for (const ref of ev.allowedBy) {
      const hit = ref.policy === policy.id ? tally(ref.ruleId) : undefined;
      if (hit) count(hit[0], hit[1], bucket, 'allowed', hubbleNamed(f, policy, 'allowed'));
    }
    if (ev.verdict === 'denied-by-rule' && ev.matched?.policy === policy.id) {
      const hit = tally(ev.matched.ruleId);
      if (hit) count(hit[0], hit[1], bucket, 'denied', hubbleNamed(f, policy, 'denied'));
    }
    // Only drops Hubble reported as default deny, of an endpoint this policy selects and puts
    // into default deny in the flow's direction (an allowed flow Flowscope now reads as
    // default-deny was not dropped, and another endpoint's drop is not this policy's doing).
    if (isDefaultDenyDrop(f) && ev.verdict === 'default-deny' && ev.enforcing.includes(policy.id)) {
      defaultDenied++;
    }
  }
  const perRule: Record<string, RuleUsage> = {};
  for (const [id, t] of tallies) {
    perRule[id] = { ...t.usage, edges: topEdges(t.edges), edgeCount: t.edges.size };
  }
  const unusedRules = policy.rules
    .filter((r) => r.peers !== 'none')
    .filter((r) => {
      const u = perRule[r.id];
      return !u || u.allowed + u.denied === 0;
    })
    .map((r) => r.id);
  return {
    perRule,
    defaultDenied,
    unusedRules,
    evaluated: decisions.length,
    seriesFrom: tl.from,
    bucketMs: tl.bucketMs,
  };
}
