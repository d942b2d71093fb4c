// API paths, queryOptions and the policy-lab hand-off of the suggested fix. Components use
// these; they never fetch or write a key themselves.
import { queryOptions } from '@tanstack/react-query';
import type { DraftSet } from '@/lib/api/lab';
import type { RecommendAnswer } from '@/lib/api/recommend';
import {
  ApiError,
  apiUrl,
  getJson,
  isApiErrorBody,
  retryUnlessClientError,
} from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function flowRecommendApiPath(flowId: string): string {
  return `/api/recommend?${new URLSearchParams({ flow: flowId }).toString()}`;
}

export function flowRecommendQueryOptions(flowId: string) {
  return queryOptions({
    queryKey: queryKeys.recommend.flow(flowId),
    queryFn: ({ signal }) => getJson<RecommendAnswer>(flowRecommendApiPath(flowId), signal),
    // The window around the flow grows slowly; a policy change would alter the answer.
    staleTime: 60_000,
    refetchOnWindowFocus: false,
    retry: retryUnlessClientError,
  });
}

/** The body POST /api/lab/drafts takes: every changed or new policy applied. */
export function labDraftBody(answer: RecommendAnswer, name: string) {
  return {
    name,
    changes: answer.changes.map((c) => ({ action: 'apply' as const, yaml: c.after })),
  };
}

/** Saves the proposal as a policy-lab draft; answers the draft's id. */
export async function createLabDraft(answer: RecommendAnswer, name: string): Promise<string> {
  const res = await fetch(apiUrl('/api/lab/drafts'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(labDraftBody(answer, name)),
  });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    if (isApiErrorBody(body)) throw new ApiError(res.status, body.error, body.param);
    throw new ApiError(res.status, `${res.status} ${res.statusText}`.trim());
  }
  const id = (body as Partial<DraftSet> | undefined)?.id;
  if (typeof id !== 'string' || id === '') {
    throw new ApiError(res.status, 'the policy lab answered without a draft id');
  }
  return id;
}

/** Download names: `fix-<flow id>.yaml` / `.patch`. */
export function fixFileName(flowId: string, ext: 'yaml' | 'patch'): string {
  return `fix-${flowId.replace(/[^A-Za-z0-9-]/g, '')}.${ext}`;
}
