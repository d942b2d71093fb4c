// Why a flow was allowed or dropped, in terms of the policy YAML: the selecting policies,
// the deciding rule, and for default-deny drops the allow rules that came nearest, with
// what differed (port, protocol, peer labels, FQDN, CIDR, L7 method or path) in plain words.
import 'server-only';
import type { FlowRecord } from '@/lib/api/flow-record';
import { evaluateContext, reportedVerdict } from './evaluate';
import { flowContext } from './flow-context';
import type { FlowContext } from './flow-context';
import { checkRule } from './match';
import { checkFlow } from './self-check';
import type { Policy, PolicyRule } from './model';
import type {
  Evaluation,
  FlowExplanation,
  NearestRule,
  PolicyName,
  PolicyVerdict,
  RuleDescription,
  RuleRef,
  SpecDeparture,
} from '@/lib/api/policy';

const MAX_NEAREST = 3;

function nameOf(p: Policy): PolicyName {
  return { id: p.id, kind: p.kind, namespace: p.namespace, name: p.name };
}

function describe(p: Policy, r: PolicyRule): RuleDescription {
  return { ...nameOf(p), ruleId: r.id, action: r.action, lines: r.lines };
}

function findRule(
  policies: readonly Policy[],
  ref: RuleRef | undefined,
): RuleDescription | undefined {
  if (!ref) return undefined;
  const p = policies.find((x) => x.id === ref.policy);
  const r = p?.rules.find((x) => x.id === ref.ruleId);
  return p && r ? describe(p, r) : undefined;
}

function label(p: PolicyName): string {
  return p.namespace ? `${p.namespace}/${p.name}` : p.name;
}

function endpointText(ep: FlowRecord['source']): string {
  if (ep.pod) return `${ep.namespace}/${ep.pod}`;
  return ep.names[0] ? `${ep.names[0]} (${ep.ip})` : ep.ip || 'unknown endpoint';
}

/** Allow rules in the flow's direction, scored by how many of their parts the flow meets. */
export function nearestRules(policies: readonly Policy[], ctx: FlowContext): NearestRule[] {
  const out: { rule: NearestRule; selects: boolean; order: number }[] = [];
  let order = 0;
  for (const p of policies) {
    for (const r of p.rules) {
      // An empty rule (`{}`) only switches on default-deny; it could never allow the flow.
      if (r.direction !== ctx.direction || r.action !== 'allow' || r.peers === 'none') continue;
      const parts = checkRule(p, r, ctx);
      const failed = parts.filter((x) => !x.ok);
      if (failed.length === 0 && r.unsupported.length === 0) continue;
      const differences = failed.map((x) => x.detail ?? x.part);
      if (r.unsupported.length > 0) {
        differences.push(`uses ${r.unsupported.join(', ')}, which Flowscope does not evaluate`);
      }
      out.push({
        rule: {
          ...describe(p, r),
          score: parts.length - failed.length,
          parts: parts.length,
          differences,
        },
        selects: parts[0]?.ok === true,
        order: order++,
      });
    }
  }
  // Most parts met first; on a tie prefer rules of policies that already select the endpoint.
  out.sort(
    (a, b) =>
      b.rule.score / b.rule.parts - a.rule.score / a.rule.parts ||
      Number(b.selects) - Number(a.selects) ||
      a.order - b.order,
  );
  return out.slice(0, MAX_NEAREST).map((n) => n.rule);
}

const AGENT_TEXT = {
  'allow-localhost=always':
    'the local host may always reach endpoints on its own node (the agent setting allow-localhost=always, the Kubernetes default); only a deny rule would stop it',
  'enable-policy=always':
    'the agent enforces policy on every endpoint (enable-policy=always), selected or not',
  'enable-policy=never': 'the agent enforces no policy (enable-policy=never)',
} as const;

function summarize(
  evaluation: Evaluation,
  enforcing: PolicyName[],
  deciding: RuleDescription | undefined,
  nearest: NearestRule[],
  direction: string,
): string {
  const { verdict, agent } = evaluation;
  const sel = enforcing.map(label).join(', ');
  if (agent === 'allow-localhost=always') return `Allowed at ${direction}: ${AGENT_TEXT[agent]}.`;
  if (agent === 'enable-policy=never') return `Allowed: ${AGENT_TEXT[agent]}.`;
  switch (verdict) {
    case 'allowed':
      return `Allowed at ${direction} by ${deciding ? `${label(deciding)} rule ${deciding.ruleId}` : 'a rule'}.`;
    case 'denied-by-rule':
      return `Denied at ${direction} by the deny rule ${deciding ? `${deciding.ruleId} of ${label(deciding)}` : ''}.`;
    case 'not-selected':
      return `No policy enforces ${direction} for this endpoint, so it is allowed by default.`;
    case 'unknown': {
      const dns = (evaluation.unsupported ?? []).filter((u) => u.includes('no DNS answer seen'));
      if (dns.length > 0) {
        return `Could not be confirmed: ${dns.join('; ')}, so Flowscope cannot tell whether the FQDN rule allows this peer.`;
      }
      return 'Flowscope cannot decide: a policy uses constructs it does not evaluate.';
    }
    case 'default-deny': {
      const near = nearest[0];
      const nearText = near
        ? ` Nearest allow rule: ${label(near)} ${near.ruleId}, but ${near.differences.join('; ')}.`
        : ' No allow rule in this direction comes near.';
      const why =
        agent === 'enable-policy=always'
          ? AGENT_TEXT[agent]
          : `${sel} select${enforcing.length === 1 ? 's' : ''} this endpoint`;
      return `Default-deny at ${direction}: ${why}, and no rule allows this.${nearText}`;
    }
  }
}

