// API path and queryOptions of the report page. A report is generated on demand for one
// pinned window, so it is asked once and kept: it does not change while it is shown.
import { queryOptions } from '@tanstack/react-query';
import type { EvidenceReport } from '@/lib/api/report';
import { getJson, retryUnlessClientError } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { reportApiPath } from './view';

export function reportQueryOptions(query: string) {
  return queryOptions({
    queryKey: queryKeys.report.evidence(query),
    queryFn: ({ signal }) => getJson<EvidenceReport>(reportApiPath(query), signal),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: retryUnlessClientError,
  });
}
