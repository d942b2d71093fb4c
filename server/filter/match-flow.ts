// Applies a FlowQuery to FlowRecords the way Hubble's agent applies GetFlowsRequest filters,
// so a query gives the same answer from our store as from Relay. Filters may come from the
// wire unvalidated: a value that does not parse matches nothing instead of throwing.
import 'server-only';

import type { FlowEndpoint, FlowRecord } from '@/lib/api/flow-record';
import type { FlowDecision } from '@/lib/api/decisions';
import type {
  FlowFilterSpec,
  FlowQuery,
  PolicySelector,
  WorkloadSelector,
} from '@/server/filter/filter-types';
import { parseIp, parseIpOrCidr, prefixContains, type IpPrefix } from './ip-cidr';
import { parseLabelSelector, selectorMatches, type LabelRequirement } from './label-selector';
import {
  canonicalDnsName,
  compileFqdnPattern,
  compileNodePattern,
  compileRegex,
  nodeNameWithCluster,
  parseHttpStatus,
  parsePort,
  splitNamespaced,
  type StatusMatcher,
} from './filter-values';

const CACHE_LIMIT = 2000;

/** Memoises a compile step per input string; bounded because filter text is user input. */
function memo<T>(compile: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as T;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    const value = compile(key);
    cache.set(key, value);
    return value;
  };
}

const ipPrefix = memo<IpPrefix | null>(parseIpOrCidr);
const fqdnPattern = memo(compileFqdnPattern);
const nodePattern = memo(compileNodePattern);
const regex = memo<RegExp | null>((src) => {
  const r = compileRegex(src);
  return typeof r === 'string' ? null : r;
});
const labelSelector = memo<LabelRequirement[] | null>((text) => {
  const parsed = parseLabelSelector(text);
  return parsed.ok ? parsed.reqs : null;
});
const httpStatus = memo<StatusMatcher | null>(parseHttpStatus);

/** An unset or empty list places no constraint, as an empty repeated field on the wire. */
function isSet<T>(list: readonly T[] | undefined): list is readonly T[] {
  return list !== undefined && list.length > 0;
}

function matchIp(values: readonly string[], ep: FlowEndpoint): boolean {
  if (!ep.ip) return false;
  const ip = parseIp(ep.ip);
  if (!ip) return false;
  return values.some((v) => {
    const p = ipPrefix(v);
    return p !== null && prefixContains(p, ip);
  });
}

function matchNamespaced(values: readonly string[], ns: string, name: string): boolean {
  if (!ns && !name) return false;
  return values.some((v) => {
    const f = splitNamespaced(v);
    return f.ns === ns && name.startsWith(f.prefix);
  });
}

function matchFqdn(values: readonly string[], names: readonly string[]): boolean {
  if (names.length === 0) return false;
  const canonical = names.map(canonicalDnsName);
  return values.some((v) => {
    const re = fqdnPattern(v);
    return re !== null && canonical.some((n) => re.test(n));
  });
}

function matchLabels(values: readonly string[], labels: readonly string[]): boolean {
  return values.some((v) => {
    const reqs = labelSelector(v);
    return reqs !== null && selectorMatches(reqs, labels);
  });
}

function matchWorkload(values: readonly WorkloadSelector[], ep: FlowEndpoint): boolean {
  return values.some((sel) =>
    ep.workloads.some(
      (w) =>
        (!sel.name || sel.name === w.name) &&
        (!sel.kind || sel.kind.toLowerCase() === w.kind.toLowerCase()),
    ),
  );
}

function matchPort(values: readonly string[], port: number | undefined): boolean {
  if (port === undefined) return false;
  return values.some((v) => parsePort(v) === port);
}

function matchProtocol(values: readonly string[], rec: FlowRecord): boolean {
  return values.some((v) => {
    switch (v.toLowerCase()) {
      case 'tcp':
        return rec.protocol === 'TCP';
      case 'udp':
        return rec.protocol === 'UDP';
      case 'sctp':
        return rec.protocol === 'SCTP';
      case 'icmp':
        return rec.protocol === 'ICMPv4' || rec.protocol === 'ICMPv6';
      case 'icmpv4':
        return rec.protocol === 'ICMPv4';
      case 'icmpv6':
        return rec.protocol === 'ICMPv6';
      case 'http':
        return rec.l7?.http !== undefined;
      case 'dns':
        return rec.l7?.dns !== undefined;
      case 'kafka':
        return rec.l7?.kafka !== undefined;
      default:
        return false;
    }
  });
}

function matchHttpStatus(values: readonly string[], rec: FlowRecord): boolean {
  const code = rec.l7?.http?.code;
  if (!code) return false;
  const text = String(code).padStart(3, '0');
  return values.some((v) => {
    const m = httpStatus(v);
    if (!m) return false;
    return 'exact' in m ? m.exact === text : text.startsWith(m.prefix);
  });
}

/** The URL's path, decoded as Go's url.ParseRequestURI gives it; null when unparsable. */
function urlPath(url: string): string | null {
  if (!url.startsWith('/') && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url)) return null;
  let path: string;
  try {
    path = new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return null;
  }
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function someRegex(values: readonly string[], subjects: readonly string[]): boolean {
  return values.some((v) => {
    const re = regex(v);
    return re !== null && subjects.some((s) => re.test(s));
  });
}

function matchNodeName(values: readonly string[], node: string): boolean {
  if (!node) return false;
  const full = nodeNameWithCluster(node);
  return values.some((v) => nodePattern(v)?.test(full) ?? false);
}

