// Value grammars shared by the filter-text parser (which reports errors) and the matcher
// (which must never throw, because filters also arrive unvalidated from the wire).
import 'server-only';

/** Splits "ns/prefix"; a value without "/" means the "default" namespace, as in Hubble. */
export function splitNamespaced(value: string): { ns: string; prefix: string } {
  const slash = value.indexOf('/');
  if (slash < 0) return { ns: 'default', prefix: value };
  return { ns: value.slice(0, slash), prefix: value.slice(slash + 1) };
}

/** Error text for a bad "[namespace/]name-prefix" value, or null when it is fine. */
export function namespacedError(value: string, what: string): string | null {
  const parts = value.split('/');
  if (value === '' || value === '/' || parts.length > 2 || /\s/.test(value)) {
    return `"${value}" is not [namespace/]${what}-prefix`;
  }
  return null;
}

const FQDN_PATTERN_RE = /^[-a-z0-9_.*]+$/;
const FQDN_STAR = '[-.0-9a-z_]*';

function canonicalPattern(pattern: string): string {
  return pattern.trim().replace(/\.$/, '').toLowerCase();
}

function fqdnPatternSource(pattern: string): string | null {
  const p = canonicalPattern(pattern);
  if (!p || p.endsWith('.') || !FQDN_PATTERN_RE.test(p)) return null;
  return p.replace(/\./g, '\\.').replace(/\*/g, FQDN_STAR);
}

/** Anchored, case-insensitive DNS name pattern with "*" wildcards; null when invalid. */
export function compileFqdnPattern(pattern: string): RegExp | null {
  const src = fqdnPatternSource(pattern);
  return src === null ? null : new RegExp(`^${src}$`);
}

/** Lowercases and drops one trailing dot so "API.Stripe.com." compares as a pattern does. */
export function canonicalDnsName(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

const ANY_FQDN = '[-0-9_a-z]+(?:\\.[-0-9_a-z]+)*';

/**
 * Node name glob: "cluster/node" with either side optional; without "/" it matches the node
 * part in every cluster. Node names without a cluster belong to the "default" cluster.
 */
export function compileNodePattern(pattern: string): RegExp | null {
  if (!pattern) return null;
  const parts = pattern.split('/');
  if (parts.length > 2) return null;
  const [clusterPart, nodePart] = parts.length === 2 ? parts : ['', parts[0]];
  const side = (p: string | undefined): string | null =>
    p ? fqdnPatternSource(p) : `(?:${ANY_FQDN})`;
  const cluster = side(clusterPart);
  const node = side(nodePart);
  if (cluster === null || node === null) return null;
  return new RegExp(`^${cluster}/${node}$`);
}

export function nodeNameWithCluster(node: string): string {
  const n = node.toLowerCase();
  return n.includes('/') ? n : `default/${n}`;
}

export type StatusMatcher = { exact: string } | { prefix: string };

/** "404" exact or "5+" / "50+" prefix, as Hubble's --http-status takes them. */
export function parseHttpStatus(value: string): StatusMatcher | null {
  if (/^[1-5][0-9]{2}$/.test(value)) return { exact: value };
  const m = /^([1-5][0-9]?)\+$/.exec(value);
  return m?.[1] ? { prefix: m[1] } : null;
}

export const PROTOCOLS = [
  'tcp',
  'udp',
  'icmp',
  'icmpv4',
  'icmpv6',
  'sctp',
  'http',
  'dns',
  'kafka',
] as const;

export function isProtocol(value: string): boolean {
  return (PROTOCOLS as readonly string[]).includes(value.toLowerCase());
}

const MAX_PATTERN = 1000;

/**
 * Why a pattern could take exponential time on a backtracking engine: a repeated group that
 * itself repeats or alternates, such as `(a+)+` or `(a|aa)*`. Flow URLs and DNS names are
 * chosen by workloads, so such a pattern would let them stall the server.
 */
export function nestedRepetition(source: string): string | null {
  const groups: { repeats: boolean }[] = [{ repeats: false }];
  const isQuantifier = (c: string | undefined) => c === '*' || c === '+' || c === '?' || c === '{';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i += 1;
    } else if (c === '[') {
      // A character class repeats nothing inside it; skip to its end.
      for (i += 1; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i += 1;
    } else if (c === '(') {
      groups.push({ repeats: false });
    } else if (c === ')' && groups.length > 1) {
      const inner = groups.pop()!;
      const repeated = isQuantifier(source[i + 1]) && source[i + 1] !== '?';
      if (repeated && inner.repeats) {
        return 'a repeated group that repeats inside, such as (a+)+ or (a|b)*, is not allowed: it can take exponential time';
      }
      if (inner.repeats || repeated) groups[groups.length - 1]!.repeats = true;
    } else if (c === '|' || (isQuantifier(c) && c !== '?')) {
      groups[groups.length - 1]!.repeats = true;
    }
  }
  return null;
}

/** Compiles a user regular expression; the error text when it is invalid or unsafe. */
export function compileRegex(source: string): RegExp | string {
  if (source.length > MAX_PATTERN) return `longer than ${MAX_PATTERN} characters`;
  const unsafe = nestedRepetition(source);
  if (unsafe) return unsafe;
  try {
    return new RegExp(source);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function parsePort(value: string): number | null {
  if (!/^[0-9]{1,5}$/.test(value)) return null;
  const n = Number(value);
  return n <= 65535 ? n : null;
}
