// Names and one-sentence explanations of the numeric and enum fields of a flow, for the
// flow detail view. Numbers follow Cilium v1.19 (pkg/monitor/api/types.go, identity
// constants); unknown values are shown as numbers rather than guessed.
import { reservedIdentityName } from '@/lib/reserved-identities';

export interface Explained {
  name: string;
  text: string;
}

const POLICY_MATCH: Record<number, Explained> = {
  0: { name: 'none', text: 'No policy rule was matched (or this is not a policy-verdict event).' },
  1: { name: 'L3-only', text: 'A rule matched on the peer identity alone, for any port.' },
  2: { name: 'L3-L4', text: 'A rule matched on both the peer identity and the port/protocol.' },
  3: { name: 'L4-only', text: 'A rule matched on the port/protocol alone, for any peer.' },
  4: {
    name: 'all',
    text: 'An allow-all entry matched (L3-L4 and L7): every peer and port is allowed in this direction, e.g. because no policy selects the endpoint for it.',
  },
  5: {
    name: 'L3-proto',
    text: 'A rule matched on the peer identity and the protocol, for any port.',
  },
  6: { name: 'proto-only', text: 'A rule matched on the protocol alone, for any peer and port.' },
};

/** policy_match_type with its name and what kind of rule matched. */
export function explainPolicyMatch(value: number): Explained {
  return POLICY_MATCH[value] ?? { name: `unknown (${value})`, text: 'An unknown match type.' };
}

interface MatchFacts {
  policyMatchType: number;
  eventType: number;
  verdict: string;
  dropReason?: string;
  ingressDeniedBy: readonly { name: string }[];
  egressDeniedBy: readonly { name: string }[];
}

/**
 * The policy match type as this flow means it. Hubble fills the field on policy-verdict
 * events (type 5) only, and a deny (named or default) matched no allow rule, so "none"
 * there must not read as "no rule decided" beside a named deny.
 */
export function explainFlowPolicyMatch(flow: MatchFacts): Explained {
  const base = explainPolicyMatch(flow.policyMatchType);
  if (flow.eventType !== 5) {
    if (flow.policyMatchType !== 0) return base;
    return {
      name: 'not reported',
      text: `Hubble reports the match type on policy-verdict events (type 5) only; this is a ${
        EVENT_TYPES[flow.eventType] ?? 'other'
      } event.`,
    };
  }
  if (flow.verdict !== 'DROPPED' || flow.policyMatchType !== 0) return base;
  const named = [...flow.ingressDeniedBy, ...flow.egressDeniedBy].length > 0;
  if (named || flow.dropReason === 'POLICY_DENY') {
    return {
      name: 'deny',
      text: 'A deny rule decided: denies take precedence over every allow rule, so no allow match is reported.',
    };
  }
  if (flow.dropReason === 'POLICY_DENIED') {
    return { name: 'none', text: 'No allow rule matched this peer and port: default deny.' };
  }
  return base;
}

const EVENT_TYPES: Record<number, string> = {
  1: 'drop',
  2: 'debug',
  3: 'capture',
  4: 'trace',
  5: 'policy verdict',
  7: 'trace-sock',
  129: 'L7 access log',
  130: 'agent',
};

/** Cilium monitor event type, e.g. `policy verdict (5)`. */
export function eventTypeName(type: number): string {
  const name = EVENT_TYPES[type];
  return name ? `${name} (${type})` : `unknown (${type})`;
}

const TRACE_POINTS: Record<number, string> = {
  0: 'to-endpoint',
  1: 'to-proxy',
  2: 'to-host',
  3: 'to-stack',
  4: 'to-overlay',
  5: 'from-endpoint',
  6: 'from-proxy',
  7: 'from-host',
  8: 'from-stack',
  9: 'from-overlay',
  10: 'from-network',
  11: 'to-network',
  12: 'from-crypto',
  13: 'to-crypto',
};

/**
 * The event sub-type: a trace point for trace events; for drops the numeric drop reason
 * code (its name is shown as the drop reason); a bare number otherwise.
 */
export function eventSubTypeName(type: number, subType: number): string {
  if (type === 4) {
    const point = TRACE_POINTS[subType];
    return point ? `${point} (${subType})` : String(subType);
  }
  if (type === 1) return `drop reason code ${subType}`;
  return String(subType);
}

export { reservedIdentityName };

/** Identity with its reserved name, e.g. `2 (reserved:world)`; `unknown` for 0. */
export function formatIdentity(identity: number): string {
  if (identity === 0) return '0 (unknown)';
  const reserved = reservedIdentityName(identity);
  return reserved ? `${identity} (reserved:${reserved})` : String(identity);
}

const DNS_RCODES: Record<number, string> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
  6: 'YXDOMAIN',
  7: 'YXRRSET',
  8: 'NXRRSET',
  9: 'NOTAUTH',
  10: 'NOTZONE',
};

/** DNS response code with its name, e.g. `3 NXDOMAIN`. */
export function formatDnsRcode(rcode: number): string {
  const name = DNS_RCODES[rcode];
  return name ? `${rcode} ${name}` : String(rcode);
}

/** Which endpoint's policy decided, from the traffic direction. */
export function explainDirection(direction: string): string {
  if (direction === 'EGRESS') return 'Egress: the source’s egress policy applies.';
  if (direction === 'INGRESS') return 'Ingress: the destination’s ingress policy applies.';
  return 'The direction is unknown.';
}

/**
 * The note for a default-deny drop, which Cilium reports without naming a policy: which
 * endpoint is in default deny, and for which direction. Undefined when it does not apply.
 */
export function defaultDenyNote(flow: {
  verdict: string;
  dropReason?: string;
  direction: string;
  policyCount: number;
}): string | undefined {
  if (flow.verdict !== 'DROPPED' || flow.dropReason !== 'POLICY_DENIED') return undefined;
  if (flow.policyCount > 0) return undefined;
  const where =
    flow.direction === 'EGRESS'
      ? 'The source endpoint is in default deny for egress'
      : flow.direction === 'INGRESS'
        ? 'The destination endpoint is in default deny for ingress'
        : 'The endpoint is in default deny for this direction';
  return (
    'Cilium names no policy on default-deny drops: no rule allowed this traffic, so there is ' +
    `no rule to point to. ${where}: some policy selects it, and none of its rules matches this peer and port.`
  );
}

/**
 * The note for an explicit-deny drop that names no policy: Cilium's drop notification
 * (event type 1) carries no policy names, the policy-verdict event of the same packet does.
 */
export function unnamedDenyNote(flow: {
  verdict: string;
  dropReason?: string;
  eventType: number;
  policyCount: number;
}): string | undefined {
  if (flow.verdict !== 'DROPPED' || flow.dropReason !== 'POLICY_DENY') return undefined;
  if (flow.policyCount > 0) return undefined;
  const event =
    flow.eventType === 1
      ? 'This is the drop notification (event type 1), which carries no policy names; the policy-verdict event of the same packet names the policy.'
      : 'Hubble named no policy on this event.';
  return `An explicit deny rule decided this drop. ${event} The policy explanation names the deny rule.`;
}

/** Nanoseconds (a uint64 decimal string) as milliseconds, e.g. `12.345 ms`; '' when unset. */
export function formatLatency(latencyNs: string): string {
  if (!/^\d+$/.test(latencyNs) || /^0+$/.test(latencyNs)) return '';
  const ms = Number(BigInt(latencyNs)) / 1e6;
  return `${ms.toFixed(3)} ms`;
}