type Decide = FlowQuery['decide'];

/** The decision named by a flow's `decidedBy`: a policy rule, or a kind without one. */
function matchPolicy(values: readonly PolicySelector[], d: FlowDecision): boolean {
  const p = d.policy;
  if (!p) return false;
  return values.some(
    (sel) =>
      sel.name === p.name &&
      (sel.namespace === undefined || sel.namespace === p.namespace) &&
      (sel.kind === undefined || sel.kind === p.kind) &&
      (sel.rule === undefined || sel.rule === d.rule?.ruleId),
  );
}

/** `none`: no policy rule decided (let through where none enforces, or default deny). */
function matchDecision(values: readonly string[], d: FlowDecision): boolean {
  return values.some((v) =>
    v === 'none' ? d.kind === 'allowed-by-default' || d.kind === 'default-deny' : v === d.kind,
  );
}

type Checks = {
  [K in keyof FlowFilterSpec]-?: (
    rec: FlowRecord,
    values: NonNullable<FlowFilterSpec[K]>,
    decide: Decide,
  ) => boolean;
};

// One check per FlowFilterSpec field (the mapped type makes a missing one a compile error);
// each runs only when its field is set. Cheap equality checks come first so most flows are
// rejected before any regular expression runs.
const CHECKS: Checks = {
  eventType: (r, v) =>
    v.some(
      (t) =>
        (t.type === 0 || t.type === r.eventType) &&
        (t.subType === undefined || t.subType === r.eventSubType),
    ),
  verdict: (r, v) => v.includes(r.verdict),
  dropReasonDesc: (r, v) => r.dropReason !== undefined && v.includes(r.dropReason),
  trafficDirection: (r, v) => v.includes(r.direction),
  uuid: (r, v) => v.includes(r.id),
  reply: (r, v) => v.includes(r.isReply ?? false),
  sourceIdentity: (r, v) => v.includes(r.source.identity),
  destinationIdentity: (r, v) => v.includes(r.destination.identity),
  protocol: (r, v) => matchProtocol(v, r),
  sourcePort: (r, v) => matchPort(v, r.source.port),
  destinationPort: (r, v) => matchPort(v, r.destination.port),
  sourceIp: (r, v) => matchIp(v, r.source),
  destinationIp: (r, v) => matchIp(v, r.destination),
  sourcePod: (r, v) => matchNamespaced(v, r.source.namespace, r.source.pod),
  destinationPod: (r, v) => matchNamespaced(v, r.destination.namespace, r.destination.pod),
  sourceService: (r, v) =>
    matchNamespaced(v, r.source.service?.namespace ?? '', r.source.service?.name ?? ''),
  destinationService: (r, v) =>
    matchNamespaced(v, r.destination.service?.namespace ?? '', r.destination.service?.name ?? ''),
  sourceWorkload: (r, v) => matchWorkload(v, r.source),
  destinationWorkload: (r, v) => matchWorkload(v, r.destination),
  sourceFqdn: (r, v) => matchFqdn(v, r.source.names),
  destinationFqdn: (r, v) => matchFqdn(v, r.destination.names),
  sourceLabel: (r, v) => matchLabels(v, r.source.labels),
  destinationLabel: (r, v) => matchLabels(v, r.destination.labels),
  nodeName: (r, v) => matchNodeName(v, r.node),
  httpStatusCode: (r, v) => matchHttpStatus(v, r),
  httpMethod: (r, v) => {
    const method = r.l7?.http?.method.toLowerCase();
    return !!method && v.some((m) => m.toLowerCase() === method);
  },
  httpPath: (r, v) => {
    const url = r.l7?.http?.url;
    const path = url ? urlPath(url) : null;
    return path !== null && someRegex(v, [path]);
  },
  httpUrl: (r, v) => {
    const url = r.l7?.http?.url;
    return !!url && someRegex(v, [url]);
  },
  dnsQuery: (r, v) => {
    const dns = r.l7?.dns;
    if (!dns) return false;
    // Queries arrive fully qualified ("api.stripe.com."); users write them without the dot.
    const subjects = dns.query.endsWith('.') ? [dns.query, dns.query.slice(0, -1)] : [dns.query];
    return someRegex(v, subjects);
  },
  // Decisions cost an evaluation: these run last, on flows every other field let through.
  policy: (r, v, decide) => !!decide && matchPolicy(v, decide(r)),
  decision: (r, v, decide) => !!decide && matchDecision(v, decide(r)),
};

type AnyCheck = (rec: FlowRecord, values: readonly unknown[], decide: Decide) => boolean;
const CHECK_LIST = Object.entries(CHECKS) as [keyof FlowFilterSpec, AnyCheck][];

/** True when the flow satisfies every set field of the filter (AND across fields). */
export function matchesFilter(rec: FlowRecord, f: FlowFilterSpec, decide?: Decide): boolean {
  for (const [field, check] of CHECK_LIST) {
    const values = f[field] as readonly unknown[] | undefined;
    if (isSet(values) && !check(rec, values, decide)) return false;
  }
  return true;
}

/** Any whitelist filter (or none given) and no blacklist filter, as GetFlowsRequest. */
export function matchesQuery(rec: FlowRecord, q: FlowQuery): boolean {
  const d = q.decide;
  if (q.whitelist.length > 0 && !q.whitelist.some((f) => matchesFilter(rec, f, d))) return false;
  return !q.blacklist.some((f) => matchesFilter(rec, f, d));
}
