'use client';
// Keeps a live ("last 15 minutes") map current: opens the map's server-sent event stream from
// the cached map's window end and adds each delta to the cache through applyMapDelta. Deltas
// arrive every ~2 s; they are batched and applied at most every APPLY_MS so a burst renders
// once. When the periodic full refetch replaces the map (its window start moves), the stream
// is reopened from the new map's end so nothing is counted twice.
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ServiceMap } from '@/lib/api/aggregate';
import type { MapLiveEvent } from '@/lib/api/types';
import { applyMapDelta } from './apply-delta';
import type { MapFilters } from './filters';
import { mapQueryOptions, mapStreamUrl } from './queries';
import { queryKeys } from '@/lib/query-keys';
import type { TimeWindow } from '@/lib/time-window/time-window';

export type MapStreamState = 'off' | 'connecting' | 'live' | 'reconnecting' | 'closed';

const APPLY_MS = 2000;
/** EventSource gives up for good on an HTTP error answer; try again after this. */
const REOPEN_MS = 5000;

function parseEvent(data: unknown): MapLiveEvent | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const event = JSON.parse(data) as MapLiveEvent | null;
    return event && typeof event === 'object' && 'kind' in event ? event : undefined;
  } catch {
    return undefined;
  }
}

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
  const [state, setState] = useState<{ key: string; state: MapStreamState }>({
    key: '',
    state: 'off',
  });

  useEffect(() => {
    if (!live) return;
    const key = JSON.parse(streamKey) as [typeof queryKey, number];
    const cacheKey = key[0];
    const since = queryClient.getQueryData<ServiceMap>(cacheKey)?.window.to;
    if (since === undefined) return;
    let pending: ServiceMap[] = [];
    let lastApply = 0;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | undefined;

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

    const open = () => {
      reopenTimer = undefined;
      const es = new EventSource(mapStreamUrl(filters, window, since));
      source = es;
      es.onopen = () => setState({ key: streamKey, state: 'live' });
      es.onmessage = (message: MessageEvent) => {
        const event = parseEvent(message.data);
        if (event?.kind === 'status') queryClient.setQueryData(queryKeys.status(), event.status);
        if (event?.kind === 'map-delta') {
          pending.push(event.delta);
          schedule();
        }
      };
      es.onerror = () => {
        if (es.readyState === EventSource.CLOSED) {
          setState({ key: streamKey, state: 'closed' });
          reopenTimer = setTimeout(open, REOPEN_MS);
        } else {
          setState({ key: streamKey, state: 'reconnecting' });
        }
      };
    };
    open();
    return () => {
      source?.close();
      clearTimeout(flushTimer);
      clearTimeout(reopenTimer);
    };
    // `filters` and `window` are captured through streamKey, which changes with them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live, streamKey, queryClient]);

  if (!live) return 'off';
  return state.key === streamKey ? state.state : 'connecting';
}
