// queryOptions builders of the answers every page shares: the relay status, the client
// configuration and the history's size.
import { queryOptions } from '@tanstack/react-query';
import type { ClientConfig, HistoryStats, RelayStatus } from './api/types';
import { getJson } from './api-client';
import { queryKeys } from './query-keys';

const STATUS_POLL_MS = 5000;

export function statusQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.status(),
    queryFn: ({ signal }) => getJson<RelayStatus>('/api/status', signal),
    refetchInterval: STATUS_POLL_MS,
    // Status is also pushed by the live stream; polling is the fallback when it is absent.
    staleTime: STATUS_POLL_MS,
  });
}

export function configQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.config(),
    queryFn: ({ signal }) => getJson<ClientConfig>('/api/config', signal),
    staleTime: Infinity,
  });
}

export function historyQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.history(),
    queryFn: ({ signal }) => getJson<HistoryStats>('/api/store', signal),
    refetchInterval: 10_000,
  });
}
