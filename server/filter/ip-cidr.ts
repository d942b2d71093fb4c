// IP and CIDR parsing for flow filters. Hand-written because the code must run in the
// browser too (no node:net) and it sits on the matching hot path.
import 'server-only';

export interface IpPrefix {
  bytes: Uint8Array;
  /** Significant leading bits; 32 or 128 for a plain address. */
  bits: number;
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? '';
    // Leading zeros are rejected, as Go's netip does, because some tools read them as octal.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

function parseHexGroups(text: string): number[] | null {
  if (text === '') return [];
  const groups: number[] = [];
  for (const g of text.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    groups.push(parseInt(g, 16));
  }
  return groups;
}

function parseIpv6(text: string): Uint8Array | null {
  let body = text;
  let tail: number[] = [];
  // An embedded IPv4 suffix (::ffff:10.0.0.1) stands for the last two groups.
  const lastColon = body.lastIndexOf(':');
  if (lastColon >= 0 && body.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(body.slice(lastColon + 1));
    if (!v4) return null;
    tail = [((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0)];
    body = body.slice(0, lastColon + 1);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const head = parseHexGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? parseHexGroups(halves[1] ?? '') : [];
  if (!head || !rest) return null;
  const explicit = head.length + rest.length + tail.length;
  let groups: number[];
  if (halves.length === 2) {
    if (explicit > 7) return null;
    groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tail];
  } else {
    if (explicit !== 8) return null;
    groups = [...head, ...tail];
  }
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/** Parses an IPv4 or IPv6 address; null when it is not one. */
export function parseIp(text: string): Uint8Array | null {
  if (text.includes(':')) return parseIpv6(text);
  return parseIpv4(text);
}

/** Parses "10.0.0.1", "10.0.0.0/8", "fd00::1" or "fd00::/64"; null when invalid. */
export function parseIpOrCidr(text: string): IpPrefix | null {
  const slash = text.indexOf('/');
  const addr = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!addr) return null;
  const max = addr.length * 8;
  if (slash < 0) return { bytes: addr, bits: max };
  const bitsText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bitsText)) return null;
  const bits = Number(bitsText);
  if (bits > max) return null;
  return { bytes: addr, bits };
}

/** True when `ip` lies inside `prefix`; addresses of the other family never match. */
export function prefixContains(prefix: IpPrefix, ip: Uint8Array): boolean {
  if (ip.length !== prefix.bytes.length) return false;
  const whole = prefix.bits >> 3;
  for (let i = 0; i < whole; i++) {
    if (ip[i] !== prefix.bytes[i]) return false;
  }
  const rem = prefix.bits & 7;
  if (rem === 0) return true;
  const mask = (0xff << (8 - rem)) & 0xff;
  return ((ip[whole] ?? 0) & mask) === ((prefix.bytes[whole] ?? 0) & mask);
}
