// The normalized policy model every part of server/policies works on. Three Kubernetes kinds
// (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, NetworkPolicy) parse into one shape
// so the evaluator and the explanation never branch on YAML details.
//
// Rule ids: `<list>[<index>]` for a policy with one spec (`ingress[0]`, `egressDeny[1]`),
// prefixed with `specs[<n>].` for a CiliumNetworkPolicy that uses `specs`
// (`specs[1].egress[0]`). NetworkPolicy rules use the same scheme (`ingress[0]`, `egress[2]`).
// The id is the YAML path below `spec`, so a person can find the rule by reading the YAML.
import 'server-only';
import type { LabelRequirement } from '@/server/filter/label-selector';
import type {
  Direction,
  LineRange,
  PolicyKind,
  PolicyListItem,
  SpecDeparture,
} from '@/lib/api/policy';

export const POLICY_KINDS: readonly PolicyKind[] = [
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'NetworkPolicy',
];

/** A label selector ready to match Cilium endpoint labels, plus its text for people. */
export interface Selector {
  reqs: LabelRequirement[];
  text: string;
}

/** NetworkPolicy podSelector/namespaceSelector peers become `endpoints` selectors too. */
export type PeerMatcher =
  | { kind: 'endpoints'; selector: Selector }
  | { kind: 'entity'; entity: string }
  | { kind: 'cidr'; cidr: string; except: string[] }
  | { kind: 'fqdn'; matchName?: string; matchPattern?: string };

export type PortProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ANY';

export interface PortMatcher {
  /** 0 means every port. */
  port: number;
  endPort?: number;
  protocol: PortProtocol;
}

export interface HttpMatcher {
  method?: string;
  path?: string;
  host?: string;
}

export interface DnsMatcher {
  matchName?: string;
  matchPattern?: string;
}

/** One `toPorts` entry (or a NetworkPolicy `ports` list): ports plus optional L7 rules. */
export interface PortRule {
  /** Empty means every port and protocol. */
  ports: PortMatcher[];
  http?: HttpMatcher[];
  dns?: DnsMatcher[];
}

export interface PolicyRule {
  id: string;
  direction: Direction;
  action: 'allow' | 'deny';
  /** Index into `Policy.sections`: the spec whose endpoint selector this rule belongs to. */
  section: number;
  lines: LineRange;
  /** 'any' when the rule names no peer (L4-only); 'none' for an empty rule `{}`. */
  peers: PeerMatcher[] | 'any' | 'none';
  /** Empty means every port. */
  toPorts: PortRule[];
  /** Constructs this code does not evaluate; a rule with any gives 'unknown', not a guess. */
  unsupported: string[];
  /** Why this rule selects what the Kubernetes spec says it should not (NetworkPolicy only). */
  departure?: Omit<SpecDeparture, 'direction' | 'ruleId'>;
}

/** One endpoint selector with the directions it enforces (a `spec`, or one of `specs`). */
export interface PolicySection {
  /** Already restricted to the policy's namespace for namespaced kinds. */
  subject: Selector;
  /** Directions this section selects the subject in (it has rules, or policyTypes says so). */
  directions: Direction[];
  /** Directions this section puts into default-deny (Cilium `enableDefaultDeny`). */
  defaultDeny: Direction[];
  unsupported: string[];
}

export interface Policy {
  /** `<kind>/<namespace or _>/<name>`, the id the routes use. */
  id: string;
  kind: PolicyKind;
  /** '' for cluster-wide policies. */
  namespace: string;
  name: string;
  revision?: string;
  uid?: string;
  /** The policy's own YAML document, returned as text (never rendered as markup). */
  yaml: string;
  /** File path or `kubernetes`. */
  source: string;
  sections: PolicySection[];
  rules: PolicyRule[];
  /** Where Cilium's enforcement of this policy departs from the Kubernetes spec. */
  departures?: SpecDeparture[];
}

/** The policy's unevaluated constructs, sections first, each path once, in policy order. */
export function unsupportedOf(p: Policy): string[] {
  return [
    ...new Set([
      ...p.sections.flatMap((s) => s.unsupported),
      ...p.rules.flatMap((r) => r.unsupported),
    ]),
  ];
}

export function policyId(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace || '_'}/${name}`;
}

export function listItem(p: Policy): PolicyListItem {
  const item: PolicyListItem = {
    id: p.id,
    kind: p.kind,
    namespace: p.namespace,
    name: p.name,
    rules: p.rules.length,
    unsupported: unsupportedOf(p),
  };
  if (p.revision !== undefined) item.revision = p.revision;
  return item;
}
