// Access control settings: which proxies may vouch for a user, and which namespaces each
// group of users may see. Parsed from the environment by server/config.ts.
import 'server-only';
import { parseIpOrCidr, type IpPrefix } from '@/server/filter/ip-cidr';
import { isNamespaceName } from '@/lib/namespace-name';

/** Every namespace. */
export const ALL_NAMESPACES = '*';

export interface AccessConfig {
  /** Peers (socket addresses) whose identity headers are believed: the gateway's proxies. */
  trustedProxies: IpPrefix[];
  /** The same, as written, for messages. */
  trustedProxiesText: string[];
  /** Header carrying the signed-in user (e.g. the email claim). */
  userHeader: string;
  /** Header carrying the user's groups. */
  groupsHeader: string;
  /** Group -> namespaces it grants; `*` grants all of them. */
  groups: ReadonlyMap<string, readonly string[]>;
}

const HEADER_NAME = /^[a-z0-9][a-z0-9-]{0,99}$/;

export function parseTrustedProxies(text: string): { prefixes: IpPrefix[]; texts: string[] } {
  const texts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (texts.length === 0) throw new Error('lists no address');
  const prefixes = texts.map((t) => {
    const p = parseIpOrCidr(t);
    if (!p) throw new Error(`"${t}" is not an IP address or CIDR (e.g. 10.0.0.0/8, fd00::/8)`);
    return p;
  });
  return { prefixes, texts };
}

/**
 * `group=ns1,ns2;other-group=*`: the namespaces each group may see. Group names are taken
 * as written (case and all), since identity providers compare them exactly.
 */
export function parseGroupNamespaces(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const entry of text.split(';')) {
    if (entry.trim() === '') continue;
    const eq = entry.lastIndexOf('=');
    const group = eq > 0 ? entry.slice(0, eq).trim() : '';
    if (!group) throw new Error(`"${entry.trim()}" is not group=namespace[,namespace...]`);
    const namespaces = entry
      .slice(eq + 1)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (namespaces.length === 0) throw new Error(`group "${group}" lists no namespace`);
    for (const ns of namespaces) {
      if (ns !== ALL_NAMESPACES && !isNamespaceName(ns)) {
        throw new Error(`"${ns}" (group "${group}") is not a namespace name or *`);
      }
    }
    out.set(group, [...new Set([...(out.get(group) ?? []), ...namespaces])]);
  }
  if (out.size === 0) throw new Error('maps no group');
  return out;
}

export function parseHeaderName(text: string): string {
  const name = text.trim().toLowerCase();
  if (!HEADER_NAME.test(name)) throw new Error(`"${text}" is not an HTTP header name`);
  return name;
}
