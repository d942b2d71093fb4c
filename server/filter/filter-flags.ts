// The `hubble observe` filter flags Flowscope understands, as data: each flag validates its
// value and says whether it lands in both filters of a pair ("both") or in the source side
// of the left filter and the destination side of the right one ("either").
import 'server-only';

import { DropReason, Verdict } from '@/proto/gen/flow/flow_pb';
import type {
  FlowFilterSpec,
  PolicySelector,
  WorkloadSelector,
} from '@/server/filter/filter-types';
import { DECISION_FILTER_VALUES } from '@/lib/api/decisions';
import { parseIpOrCidr } from './ip-cidr';
import { parseLabelSelector } from './label-selector';
import {
  compileFqdnPattern,
  compileNodePattern,
  compileRegex,
  isProtocol,
  namespacedError,
  parseHttpStatus,
  parsePort,
  PROTOCOLS,
} from './filter-values';

export class ValueError {
  constructor(readonly message: string) {}
}

type Parse<T> = (raw: string) => T | ValueError;
type Update = (f: FlowFilterSpec) => void;

export type FlagEffect =
  | { kind: 'both'; apply: Update }
  | { kind: 'either'; left: Update; right: Update }
  | { kind: 'namespace'; scope: 'any' | 'from' | 'to'; ns: string };

export interface FlagDef {
  name: string;
  short?: string;
  build: (raw: string) => FlagEffect | ValueError;
}

type ListKey = keyof FlowFilterSpec;
type Elem<K extends ListKey> = NonNullable<FlowFilterSpec[K]>[number];

export function pushValue<K extends ListKey>(f: FlowFilterSpec, key: K, value: Elem<K>): void {
  const list = (f[key] ?? []) as Elem<K>[];
  list.push(value);
  f[key] = list as FlowFilterSpec[K];
}

function enumNames(e: object): string[] {
  return Object.keys(e).filter((k) => Number.isNaN(Number(k)));
}

const VERDICTS = enumNames(Verdict);
const DROP_REASONS = enumNames(DropReason);

const RESERVED_IDENTITIES: Record<string, number> = {
  host: 1,
  world: 2,
  unmanaged: 3,
  health: 4,
  init: 5,
  'remote-node': 6,
  'kube-apiserver': 7,
  ingress: 8,
  'world-ipv4': 9,
  'world-ipv6': 10,
};

// Cilium monitor message types and trace observation points, as the CLI names them.
const EVENT_TYPES: Record<string, number> = {
  drop: 1,
  debug: 2,
  capture: 3,
  trace: 4,
  'policy-verdict': 5,
  recorder: 6,
  'trace-sock': 7,
  l7: 129,
  agent: 130,
};
const TRACE_POINTS = [
  'to-endpoint',
  'to-proxy',
  'to-host',
  'to-stack',
  'to-overlay',
  'from-endpoint',
  'from-proxy',
  'from-host',
  'from-stack',
  'from-overlay',
  'from-network',
  'to-network',
  'from-crypto',
  'to-crypto',
];

const text: Parse<string> = (raw) => (raw.trim() ? raw : new ValueError('value is empty'));

const namespaced =
  (what: string): Parse<string> =>
  (raw) => {
    const err = namespacedError(raw, what);
    return err ? new ValueError(err) : raw;
  };

const ipOrCidr: Parse<string> = (raw) =>
  parseIpOrCidr(raw) ? raw : new ValueError(`"${raw}" is not an IP address or CIDR`);

const fqdn: Parse<string> = (raw) =>
  compileFqdnPattern(raw)
    ? raw
    : new ValueError(
        `"${raw}" is not a DNS name pattern (letters, digits, "-", "_", "." and "*" wildcards)`,
      );

const label: Parse<string> = (raw) => {
  const parsed = parseLabelSelector(raw);
  return parsed.ok ? raw : new ValueError(`invalid label selector "${raw}": ${parsed.error}`);
};

