// Whether a staged draft would deny a flow that was allowed when it happened, and the
// connection it belongs to as the map names its ends. Shared by the tracker (every new
// flow) and the flow routes (any stored flow, on demand).
import 'server-only';
import type { FlowRecord } from '@/lib/api/flow-record';
import type { StagedMark } from '@/lib/api/lab';
import type { Evaluation } from '@/lib/api/policy';
import { classifyEndpoint, DEFAULT_NODE_OPTIONS } from '@/server/aggregate/node-identity';
import type { NodeOptions } from '@/server/aggregate/node-identity';
import type { AgentSettings } from '@/server/policies/agent-settings';
import { evaluate, reportedVerdict } from '@/server/policies/evaluate';
import { flowContext } from '@/server/policies/flow-context';
import type { Policy } from '@/server/policies/model';
import { isDecisionFlow } from '@/server/policies/what-if';
import type { StagedSet } from './staged-source';

function label(policies: readonly Policy[], id: string): string {
  const p = policies.find((x) => x.id === id);
  return p ? [p.kind, p.namespace, p.name].filter(Boolean).join('/') : id;
}

/** The deciding rule in words, as the what-if view words it. */
function denyText(policies: readonly Policy[], ev: Evaluation): string {
  if (ev.matched) return `${label(policies, ev.matched.policy)} ${ev.matched.ruleId}`;
  const by = ev.enforcing.map((id) => label(policies, id));
  return by.length > 0
    ? `default deny (enforced by ${by.join(', ')})`
    : `default deny (${ev.agent ?? 'no rule allows it'})`;
}

/** The rule of `policies` that would deny a flow reported allowed; undefined otherwise. A
 *  flow that carries no decision of its own (traces, L7 responses) is not judged. */
export function wouldDeny(
  policies: readonly Policy[],
  flow: FlowRecord,
  settings?: AgentSettings,
): string | undefined {
  if (!isDecisionFlow(flow) || reportedVerdict(flow) !== 'allowed') return undefined;
  const ev = evaluate(policies, flow, settings);
  if (ev.verdict !== 'denied-by-rule' && ev.verdict !== 'default-deny') return undefined;
  return denyText(policies, ev);
}

/** Every staged draft that would deny the flow. */
export function stagedMarks(sets: readonly StagedSet[], flow: FlowRecord): StagedMark[] {
  const out: StagedMark[] = [];
  for (const s of sets) {
    const decidedBy = wouldDeny(s.policies, flow);
    if (decidedBy) out.push({ draft: s.draft.id, name: s.draft.name, decidedBy });
  }
  return out;
}

export interface ConnectionKey {
  /** Namespace of the endpoint whose policy would deny (the subject). */
  namespace: string;
  source: string;
  destination: string;
  port?: number;
  protocol: string;
}

/** The connection a flow belongs to (a reply's ends swapped back). */
export function connectionOf(
  flow: FlowRecord,
  opts: NodeOptions = DEFAULT_NODE_OPTIONS,
): ConnectionKey {
  const ctx = flowContext(flow);
  const reply = flow.isReply === true;
  const src = reply ? flow.destination : flow.source;
  const dst = reply ? flow.source : flow.destination;
  const out: ConnectionKey = {
    namespace: ctx?.subject.namespace ?? dst.namespace,
    source: classifyEndpoint(src, opts).id,
    destination: classifyEndpoint(dst, opts).id,
    protocol: flow.protocol,
  };
  if (dst.port !== undefined) out.port = dst.port;
  return out;
}

/** The row with the staged drafts that would deny it, when any. */
export function withStagedMarks<T extends FlowRecord & { staged?: StagedMark[] }>(
  sets: readonly StagedSet[],
  row: T,
): T {
  if (sets.length === 0) return row;
  const marks = stagedMarks(sets, row);
  return marks.length > 0 ? { ...row, staged: marks } : row;
}
