'use client';
// Decisions for the flow list's rows that came without one (those the live stream brought):
// asked for by id, only for the rows on screen, and kept by id for as long as the list lives.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FlowDecisions, FlowRow } from '@/lib/api/types';
import { getJson } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { FlowDecision } from '@/lib/api/decisions';
import type { StagedMark } from '@/lib/api/lab';

/** The ids of `rows` still lacking a decision, at most `max`, sorted (a stable query key). */
export function missingDecisionIds(
  rows: readonly Pick<FlowRow, 'id' | 'decidedBy'>[],
  known: (id: string) => FlowDecision | undefined,
  max = 200,
): string[] {
  const ids = new Set<string>();
  for (const r of rows) {
    if (ids.size >= max) break;
    if (!r.decidedBy && !known(r.id)) ids.add(r.id);
  }
  return [...ids].sort();
}

export function flowDecisionsPath(ids: readonly string[]): string {
  const params = new URLSearchParams(ids.map((id) => ['id', id]));
  return `/api/flows/decisions?${params.toString()}`;
}

/**
 * A reader of the decisions fetched for rows without their own. Each answer is kept in the
 * query cache under its flow id (collected like any unobserved entry once out of use), so
 * a row keeps its decision as live rows push it down the list.
 */
export function useFlowDecisions(
  visible: readonly Pick<FlowRow, 'id' | 'decidedBy'>[],
): (id: string) => FlowDecision | undefined {
  const client = useQueryClient();
  const known = (id: string) => client.getQueryData<FlowDecision>(queryKeys.flows.decision(id));
  const ids = missingDecisionIds(visible, known);
  useQuery({
    queryKey: queryKeys.flows.decisions(ids),
    queryFn: async ({ signal }) => {
      const answer = await getJson<FlowDecisions>(flowDecisionsPath(ids), signal);
      for (const [id, d] of Object.entries(answer.decisions)) {
        client.setQueryData(queryKeys.flows.decision(id), d);
      }
      for (const [id, marks] of Object.entries(answer.staged ?? {})) {
        client.setQueryData(queryKeys.flows.staged(id), marks);
      }
      return answer;
    },
    enabled: ids.length > 0,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  return known;
}

/** The staged drafts that would deny a live row, as its decisions answer said. */
export function useStagedMarks(): (id: string) => StagedMark[] | undefined {
  const client = useQueryClient();
  return (id) => client.getQueryData<StagedMark[]>(queryKeys.flows.staged(id));
}
