// What the flow detail's explanation section shows for a FlowExplanation: for drops the
// policies in default deny, the deciding rule and the nearest allow rules; for allowed
// flows the allowing rule. Pure, so each case is tested without rendering.
import type { FlowExplanation, NearestRule, PolicyName, RuleDescription } from '@/lib/api/policy';

export type ExplanationCase = 'dropped' | 'allowed' | 'not-selected' | 'undecided';

export interface SelectingPolicy extends PolicyName {
  /** It puts the endpoint into default deny; a deny-only policy may select without that. */
  enforcing: boolean;
}

export interface ExplanationView {
  case: ExplanationCase;
  summary: string;
  direction?: 'ingress' | 'egress';
  /** Policies selecting the endpoint in the flow's direction, those enforcing default deny first. */
  selecting: SelectingPolicy[];
  deciding?: RuleDescription;
  nearest: NearestRule[];
  /** The evaluation disagrees with what Cilium reported: the policies may have changed. */
  disagrees: boolean;
}

function caseOf(ex: FlowExplanation): ExplanationCase {
  const v = ex.evaluation.verdict;
  if (v === 'denied-by-rule' || v === 'default-deny') return 'dropped';
  if (v === 'allowed') return 'allowed';
  if (v === 'not-selected') return 'not-selected';
  return 'undecided';
}

function selectingOf(ex: FlowExplanation): SelectingPolicy[] {
  const enforcing = new Set(ex.evaluation.enforcing);
  const all = ex.selecting.map((p) => ({ ...p, enforcing: enforcing.has(p.id) }));
  return [...all.filter((p) => p.enforcing), ...all.filter((p) => !p.enforcing)];
}

export function explanationView(ex: FlowExplanation): ExplanationView {
  const c = caseOf(ex);
  const view: ExplanationView = {
    case: c,
    summary: ex.summary,
    // Selecting policies matter for drops: they are why default deny applies.
    selecting: c === 'dropped' || c === 'undecided' ? selectingOf(ex) : [],
    nearest: ex.nearest,
    disagrees: ex.agrees === false,
  };
  if (ex.direction) view.direction = ex.direction;
  if (ex.decidingRule) view.deciding = ex.decidingRule;
  return view;
}

/** "meets 2 of 3 parts" for a nearest rule. */
export function nearnessText(n: Pick<NearestRule, 'score' | 'parts'>): string {
  return `meets ${n.score} of ${n.parts} part${n.parts === 1 ? '' : 's'}`;
}

/** "lines 12–18" of a rule in its policy's YAML. */
export function linesText(lines: { start: number; end: number }): string {
  return lines.start === lines.end ? `line ${lines.start}` : `lines ${lines.start}–${lines.end}`;
}
