// The part of an L7 record the service map summarises: HTTP method, status class and a
// normalised path, or a DNS query name. Distinct digests are few (paths lose their ids), so
// the store interns them and keeps one small number per flow.
import 'server-only';
import type { FlowL7 } from '@/lib/api/flow-record';

export interface L7Digest {
  kind: 'http' | 'dns';
  method: string;
  /** '2xx'...'5xx', 'other', or '' when the record carries no code (requests). */
  status: string;
  path: string;
  query: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;
const HEX = /^[0-9a-f]{12,}$/i;
// Opaque tokens (base64-ish ids) are long and mix in digits.
const TOKEN = /^(?=.*\d)[A-Za-z0-9_-]{20,}$/;

function isIdSegment(seg: string): boolean {
  return NUMBER.test(seg) || UUID.test(seg) || HEX.test(seg) || TOKEN.test(seg);
}

/** Path of an HTTP url (absolute or origin-form) without query, ids replaced by `:id`. */
export function normalizePath(url: string): string {
  let path = url;
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*/.exec(path);
  if (scheme) path = path.slice(scheme[0].length);
  const cut = path.search(/[?#]/);
  if (cut >= 0) path = path.slice(0, cut);
  if (!path.startsWith('/')) path = '/' + path;
  return path
    .split('/')
    .map((seg) => (isIdSegment(seg) ? ':id' : seg))
    .join('/');
}

export function statusClass(code: number): string {
  if (!code) return '';
  if (code >= 200 && code < 600) return `${Math.floor(code / 100)}xx`;
  return 'other';
}

/** The digest of an L7 record, or undefined when it is neither HTTP nor DNS. */
export function l7Digest(l7: FlowL7 | undefined): L7Digest | undefined {
  if (l7?.http) {
    const h = l7.http;
    const status = statusClass(h.code);
    return { kind: 'http', method: h.method, status, path: normalizePath(h.url), query: '' };
  }
  if (l7?.dns) {
    const query = l7.dns.query.replace(/\.$/, '');
    return { kind: 'dns', method: '', status: '', path: '', query };
  }
  return undefined;
}

/** A string that identifies the digest, for interning. */
export function l7DigestKey(d: L7Digest): string {
  return d.kind === 'http' ? `h ${d.method} ${d.status} ${d.path}` : `d ${d.query}`;
}
