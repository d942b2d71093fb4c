// Which flows make up one clicked bar segment: the hubble flags that fetch them (bucket
// range, verdict, drop reason) and, where flags cannot say it (a deciding policy, the
// verdicts lumped into "other"), a check on each flow fetched. Keys come from flows and
// are attacker-influenced, so only plain enum-like names ever become flag values.
import type { DropBreakdown, VerdictKey } from '@/lib/api/aggregate';
import type { FlowRecord } from '@/lib/api/flow-record';
import { policyKey } from './policy-changes';
import { isNamespaceName } from '@/lib/namespace-name';
import { EVENT_POLICY_VERDICT } from '@/lib/api/flow-record';

export interface SegmentSelection {
  chart: 'verdicts' | 'drops';
  /** A verdict key on the verdict chart; a drop reason or policy key on the drops chart. */
  key: string;
  /** The bucket's absolute range, epoch ms. */
  start: number;
  end: number;
  /** How the drops chart was split when the segment was clicked. */
  breakdown: DropBreakdown;
}

const NAMED_VERDICTS: Partial<Record<VerdictKey, string>> = {
  forwarded: 'FORWARDED',
  dropped: 'DROPPED',
  error: 'ERROR',
  audit: 'AUDIT',
  redirected: 'REDIRECTED',
};
const KNOWN_VERDICTS = new Set(Object.values(NAMED_VERDICTS));
const ENUM_NAME = /^[A-Z][A-Z0-9_]{0,79}$/;
const REASON_PREFIX = 'reason:';

/** The drop reason a drops-chart key stands for, when it names one. */
function reasonOf(sel: SegmentSelection): string | undefined {
  if (sel.breakdown === 'reason') return sel.key;
  if (sel.key === 'default-deny') return 'POLICY_DENIED';
  if (sel.key.startsWith(REASON_PREFIX)) return sel.key.slice(REASON_PREFIX.length);
  return undefined;
}

/** `--namespace` flags (OR-ed, as the timeline's namespace filter); odd names are left
 * out rather than quoted, since the timeline would have rejected them already. */
export function namespaceFlags(namespaces: readonly string[]): string[] {
  return namespaces.filter(isNamespaceName).map((ns) => `--namespace ${ns}`);
}

/** Hubble flags for the segment's flows (the range goes in from/to, not here). */
export function segmentFlowFilter(sel: SegmentSelection, namespaces: readonly string[]): string {
  const parts: string[] = [];
  if (sel.chart === 'drops') {
    parts.push('--verdict DROPPED');
    const reason = reasonOf(sel);
    // UNKNOWN is the server's name for "no reason given", which no flag can select.
    if (reason && reason !== 'UNKNOWN' && ENUM_NAME.test(reason)) {
      parts.push(`--drop-reason-desc ${reason}`);
    }
  } else {
    const verdict = NAMED_VERDICTS[sel.key as VerdictKey];
    if (verdict) parts.push(`--verdict ${verdict}`);
  }
  return [...parts, ...namespaceFlags(namespaces)].join(' ');
}

/** The policy a dropped flow is counted under, as the server decides it. */
export function decidingPolicy(flow: FlowRecord): string {
  const named =
    flow.ingressDeniedBy[0] ??
    flow.egressDeniedBy[0] ??
    flow.ingressAllowedBy[0] ??
    flow.egressAllowedBy[0];
  if (named) return policyKey(named);
  if (flow.dropReason === 'POLICY_DENIED') return 'default-deny';
  return `${REASON_PREFIX}${flow.dropReason ?? 'UNKNOWN'}`;
}

/** Whether a fetched flow belongs to the segment, for what the flags could not select. */
export function segmentIncludes(sel: SegmentSelection, flow: FlowRecord): boolean {
  if (sel.chart === 'verdicts') {
    return sel.key === 'other' ? !KNOWN_VERDICTS.has(flow.verdict) : true;
  }
  if (flow.verdict !== 'DROPPED') return false;
  if (sel.breakdown === 'policy') return decidingPolicy(flow) === sel.key;
  return (flow.dropReason || 'UNKNOWN') === sel.key;
}

const EVENT_DROP = 1;
/** How far apart the two reports of one denied packet may be (as the store's pairer). */
const PAIR_WINDOW_MS = 100;

function pairKey(f: FlowRecord): string {
  const { source: s, destination: d } = f;
  return `${f.node}|${s.ip}|${d.ip}|${s.port ?? ''}|${d.port ?? ''}|${f.protocol}`;
}

/**
 * The flows without the drop notification (event type 1) of a packet whose policy-verdict
 * event (type 5) is also listed: the store counts one denied packet once, by its verdict
 * event, so the list should match the bar's count.
 */
export function withoutDoubleReports(flows: readonly FlowRecord[]): FlowRecord[] {
  const verdictTimes = new Map<string, number[]>();
  for (const f of flows) {
    if (f.verdict !== 'DROPPED' || f.eventType !== EVENT_POLICY_VERDICT) continue;
    const key = pairKey(f);
    verdictTimes.set(key, [...(verdictTimes.get(key) ?? []), f.ts]);
  }
  return flows.filter((f) => {
    if (f.verdict !== 'DROPPED' || f.eventType !== EVENT_DROP) return true;
    const times = verdictTimes.get(pairKey(f)) ?? [];
    return !times.some((t) => Math.abs(t - f.ts) <= PAIR_WINDOW_MS);
  });
}
