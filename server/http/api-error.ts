// Errors that know their HTTP answer. Route handlers throw them; `handleRoute` turns them
// (and anything unexpected) into JSON responses, so no input produces an HTML error page.
import 'server-only';
import type { ApiErrorBody } from '@/lib/api/types';
import { errorFields, log } from '@/server/log';

export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
    readonly param?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static badRequest(message: string, param?: string): ApiError {
    return new ApiError(400, message, param);
  }

  toResponse(): Response {
    const body: ApiErrorBody = { error: this.message };
    if (this.param) body.param = this.param;
    return Response.json(body, { status: this.status, headers: { 'cache-control': 'no-store' } });
  }
}

export async function handleRoute(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ApiError) return err.toResponse();
    log.error('request failed', errorFields(err));
    return new ApiError(500, 'internal error').toResponse();
  }
}
