// The body of `POST /api/lab/preview`, validated: a window as the other routes take it
// (`window`, or `from` and `to`) and the draft's changes. A bad field is a 400 naming it.
import 'server-only';
import { z } from 'zod';
import type { DraftChange } from '@/lib/api/lab';
import { ApiError } from '@/server/http/api-error';
import { parseWindow } from '@/server/http/view-params';
import { POLICY_KINDS } from '@/server/policies/model';

export const MAX_CHANGES = 100;
export const MAX_YAML_CHARS = 256 * 1024;
export const MAX_BODY_CHARS = 2 * 1024 * 1024;

const change = z.discriminatedUnion('action', [
  z.object({ action: z.literal('apply'), yaml: z.string().max(MAX_YAML_CHARS) }).strict(),
  z
    .object({
      action: z.literal('remove'),
      kind: z.enum(POLICY_KINDS as [string, ...string[]]),
      namespace: z.string().max(253),
      name: z.string().min(1).max(253),
    })
    .strict(),
]);

const body = z
  .object({
    window: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    changes: z.array(change).max(MAX_CHANGES),
  })
  .strict();

export interface PreviewRequest {
  window: { from: number; to: number };
  changes: DraftChange[];
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`))
    .join('');
}

export async function readPreviewRequest(req: Request, now = Date.now()): Promise<PreviewRequest> {
  const text = await req.text();
  if (text.length > MAX_BODY_CHARS) {
    throw ApiError.badRequest(`body: larger than ${MAX_BODY_CHARS} characters`, 'body');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw ApiError.badRequest('body: not JSON', 'body');
  }
  const parsed = body.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? fieldOf(issue.path) : 'body';
    throw ApiError.badRequest(`${field}: ${issue?.message ?? 'invalid'}`, field);
  }
  const params = new URLSearchParams();
  for (const k of ['window', 'from', 'to'] as const) {
    const v = parsed.data[k];
    if (v !== undefined) params.set(k, v);
  }
  return { window: parseWindow(params, now), changes: parsed.data.changes as DraftChange[] };
}
