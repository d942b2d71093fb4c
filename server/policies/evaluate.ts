// The policy decision for one flow, from the policies and the agent settings that change
// decisions: which policies select the subject endpoint in the flow's direction, and which
// rule allows or denies the connection. Deny rules win over allow rules and over the agent's
// allow-localhost; an endpoint selected by a policy with rules in a direction is in
// default-deny there; no such policy means everything is allowed (enable-policy=default).
import 'server-only';
import type { FlowEndpoint, FlowRecord } from '@/lib/api/flow-record';
import { agentSettings } from './agent-settings';
import type { AgentSettings } from './agent-settings';
import { entitiesOf, flowContext } from './flow-context';
import type { FlowContext } from './flow-context';
import { fqdnUnconfirmed, ruleAdmits, subjectSelectable } from './match';
import type { Policy, PolicyRule } from './model';
import { matchesSelector } from './selector';
import type { Direction, Evaluation, PolicyVerdict, RuleRef } from '@/lib/api/policy';
import { EVENT_L7 } from '@/lib/api/flow-record';

function ref(p: Policy, r: PolicyRule): RuleRef {
  return { policy: p.id, ruleId: r.id };
}

/** The local host reaching an endpoint on its own node (identity 1, `reserved:host`). */
function fromLocalHost(ctx: FlowContext): boolean {
  return ctx.direction === 'ingress' && entitiesOf(ctx.peer).has('host');
}

/** How one policy selects an endpoint in one direction. */
export interface PolicySelection {
  /** Per section of the policy: it selects the endpoint in the direction. */
  sections: boolean[];
  /** A selecting section puts the endpoint into default deny in the direction. */
  enforces: boolean;
  /** Sections this code cannot read that might select it, as `<policy id>: <construct>`. */
  unknown: string[];
}

export function policySelection(
  p: Policy,
  subject: FlowEndpoint,
  dir: Direction,
  selectable = subjectSelectable(subject),
): PolicySelection {
  const sections = p.sections.map(
    (s) => selectable && s.directions.includes(dir) && matchesSelector(s.subject, subject.labels),
  );
  const unknown: string[] = [];
  let enforces = false;
  p.sections.forEach((s, i) => {
    // A section this code cannot read (e.g. a host policy's nodeSelector) might select it.
    if (s.unsupported.length > 0 && s.directions.includes(dir)) {
      unknown.push(...s.unsupported.map((u) => `${p.id}: ${u}`));
      sections[i] = false;
    }
    if (sections[i] && s.defaultDeny.includes(dir)) enforces = true;
  });
  return { sections, enforces, unknown };
}

/** Which policies select an endpoint in one direction, and whether it is in default deny
 * there: the selection part of evaluateContext, for an endpoint rather than a flow. */
export interface DirectionSelection {
  enforced: boolean;
  selecting: string[];
  enforcing: string[];
  unknown: string[];
  /** Set when an agent setting, not a policy, decides `enforced`. */
  agent?: 'enable-policy=always' | 'enable-policy=never';
}

export function directionSelection(
  policies: readonly Policy[],
  subject: FlowEndpoint,
  dir: Direction,
  settings: AgentSettings = agentSettings(),
): DirectionSelection {
  if (settings.enforcement === 'never') {
    return {
      enforced: false,
      selecting: [],
      enforcing: [],
      unknown: [],
      agent: 'enable-policy=never',
    };
  }
  const selectable = subjectSelectable(subject);
  const out: DirectionSelection = { enforced: false, selecting: [], enforcing: [], unknown: [] };
  for (const p of policies) {
    const sel = policySelection(p, subject, dir, selectable);
    out.unknown.push(...sel.unknown);
    if (sel.enforces) out.enforcing.push(p.id);
    if (sel.sections.some(Boolean)) out.selecting.push(p.id);
  }
  out.enforced = out.enforcing.length > 0;
  if (!out.enforced && selectable && settings.enforcement === 'always') {
    out.enforced = true;
    out.agent = 'enable-policy=always';
  }
  return out;
}

