// The address a request really came from. Next.js route handlers see headers only, and any
// client can send X-Forwarded-For, so the server stamps each request with its socket's peer
// address under a header whose value carries a per-process secret: a client cannot forge
// it, and without the stamp (not installed, or another server) no peer is known and access
// control refuses the request rather than trust a header.
import 'server-only';
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';

export const PEER_HEADER = 'x-flowscope-peer';

const KEY = Symbol.for('flowscope.peer-stamp');
const INSTALLED = Symbol.for('flowscope.peer-stamp.installed');
type Holder = { [KEY]?: string; [INSTALLED]?: boolean };

function secret(): string {
  const holder = globalThis as Holder;
  holder[KEY] ??= randomBytes(18).toString('base64url');
  return holder[KEY];
}

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) reads as 10.0.0.1. */
export function normalizePeer(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** Writes the stamp on one incoming request, replacing whatever the client sent. */
export function stampPeer(req: IncomingMessage): void {
  const address = req.socket?.remoteAddress;
  if (address) req.headers[PEER_HEADER] = `${secret()} ${normalizePeer(address)}`;
  else delete req.headers[PEER_HEADER];
}

/** Stamps every request of every HTTP server in this process (Next.js's included). */
export function installPeerStamp(): void {
  const holder = globalThis as Holder;
  if (holder[INSTALLED]) return;
  holder[INSTALLED] = true;
  const emit = http.Server.prototype.emit as (
    event: string | symbol,
    ...args: unknown[]
  ) => boolean;
  http.Server.prototype.emit = function (
    this: http.Server,
    event: string | symbol,
    ...args: unknown[]
  ): boolean {
    if (event === 'request') stampPeer(args[0] as IncomingMessage);
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}

/** The stamped peer address of a request, or undefined when it carries no valid stamp. */
export function peerOf(headers: Headers): string | undefined {
  const value = headers.get(PEER_HEADER);
  if (!value) return undefined;
  const space = value.indexOf(' ');
  if (space < 0 || value.slice(0, space) !== secret()) return undefined;
  return value.slice(space + 1);
}
