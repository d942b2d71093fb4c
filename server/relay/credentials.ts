// Channel credentials for the relay: plaintext, TLS, or mTLS with a client certificate as
// Hubble Relay issues them. A misconfiguration is an error, never a fallback to plaintext.
import 'server-only';
import { readFileSync } from 'node:fs';
import { credentials } from '@grpc/grpc-js';
import type { ChannelCredentials, ChannelOptions } from '@grpc/grpc-js';
import type { TlsConfig } from '@/server/config';
import { RelayError } from './relay-error';

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new RelayError(
      `cannot read ${what} ${path}: ${err instanceof Error ? err.message : String(err)}`,
      undefined,
      {
        cause: err,
      },
    );
  }
}

export interface RelayChannel {
  credentials: ChannelCredentials;
  options: ChannelOptions;
}

export function relayChannel(tls: TlsConfig | undefined, reconnectMaxMs = 30_000): RelayChannel {
  const options: ChannelOptions = {
    // grpc-js backs off reconnecting a failed connection up to 120 s on its own; keep its
    // pace within ours, or a relay that is back stays unreached long after our retry.
    'grpc.initial_reconnect_backoff_ms': Math.min(500, reconnectMaxMs),
    'grpc.max_reconnect_backoff_ms': reconnectMaxMs,
    // Detect a relay that vanished without closing the connection.
    'grpc.keepalive_time_ms': 20_000,
    'grpc.keepalive_timeout_ms': 10_000,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
    // Flowscope has its own reconnect policy and status; keep grpc-js from retrying silently.
    'grpc.enable_retries': 0,
  };
  if (!tls) return { credentials: credentials.createInsecure(), options };
  const ca = tls.caFile ? readPem(tls.caFile, 'CA file') : null;
  const key = tls.keyFile ? readPem(tls.keyFile, 'client key') : null;
  const cert = tls.certFile ? readPem(tls.certFile, 'client certificate') : null;
  if (tls.serverName) {
    options['grpc.ssl_target_name_override'] = tls.serverName;
    options['grpc.default_authority'] = tls.serverName;
  }
  return { credentials: credentials.createSsl(ca, key, cert), options };
}
