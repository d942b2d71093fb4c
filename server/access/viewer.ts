// Who is asking, and which namespaces they may see. With access control configured, the
// user and groups come from the gateway's headers, believed only when the request's socket
// peer is one of the trusted proxies; groups map to namespaces through the configuration.
import 'server-only';
import { parseIp, prefixContains } from '@/server/filter/ip-cidr';
import type { FlowRecord } from '@/lib/api/flow-record';
import type { AccessInfo } from '@/lib/api/types';
import { ApiError } from '@/server/http/api-error';
import { ALL_NAMESPACES, type AccessConfig } from './access-config';
import { peerOf } from './peer';

/** Namespaces a viewer may see; undefined means every one. */
export type Scope = readonly string[] | undefined;

export type Viewer =
  /** No access control configured: everyone sees everything. */
  | { restricted: false; scope: undefined }
  | { restricted: true; user: string; groups: string[]; scope: Scope };

export const UNRESTRICTED: Viewer = { restricted: false, scope: undefined };

const MAX_GROUPS = 1000;
const MAX_NAME = 512;

function fromBase64Json(text: string): unknown {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  if (!decoded.trimStart().startsWith('[')) return undefined;
  try {
    return JSON.parse(decoded);
  } catch {
    return undefined;
  }
}

/**
 * A groups header as gateways send it: a JSON array (Envoy sends list claims as base64 of
 * the JSON array, others send it plain) or a comma-separated list.
 */
export function parseGroupsHeader(value: string | null, header = 'groups header'): string[] {
  const text = (value ?? '').trim();
  if (text === '') return [];
  let list: unknown = fromBase64Json(text);
  if (list === undefined && text.startsWith('[')) {
    try {
      list = JSON.parse(text);
    } catch {
      throw new ApiError(400, `${header}: starts with [ but is not a JSON array`);
    }
  }
  const groups = Array.isArray(list)
    ? list.filter((g): g is string => typeof g === 'string')
    : text.split(',');
  const out = [...new Set(groups.map((g) => g.trim()).filter(Boolean))];
  if (out.length > MAX_GROUPS || out.some((g) => g.length > MAX_NAME)) {
    throw new ApiError(400, `${header}: too many or too long group names`);
  }
  return out;
}

export function isTrustedPeer(cfg: AccessConfig, peer: string): boolean {
  const ip = parseIp(peer);
  return ip !== null && cfg.trustedProxies.some((p) => prefixContains(p, ip));
}

/** The namespaces a user's groups grant (undefined: all), in name order. */
export function scopeOfGroups(cfg: AccessConfig, groups: readonly string[]): Scope {
  const granted = new Set<string>();
  for (const g of groups) {
    for (const ns of cfg.groups.get(g) ?? []) {
      if (ns === ALL_NAMESPACES) return undefined;
      granted.add(ns);
    }
  }
  return [...granted].sort();
}

/**
 * The viewer of a request. Throws 403 when access control is on and the request did not
 * come through a trusted proxy or grants no namespace, 401 when the proxy named no user.
 */
export function resolveViewer(cfg: AccessConfig | undefined, headers: Headers): Viewer {
  if (!cfg) return UNRESTRICTED;
  const peer = peerOf(headers);
  if (!peer || !isTrustedPeer(cfg, peer)) {
    throw new ApiError(
      403,
      `access is restricted to requests through the gateway; this one came from ${peer ?? 'an unknown address'}, which is not a trusted proxy (FLOWSCOPE_TRUSTED_PROXIES)`,
    );
  }
  const user = (headers.get(cfg.userHeader) ?? '').trim();
  if (!user) {
    throw new ApiError(401, `the gateway sent no user (header ${cfg.userHeader}): sign in again`);
  }
  if (user.length > MAX_NAME) throw new ApiError(400, `${cfg.userHeader}: too long`);
  const groups = parseGroupsHeader(headers.get(cfg.groupsHeader), cfg.groupsHeader);
  const scope = scopeOfGroups(cfg, groups);
  if (scope && scope.length === 0) {
    throw new ApiError(
      403,
      `${user} may see no namespace: none of their groups (${groups.join(', ') || 'none'}) is granted one in FLOWSCOPE_ACCESS_GROUPS`,
    );
  }
  return { restricted: true, user, groups, scope };
}

/** Whether a flow is visible in a scope: either of its ends is in a granted namespace. */
export function flowInScope(rec: FlowRecord, scope: Scope): boolean {
  if (!scope) return true;
  return scope.includes(rec.source.namespace) || scope.includes(rec.destination.namespace);
}

/** Whether a policy is visible in a scope: cluster-wide ones are, namespaced ones in it. */
export function policyInScope(p: { namespace: string }, scope: Scope): boolean {
  return !scope || p.namespace === '' || scope.includes(p.namespace);
}

/** What the UI shows about a request's access: who may see what, or why it is refused. */
export function accessInfo(cfg: AccessConfig | undefined, headers: Headers): AccessInfo {
  let v: Viewer;
  try {
    v = resolveViewer(cfg, headers);
  } catch (err) {
    if (err instanceof ApiError) return { state: 'denied', reason: err.message };
    throw err;
  }
  if (!v.restricted) return { state: 'unrestricted' };
  return { state: 'granted', user: v.user, namespaces: v.scope ? [...v.scope] : 'all' };
}