const port: Parse<string> = (raw) =>
  parsePort(raw) === null ? new ValueError(`"${raw}" is not a port (0-65535)`) : raw;

const identity: Parse<number> = (raw) => {
  const named = RESERVED_IDENTITIES[raw.toLowerCase()];
  if (named !== undefined) return named;
  if (/^[0-9]{1,10}$/.test(raw) && Number(raw) <= 0xffffffff) return Number(raw);
  const names = Object.keys(RESERVED_IDENTITIES).join(', ');
  return new ValueError(`"${raw}" is not a security identity (a number or one of ${names})`);
};

const workload: Parse<WorkloadSelector> = (raw) => {
  const parts = raw.split('/');
  const bad = new ValueError(`"${raw}" is not a workload (name or kind/name)`);
  if (parts.some((p) => !p.trim()) || parts.length > 2) return bad;
  const [first, second] = parts;
  return second === undefined ? { name: first } : { kind: first, name: second };
};

const enumValue =
  (names: string[], what: string, listAll: boolean): Parse<string> =>
  (raw) => {
    const upper = raw.trim().toUpperCase();
    if (names.includes(upper)) return upper;
    const near = names.filter((n) => upper && n.includes(upper)).slice(0, 8);
    const hint = listAll ? names : near.length > 0 ? near : names.slice(0, 8);
    const more = !listAll && hint.length < names.length ? ', ...' : '';
    return new ValueError(`unknown ${what} "${raw}" (one of ${hint.join(', ')}${more})`);
  };

const direction: Parse<string> = (raw) => {
  const lower = raw.trim().toLowerCase();
  if (lower === 'ingress' || lower === 'egress') return lower.toUpperCase();
  return new ValueError(`unknown traffic direction "${raw}" (one of ingress, egress)`);
};

const httpStatus: Parse<string> = (raw) =>
  parseHttpStatus(raw) ? raw : new ValueError(`"${raw}" is not a status code (use 500 or 5+)`);

const httpMethod: Parse<string> = (raw) =>
  /^[A-Za-z]+$/.test(raw) ? raw.toUpperCase() : new ValueError(`"${raw}" is not an HTTP method`);

const regex: Parse<string> = (raw) => {
  if (!raw) return new ValueError('value is empty');
  const r = compileRegex(raw);
  return typeof r === 'string' ? new ValueError(`invalid regular expression "${raw}": ${r}`) : raw;
};

const protocol: Parse<string> = (raw) =>
  isProtocol(raw)
    ? raw.toLowerCase()
    : new ValueError(`unknown protocol "${raw}" (one of ${PROTOCOLS.join(', ')})`);

const nodeName: Parse<string> = (raw) => {
  const lower = raw.toLowerCase();
  return compileNodePattern(lower)
    ? lower
    : new ValueError(`"${raw}" is not a node name pattern ([cluster/]node, "*" wildcards)`);
};

const eventType: Parse<{ type: number; subType?: number }> = (raw) => {
  const [typeText = '', subText] = raw.toLowerCase().split(':', 2);
  const known = Object.keys(EVENT_TYPES).join(', ');
  const type = EVENT_TYPES[typeText] ?? (/^[0-9]{1,3}$/.test(typeText) ? Number(typeText) : NaN);
  if (Number.isNaN(type)) return new ValueError(`unknown event type "${raw}" (one of ${known})`);
  if (subText === undefined) return { type };
  const point = type === EVENT_TYPES.trace ? TRACE_POINTS.indexOf(subText) : -1;
  if (point >= 0) return { type, subType: point };
  if (/^[0-9]{1,3}$/.test(subText)) return { type, subType: Number(subText) };
  const hint = type === EVENT_TYPES.trace ? ` (one of ${TRACE_POINTS.join(', ')})` : '';
  return new ValueError(`unknown sub-type "${subText}" for --type ${typeText}${hint}`);
};

