// The readiness page's browser side: its URL state, API paths, queryOptions, and the words
// for a flow a staged draft would deny.
import { queryOptions } from '@tanstack/react-query';
import type { ReadinessAnswer, StagedList, StagedMark } from '@/lib/api/lab';
import { getJson, retryUnlessClientError } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export const PERIODS = ['1h', '24h', '7d'] as const;
export const DEFAULT_PERIOD = '1h';
const REFRESH_MS = 15_000;

export interface ReadinessState {
  draft: string;
  /** '' for every namespace the viewer sees. */
  namespace: string;
  period: string;
}

export function readinessState(params: URLSearchParams): ReadinessState {
  return {
    draft: params.get('draft') ?? '',
    namespace: params.get('namespace') ?? '',
    period: params.get('period') || DEFAULT_PERIOD,
  };
}

/** The page's query string: empty fields and the default period left out. */
export function readinessSearch(s: ReadinessState): string {
  const p = new URLSearchParams();
  if (s.draft) p.set('draft', s.draft);
  if (s.namespace) p.set('namespace', s.namespace);
  if (s.period && s.period !== DEFAULT_PERIOD) p.set('period', s.period);
  return p.toString();
}

export function readinessApiPath(s: ReadinessState, format?: 'csv'): string {
  const p = new URLSearchParams({ draft: s.draft });
  if (s.namespace) p.set('namespace', s.namespace);
  p.set('period', s.period);
  if (format) p.set('format', format);
  return `/api/lab/readiness?${p.toString()}`;
}

export function stagedListQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.labReadiness.staged(),
    queryFn: ({ signal }) => getJson<StagedList>('/api/lab/staged', signal),
    staleTime: REFRESH_MS,
    retry: retryUnlessClientError,
  });
}

export function readinessQueryOptions(s: ReadinessState) {
  return queryOptions({
    queryKey: queryKeys.labReadiness.answer(s.draft, s.namespace, s.period),
    queryFn: ({ signal }) => getJson<ReadinessAnswer>(readinessApiPath(s), signal),
    staleTime: REFRESH_MS,
    refetchInterval: REFRESH_MS,
    retry: retryUnlessClientError,
  });
}

/** "Would be denied by staged <name>" for each draft, with the rule that would. */
export function stagedDenialLines(marks: readonly StagedMark[]): string[] {
  return marks.map((m) => `Would be denied by staged ${m.name} (${m.decidedBy})`);
}

export function stagedDenialText(marks: readonly StagedMark[]): string {
  return stagedDenialLines(marks).join('\n');
}

/** `12:00:05` today, else the date too; in the browser's zone. */
export function seenText(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay ? d.toLocaleTimeString() : d.toLocaleString();
}