export function explainFlow(policies: readonly Policy[], flow: FlowRecord): FlowExplanation {
  const reportedPolicies = [
    ...flow.ingressAllowedBy,
    ...flow.egressAllowedBy,
    ...flow.ingressDeniedBy,
    ...flow.egressDeniedBy,
  ].map((p) => (p.namespace ? `${p.namespace}/${p.name}` : p.name));
  const reported = {
    verdict: flow.verdict,
    ...(flow.dropReason ? { dropReason: flow.dropReason } : {}),
    policies: reportedPolicies,
  };
  const ctx = flowContext(flow);
  if (!ctx) {
    const evaluation: Evaluation = {
      verdict: 'unknown',
      allowedBy: [],
      selecting: [],
      enforcing: [],
    };
    return {
      flowId: flow.id,
      reported,
      evaluation,
      selecting: [],
      nearest: [],
      specNotes: [],
      confirmation: 'not-reported',
      summary: 'The flow has no traffic direction, so no policy side can be chosen.',
    };
  }
  const evaluation = evaluateContext(policies, ctx);
  const selecting = policies.filter((p) => evaluation.selecting.includes(p.id)).map(nameOf);
  const decidingRule = findRule(policies, evaluation.matched);
  const nearest =
    evaluation.verdict === 'default-deny' || evaluation.verdict === 'unknown'
      ? nearestRules(policies, ctx)
      : [];
  const expected = reportedVerdict(flow);
  const specNotes = departuresFor(policies, evaluation, ctx.direction);
  const check = checkFlow(policies, flow);
  const confirmation = check?.result ?? 'not-reported';
  const checkText =
    confirmation === 'disagreed'
      ? ` Hubble reported otherwise: ${check!.checked.hubble.verdict} by ${check!.checked.hubble.policies.join(', ')}.`
      : confirmation === 'unconfirmed'
        ? ' Hubble named the deciding policies, but Flowscope could not confirm them.'
        : '';
  // Hubble named the deny policy, but the policies in force here give another answer: say
  // what Hubble named first, so "no rule allows this" never stands alone beside a named deny.
  const deniedBy = [...flow.ingressDeniedBy, ...flow.egressDeniedBy].map((p) =>
    p.namespace ? `${p.namespace}/${p.name}` : p.name,
  );
  const namedDenyText =
    deniedBy.length > 0 && evaluation.verdict !== 'denied-by-rule'
      ? `Hubble reports a deny rule of ${deniedBy.join(', ')} decided this drop; the policies Flowscope reads find no deny rule matching it. `
      : '';
  const notesText = specNotes
    .map((d) => ` The Kubernetes spec says otherwise: ${d.text}${d.issue ? ` (${d.issue})` : ''}.`)
    .join('');
  const out: FlowExplanation = {
    flowId: flow.id,
    reported,
    direction: ctx.direction,
    subject: endpointText(ctx.subject),
    peer: endpointText(ctx.peer),
    evaluation,
    selecting,
    nearest,
    specNotes,
    confirmation,
    summary:
      namedDenyText +
      summarize(
        evaluation,
        selecting.filter((p) => evaluation.enforcing.includes(p.id)),
        decidingRule,
        nearest,
        ctx.direction,
      ) +
      notesText +
      checkText,
  };
  if (expected !== undefined) out.agrees = agrees(expected, evaluation);
  if (decidingRule) out.decidingRule = decidingRule;
  return out;
}

/**
 * The departures behind this answer: those of the selecting policies for the whole direction,
 * and a rule's own when that rule decided.
 */
function departuresFor(
  policies: readonly Policy[],
  ev: Evaluation,
  direction: 'ingress' | 'egress',
): SpecDeparture[] {
  return policies
    .filter((p) => ev.selecting.includes(p.id))
    .flatMap((p) =>
      (p.departures ?? []).filter(
        (d) =>
          d.direction === direction &&
          (d.ruleId === undefined ||
            (ev.matched?.policy === p.id && ev.matched.ruleId === d.ruleId)),
      ),
    );
}

function agrees(expected: PolicyVerdict, ev: Evaluation): boolean {
  if (expected === 'allowed') return ev.verdict === 'allowed' || ev.verdict === 'not-selected';
  return ev.verdict === expected;
}
