// What the draft routes share: the JSON body read with a size bound, the body's fields read
// with a 400 naming the wrong one, and the viewer's scope over drafts. A viewer may see and
// save a draft only when every policy it applies or removes is in a namespace the viewer
// sees; a cluster-wide policy only when the viewer sees every namespace.
import 'server-only';
import type { DraftChange, DraftProblem, DraftSet, DraftSummary } from '@/lib/api/lab';
import type { Scope } from '@/server/access/viewer';
import { ApiError } from '@/server/http/api-error';
import type { Policy } from '@/server/policies/model';
import { DRAFT_LIMITS } from './drafts';
import { changeTarget, validateChanges, type PolicyTarget } from './validate-draft';

/** A body a little over the largest draft, so the store answers 413 with the draft's size. */
const MAX_BODY_BYTES = DRAFT_LIMITS.maxDraftBytes + 64 * 1024;

/** The request's JSON object; 400 when it is not JSON or not an object, 413 when too large. */
export async function readJsonObject(req: Request): Promise<Record<string, unknown>> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) {
    throw new ApiError(413, `the body is ${declared} bytes; at most ${MAX_BODY_BYTES}`);
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > MAX_BODY_BYTES) {
        await reader.cancel();
        throw new ApiError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw ApiError.badRequest('the body is empty: send a JSON object');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw ApiError.badRequest('the body is not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw ApiError.badRequest('the body must be a JSON object');
  }
  return v as Record<string, unknown>;
}

export function rejectUnknownFields(body: Record<string, unknown>, known: readonly string[]) {
  for (const key of Object.keys(body)) {
    if (!known.includes(key)) {
      throw ApiError.badRequest(
        `unknown field "${key.slice(0, 60)}" (known: ${known.join(', ')})`,
        key,
      );
    }
  }
}

export function parseStaged(v: unknown): boolean {
  if (typeof v !== 'boolean') throw ApiError.badRequest('staged must be true or false', 'staged');
  return v;
}

/** Whether a viewer sees a policy a draft touches. */
export function targetInScope(t: Pick<PolicyTarget, 'namespace'>, scope: Scope): boolean {
  if (!scope) return true;
  return t.namespace !== '' && scope.includes(t.namespace);
}

/**
 * The viewer sees a draft when it sees every policy the draft touches. A document whose kind
 * and namespace cannot be read yet (work in progress) touches no policy.
 */
export function draftInScope(d: Pick<DraftSet, 'changes'>, scope: Scope): boolean {
  if (!scope) return true;
  return d.changes.every((c) => {
    const t = changeTarget(c);
    return !t || targetInScope(t, scope);
  });
}

/** 403 naming the first change outside the viewer's namespaces. */
export function assertChangesInScope(changes: readonly DraftChange[], scope: Scope): void {
  if (!scope) return;
  changes.forEach((c, i) => {
    const t = changeTarget(c);
    if (!t || targetInScope(t, scope)) return;
    const where = t.namespace ? `namespace ${t.namespace}` : 'a cluster-wide policy';
    throw new ApiError(
      403,
      `changes[${i}] concerns ${where}, outside the namespaces you may see (${scope.join(', ')})`,
      `changes[${i}]`,
    );
  });
}

/** The policies in force the viewer sees, as a removal may name them. */
export function policiesInScope(policies: readonly Policy[], scope: Scope): Policy[] {
  return policies.filter((p) => targetInScope(p, scope));
}

export function problemsOf(changes: readonly DraftChange[], inForce: readonly Policy[]) {
  return validateChanges(changes, inForce);
}

export function summaryOf(d: DraftSet): DraftSummary {
  const s: DraftSummary = {
    id: d.id,
    name: d.name,
    changes: d.changes.length,
    staged: d.staged,
    updatedAt: d.updatedAt,
  };
  if (d.updatedBy) s.updatedBy = d.updatedBy;
  return s;
}

export function draftAnswer(draft: DraftSet, problems: DraftProblem[]) {
  return Response.json({ draft, problems }, { headers: { 'cache-control': 'no-store' } });
}