// Policy kinds as users abbreviate them (kubectl's short names, and the CRDs' own).
const POLICY_KIND_NAMES: Record<string, string> = {
  cnp: 'CiliumNetworkPolicy',
  ciliumnetworkpolicy: 'CiliumNetworkPolicy',
  ccnp: 'CiliumClusterwideNetworkPolicy',
  ciliumclusterwidenetworkpolicy: 'CiliumClusterwideNetworkPolicy',
  netpol: 'NetworkPolicy',
  knp: 'NetworkPolicy',
  networkpolicy: 'NetworkPolicy',
};
const NAME_PART = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const RULE_ID = /^(ingress|egress|ingressDeny|egressDeny)\[[0-9]{1,4}\]$/;

/**
 * `[kind/]namespace/name[#rule]`, `ccnp/name[#rule]`, or a bare `name` (any namespace):
 * kinds as cnp, ccnp, netpol (or knp) or their full names; rules as the policy page names
 * them (`ingress[0]`, `egressDeny[1]`).
 */
export const policyRef: Parse<PolicySelector> = (raw) => {
  const [ref = '', rule, extra] = raw.trim().split('#');
  const usage = `"${raw}" is not a policy ([kind/]namespace/name[#rule], ccnp/name or name)`;
  if (extra !== undefined || !ref) return new ValueError(usage);
  const parts = ref.split('/');
  const kind = parts.length > 1 ? POLICY_KIND_NAMES[parts[0]!.toLowerCase()] : undefined;
  if (kind) parts.shift();
  if (parts.length > 2 || parts.some((p) => !NAME_PART.test(p))) return new ValueError(usage);
  if (rule !== undefined && !RULE_ID.test(rule)) {
    return new ValueError(`"${rule}" is not a rule id (ingress[0], egressDeny[1], ...)`);
  }
  const clusterwide = kind === 'CiliumClusterwideNetworkPolicy';
  if (clusterwide && parts.length !== 1) {
    return new ValueError(`"${raw}": a cluster-wide policy has no namespace (ccnp/name)`);
  }
  if (kind && !clusterwide && parts.length !== 2) {
    return new ValueError(`"${raw}": a ${kind} is namespace/name`);
  }
  const sel: PolicySelector =
    parts.length === 2 ? { namespace: parts[0]!, name: parts[1]! } : { name: parts[0]! };
  if (clusterwide) sel.namespace = '';
  if (kind) sel.kind = kind;
  if (rule !== undefined) sel.rule = rule;
  return sel;
};

const decisionKind: Parse<string> = (raw) => {
  const lower = raw.trim().toLowerCase();
  return (DECISION_FILTER_VALUES as readonly string[]).includes(lower)
    ? lower
    : new ValueError(`unknown decision "${raw}" (one of ${DECISION_FILTER_VALUES.join(', ')})`);
};

/** A flag whose value goes into the same field of both filters of the pair. */
function shared<K extends ListKey>(name: string, key: K, parse: Parse<Elem<K>>): FlagDef {
  return {
    name,
    build: (raw) => {
      const v = parse(raw);
      if (v instanceof ValueError) return v;
      return { kind: 'both', apply: (f) => pushValue(f, key, v) };
    },
  };
}

/** `--x` (source OR destination), `--from-x` and `--to-x` for one pair of fields. */
function directional<S extends ListKey, D extends ListKey>(
  base: string,
  src: S,
  dst: D,
  parse: Parse<Elem<S> & Elem<D>>,
  short?: string,
): FlagDef[] {
  const either: FlagDef = {
    name: base,
    short,
    build: (raw) => {
      const v = parse(raw);
      if (v instanceof ValueError) return v;
      return {
        kind: 'either',
        left: (f) => pushValue(f, src, v),
        right: (f) => pushValue(f, dst, v),
      };
    },
  };
  return [either, shared(`from-${base}`, src, parse), shared(`to-${base}`, dst, parse)];
}

function namespaceFlag(name: string, scope: 'any' | 'from' | 'to', short?: string): FlagDef {
  return {
    name,
    short,
    build: (raw) =>
      !raw || raw.includes('/') || /\s/.test(raw)
        ? new ValueError(`"${raw}" is not a namespace`)
        : { kind: 'namespace', scope, ns: raw },
  };
}

