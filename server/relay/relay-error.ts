// One wrapper for every failure talking to the relay, so callers ask questions of it
// instead of inspecting gRPC status codes.
import 'server-only';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { StatusObject } from '@grpc/grpc-js';

const TRANSIENT = new Set<number>([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.RESOURCE_EXHAUSTED,
  GrpcStatus.ABORTED,
  GrpcStatus.INTERNAL,
  GrpcStatus.UNKNOWN,
  GrpcStatus.CANCELLED,
]);

/**
 * TLS handshakes that failed on a certificate: grpc-js reports them as UNAVAILABLE, but they
 * last until a CA, a certificate or the server name is changed, so they are configuration
 * errors. The words are OpenSSL's and Node's (our side's verification, and the alerts a relay
 * sends when it refuses our client certificate).
 */
const CERTIFICATE_REFUSED =
  /self[- ]signed certificate|unable to (?:verify|get local issuer)|certificate (?:has expired|is not yet valid|required|unknown|expired|revoked)|does not match certificate's altnames|not in the cert's altnames|unknown ca|bad certificate/i;

export class RelayError extends Error {
  override name = 'RelayError';

  constructor(
    message: string,
    readonly code: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static from(err: unknown): RelayError {
    if (err instanceof RelayError) return err;
    const status = grpcStatusOf(err);
    if (status) {
      const codeName = GrpcStatus[status.code] ?? String(status.code);
      const detail = status.details || status.message || 'no details';
      return new RelayError(`${codeName}: ${detail}`, status.code, { cause: err });
    }
    return new RelayError(err instanceof Error ? err.message : String(err), undefined, {
      cause: err,
    });
  }

  /**
   * Worth retrying soon: the relay or the network may come back by themselves. Refusals of
   * who we are (UNAUTHENTICATED, PERMISSION_DENIED) and a relay without the API
   * (UNIMPLEMENTED) are not, nor is a certificate the TLS handshake refused: the client calls
   * them configuration errors and retries slowly.
   */
  get isRecoverable(): boolean {
    if (this.code === GrpcStatus.UNAVAILABLE && CERTIFICATE_REFUSED.test(this.message))
      return false;
    return this.code === undefined || TRANSIENT.has(this.code);
  }
}

/** The gRPC status of a failed call (a grpc-js ServiceError, or a status object). */
function grpcStatusOf(
  err: unknown,
): (Pick<StatusObject, 'code' | 'details'> & { message: string }) | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  if (!('code' in err) || typeof err.code !== 'number') return undefined;
  const details = 'details' in err && typeof err.details === 'string' ? err.details : '';
  const message = 'message' in err && typeof err.message === 'string' ? err.message : '';
  return { code: err.code, details, message };
}
