'use client';
// Keeps a live ("last 15 minutes") map current: follows the map's server-sent event stream
// (shared through lib/live/) from the cached map's window end and adds each delta to the
// cache through applyMapDelta. Deltas arrive every ~2 s; they are batched and applied at most
// every APPLY_MS so a burst renders once. When the periodic full refetch replaces the map (its
// window start moves), the stream is reopened from the new map's end so nothing is counted
// twice.
import { useMemo } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ServiceMap } from '@/lib/api/aggregate';
import type { MapLiveEvent } from '@/lib/api/types';
import { applyMapDelta } from './apply-delta';
import { useLiveStream, type LiveStreamState } from '@/lib/live/use-live-stream';
import type { MapFilters } from './filters';
import { mapQueryOptions, mapStreamUrl } from './queries';
import { queryKeys } from '@/lib/query-keys';
import type { TimeWindow } from '@/lib/time-window/time-window';

export type MapStreamState = 'off' | LiveStreamState;

const APPLY_MS = 2000;

export interface LiveMapOptions {
  window: TimeWindow;
  filters: MapFilters;
  /** Start of the cached map's window; a new value means a full refetch landed. */
  mapFrom: number | undefined;
  enabled: boolean;
}

export function useLiveMap({ window, filters, mapFrom, enabled }: LiveMapOptions): MapStreamState {
  const queryClient = useQueryClient();
  const live = enabled && window.kind === 'relative' && mapFrom !== undefined;
  const { queryKey } = mapQueryOptions(window, filters);
  const streamKey = JSON.stringify([queryKey, mapFrom]);
  // The stream starts where the cached map ends, read when the map (or its filters) is
  // replaced: the deltas applied since move that end along with the stream, so it is not
  // read again for them.
  const url = useMemo(() => {
    if (!live) return undefined;
    const since = queryClient.getQueryData<ServiceMap>(queryKey)?.window.to;
    return since === undefined ? undefined : mapStreamUrl(filters, window, since);
    // `queryKey`, `filters` and `window` are captured through streamKey, which changes with them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live, streamKey, queryClient]);

  const start = () => {
    const cacheKey = queryKey;
    let pending: ServiceMap[] = [];
    let lastApply = 0;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;

    const schedule = () => {
      flushTimer ??= setTimeout(flush, Math.max(0, lastApply + APPLY_MS - Date.now()));
    };
    function flush() {
      flushTimer = undefined;
      const q = queryClient.getQueryState<ServiceMap>(cacheKey);
      if (q?.data === undefined || q.fetchStatus === 'fetching') {
        schedule();
        return;
      }
      const batch = pending;
      pending = [];
      lastApply = Date.now();
      queryClient.setQueryData<ServiceMap>(cacheKey, (map) =>
        // A delta that ends before the map does is already in it (a refetch overtook it).
        map
          ? batch.reduce((m, d) => (d.window.to <= m.window.to ? m : applyMapDelta(m, d)), map)
          : map,
      );
    }

    const onEvent = (event: MapLiveEvent) => {
      if (event.kind === 'status') queryClient.setQueryData(queryKeys.status(), event.status);
      if (event.kind === 'map-delta') {
        pending.push(event.delta);
        schedule();
      }
    };
    return { onEvent, stop: () => clearTimeout(flushTimer) };
  };

  const state = useLiveStream<MapLiveEvent>({ url, restartKey: streamKey, start });
  // A live map whose cache entry is not there yet waits for it, as a stream that connects.
  return live && url === undefined ? 'connecting' : state;
}