export const FLAGS: FlagDef[] = [
  ...directional('pod', 'sourcePod', 'destinationPod', namespaced('pod')),
  ...directional('ip', 'sourceIp', 'destinationIp', ipOrCidr),
  ...directional('fqdn', 'sourceFqdn', 'destinationFqdn', fqdn),
  ...directional('label', 'sourceLabel', 'destinationLabel', label, 'l'),
  ...directional('service', 'sourceService', 'destinationService', namespaced('service')),
  ...directional('port', 'sourcePort', 'destinationPort', port),
  ...directional('identity', 'sourceIdentity', 'destinationIdentity', identity),
  ...directional('workload', 'sourceWorkload', 'destinationWorkload', workload),
  namespaceFlag('namespace', 'any', 'n'),
  namespaceFlag('from-namespace', 'from'),
  namespaceFlag('to-namespace', 'to'),
  shared('verdict', 'verdict', enumValue(VERDICTS, 'verdict', true)),
  shared('drop-reason-desc', 'dropReasonDesc', enumValue(DROP_REASONS, 'drop reason', false)),
  shared('traffic-direction', 'trafficDirection', direction),
  { ...shared('type', 'eventType', eventType), short: 't' },
  shared('http-status', 'httpStatusCode', httpStatus),
  shared('http-method', 'httpMethod', httpMethod),
  shared('http-path', 'httpPath', regex),
  shared('http-url', 'httpUrl', regex),
  shared('dns-query', 'dnsQuery', regex),
  shared('protocol', 'protocol', protocol),
  shared('node-name', 'nodeName', nodeName),
  shared('cluster', 'nodeName', (raw) => {
    const v = nodeName(`${raw}/`);
    return !raw || raw.includes('/') || v instanceof ValueError
      ? new ValueError(`"${raw}" is not a cluster name`)
      : v;
  }),
  shared('uuid', 'uuid', text),
  shared('policy', 'policy', policyRef),
  shared('decision', 'decision', decisionKind),
];

// Pairs the hubble CLI refuses to combine in one filter, because the result would either
// contradict itself or not mean what it reads like.
export const CONFLICT_GROUPS: string[][] = [
  ['from-fqdn', 'from-ip', 'ip', 'fqdn', 'from-namespace', 'namespace'],
  ['from-fqdn', 'from-ip', 'ip', 'fqdn', 'from-pod', 'pod'],
  ['to-fqdn', 'to-ip', 'ip', 'fqdn', 'to-namespace', 'namespace'],
  ['to-fqdn', 'to-ip', 'ip', 'fqdn', 'to-pod', 'pod'],
  ['to-pod', 'namespace'],
  ['from-pod', 'namespace'],
  ['to-service', 'namespace'],
  ['from-service', 'namespace'],
  ['label', 'from-label'],
  ['label', 'to-label'],
  ['service', 'from-service'],
  ['service', 'to-service'],
  ['port', 'to-port'],
  ['port', 'from-port'],
  ['identity', 'to-identity'],
  ['identity', 'from-identity'],
  ['workload', 'to-workload'],
  ['workload', 'from-workload'],
  ['node-name', 'cluster'],
];

const BY_LONG = new Map(FLAGS.map((f) => [f.name, f]));
const BY_SHORT = new Map(FLAGS.filter((f) => f.short).map((f) => [f.short as string, f]));

export function findFlag(name: string, isShort: boolean): FlagDef | undefined {
  return isShort ? BY_SHORT.get(name) : BY_LONG.get(name);
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The closest long flag name for a typo, if one is close enough to be a useful hint. */
export function suggestFlag(name: string): string | undefined {
  let best: string | undefined;
  let bestDist = 3;
  for (const f of [...BY_LONG.keys(), 'not']) {
    const d = distance(name, f);
    if (d < bestDist) {
      best = f;
      bestDist = d;
    }
  }
  return best;
}
