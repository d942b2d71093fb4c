// API paths and queryOptions of the suggested fix. Components use
// these; they never fetch or write a key themselves.
import { queryOptions } from '@tanstack/react-query';
import type { RecommendAnswer } from '@/lib/api/recommend';
import { getJson, retryUnlessClientError } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { DraftCreateBody } from '@/lib/api/lab';
import { draftPagePath } from '@/lib/lab/queries';

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

/** Download names: `fix-<flow id>.yaml` / `.patch`. */
export function fixFileName(flowId: string, ext: 'yaml' | 'patch'): string {
  return `fix-${flowId.replace(/[^A-Za-z0-9-]/g, '')}.${ext}`;
}

/** The draft a suggestion opens in the policy lab: each changed or created policy applied. */
export function labDraftBody(answer: RecommendAnswer): DraftCreateBody {
  const t = answer.target;
  const what = t.flowId ? `flow ${t.flowId.slice(0, 8)}` : (t.workload ?? 'the window');
  return {
    name: `Suggested fix for ${what}`,
    changes: answer.changes.map((c) => ({ action: 'apply', yaml: c.after })),
  };
}

/** The draft's page, previewing over the suggestion's own window. */
export function labDraftHref(draftId: string, answer: RecommendAnswer): string {
  const q = new URLSearchParams({
    from: new Date(answer.target.from).toISOString(),
    to: new Date(answer.target.to).toISOString(),
  });
  return `${draftPagePath(draftId)}?${q.toString()}`;
}