export function evaluateContext(
  policies: readonly Policy[],
  ctx: FlowContext,
  settings: AgentSettings = agentSettings(),
): Evaluation {
  const dir = ctx.direction;
  if (settings.enforcement === 'never') {
    return {
      verdict: 'not-selected',
      direction: dir,
      allowedBy: [],
      selecting: [],
      enforcing: [],
      agent: 'enable-policy=never',
    };
  }
  const selecting: string[] = [];
  const denies: RuleRef[] = [];
  const allows: RuleRef[] = [];
  const unknownDeny: string[] = [];
  const unknownAllow: string[] = [];
  const unknownSelection: string[] = [];
  const enforcing: string[] = [];
  const selectable = subjectSelectable(ctx.subject);

  for (const p of policies) {
    const {
      sections: selected,
      enforces,
      unknown,
    } = policySelection(p, ctx.subject, dir, selectable);
    unknownSelection.push(...unknown);
    if (enforces) enforcing.push(p.id);
    if (selected.some(Boolean)) selecting.push(p.id);
    for (const r of p.rules) {
      if (r.direction !== dir || !selected[r.section]) continue;
      if (r.unsupported.length > 0) {
        const into = r.action === 'deny' ? unknownDeny : unknownAllow;
        into.push(...r.unsupported.map((u) => `${p.id}: ${u}`));
      } else if (ruleAdmits(r, ctx)) {
        (r.action === 'deny' ? denies : allows).push(ref(p, r));
      } else {
        const why = fqdnUnconfirmed(r, ctx);
        if (why)
          (r.action === 'deny' ? unknownDeny : unknownAllow).push(`${p.id}: ${r.id}: ${why}`);
      }
    }
  }

  const base = { direction: dir, allowedBy: allows, selecting, enforcing };
  const unknown = (extra: string[]): Evaluation => ({
    ...base,
    verdict: 'unknown',
    unsupported: [...new Set([...extra, ...unknownSelection])],
  });
  const firstDeny = denies[0];
  if (firstDeny) return { ...base, verdict: 'denied-by-rule', matched: firstDeny };
  if (unknownDeny.length > 0 || unknownSelection.length > 0) {
    return unknown([...unknownDeny, ...unknownAllow]);
  }
  const firstAllow = allows[0];
  if (firstAllow) return { ...base, verdict: 'allowed', matched: firstAllow };
  if (selectable && settings.allowLocalhost === 'always' && fromLocalHost(ctx)) {
    return { ...base, verdict: 'allowed', agent: 'allow-localhost=always' };
  }
  if (unknownAllow.length > 0) return unknown(unknownAllow);
  if (enforcing.length > 0) return { ...base, verdict: 'default-deny' };
  if (selectable && settings.enforcement === 'always') {
    return { ...base, verdict: 'default-deny', agent: 'enable-policy=always' };
  }
  return { ...base, verdict: 'not-selected' };
}

/** Evaluates the flow's connection in the flow's own direction. */
export function evaluate(
  policies: readonly Policy[],
  flow: FlowRecord,
  settings: AgentSettings = agentSettings(),
): Evaluation {
  const ctx = flowContext(flow);
  if (!ctx) {
    return {
      verdict: 'unknown',
      allowedBy: [],
      selecting: [],
      enforcing: [],
      unsupported: [`traffic direction ${flow.direction || 'unset'}`],
    };
  }
  return evaluateContext(policies, ctx, settings);
}

/**
 * The verdict class a flow reports, to compare with an evaluation: undefined for flows that
 * are not policy decisions (traces, drops for other reasons).
 */
export function reportedVerdict(flow: FlowRecord): PolicyVerdict | undefined {
  // The proxy decides on the request; its response record (a denied request's 403 included,
  // which Hubble shows FORWARDED) reports no decision of its own.
  if (flow.eventType === EVENT_L7 && flow.l7?.type === 'RESPONSE') return undefined;
  if (flow.verdict === 'FORWARDED' || flow.verdict === 'REDIRECTED') return 'allowed';
  if (flow.verdict !== 'DROPPED') return undefined;
  if (flow.dropReason === 'POLICY_DENY') return 'denied-by-rule';
  if (flow.dropReason === 'POLICY_DENIED') return 'default-deny';
  // The L7 proxy denies requests no L7 rule allows; the access log names no drop reason.
  if (flow.eventType === EVENT_L7 && flow.l7) return 'default-deny';
  return undefined;
}
