// API paths, queryOptions and the writes of the policy lab's drafts. Components use these;
// they never fetch or write a key themselves.
import { queryOptions } from '@tanstack/react-query';
import type {
  DraftAnswer,
  DraftChange,
  DraftCreateBody,
  DraftListAnswer,
  DraftSet,
  ValidateAnswer,
} from '@/lib/api/lab';
import type { PolicyKeyParts, PolicyView } from '@/lib/api/policy';
import {
  ApiError,
  apiUrl,
  getJson,
  isApiErrorBody,
  retryUnlessClientError,
} from '@/lib/api-client';
import { policyViewApiPath } from '@/lib/policy/queries';
import { queryKeys } from '@/lib/query-keys';

export function draftApiPath(id: string): string {
  return `/api/lab/drafts/${encodeURIComponent(id)}`;
}

/** The page of one draft. */
export function draftPagePath(id: string): string {
  return `/lab/drafts/${encodeURIComponent(id)}`;
}

export function draftListQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.lab.drafts(),
    queryFn: ({ signal }) => getJson<DraftListAnswer>('/api/lab/drafts', signal),
    retry: retryUnlessClientError,
  });
}

export function draftQueryOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.lab.draft(id),
    queryFn: ({ signal }) => getJson<DraftAnswer>(draftApiPath(id), signal),
    // The editor holds the user's edits; a refetch must not replace them under the cursor.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: retryUnlessClientError,
  });
}

/** Problems of the changes as edited (not saved), with the changes they were found in. */
export interface CheckedChanges extends ValidateAnswer {
  checked: readonly DraftChange[];
}

export function validateQueryOptions(changes: readonly DraftChange[]) {
  const body = JSON.stringify({ changes });
  return queryOptions({
    queryKey: queryKeys.lab.validate(body),
    queryFn: async ({ signal }): Promise<CheckedChanges> => {
      const answer = await sendJson<ValidateAnswer>('POST', '/api/lab/validate', body, signal);
      return { ...answer, checked: changes };
    },
    staleTime: Infinity,
    retry: retryUnlessClientError,
  });
}

async function sendJson<T>(
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: string,
  signal?: AbortSignal,
): Promise<T> {
  const res = await fetch(apiUrl(path), {
    method,
    signal,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  const answer: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    if (isApiErrorBody(answer)) throw new ApiError(res.status, answer.error, answer.param);
    throw new ApiError(res.status, `${res.status} ${res.statusText}`.trim());
  }
  return answer as T;
}

export function createDraft(body: DraftCreateBody): Promise<DraftAnswer> {
  return sendJson('POST', '/api/lab/drafts', JSON.stringify(body));
}

export function saveDraft(
  id: string,
  draft: Pick<DraftSet, 'name' | 'changes' | 'staged'>,
): Promise<DraftAnswer> {
  const body = { name: draft.name, changes: draft.changes, staged: draft.staged };
  return sendJson('PUT', draftApiPath(id), JSON.stringify(body));
}

export function deleteDraft(id: string): Promise<{ deleted: string }> {
  return sendJson('DELETE', draftApiPath(id));
}

/** The YAML of a policy in force, as the policy view answers it. */
export async function policyYaml(key: PolicyKeyParts): Promise<string> {
  const path = policyViewApiPath(key, { kind: 'relative', last: '1m', ms: 60_000 });
  const view = await getJson<PolicyView>(path, new AbortController().signal);
  return view.policy.yaml;
}
