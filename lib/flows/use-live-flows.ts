'use client';
// Keeps the cached flows page of one filter live: follows the server-sent event stream for
// that filter (shared through lib/live/) and patches the TanStack Query cache through
// applyFlowBatch. Flows are buffered and applied at most every FLUSH_MS so a busy cluster
// does not re-render the table per event; while paused they stay buffered and are only
// counted.
import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { FlowsPage, LiveEvent } from '@/lib/api/types';
import type { FlowRecord } from '@/lib/api/flow-record';
import { applyFlowBatch } from './apply-flow-batch';
import { flowStreamUrl, flowsQueryOptions, MAX_BROWSER_FLOWS } from '@/lib/flows/queries';
import { queryKeys } from '@/lib/query-keys';
import { useLiveStream, type LiveStreamState } from '@/lib/live/use-live-stream';
import { parseWindowParams, windowParams, type TimeWindow } from '@/lib/time-window/time-window';

function parseWindowKey(key: string): TimeWindow {
  const parsed = parseWindowParams(new URLSearchParams(JSON.parse(key) as Record<string, string>));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.window;
}

export type StreamState = 'off' | LiveStreamState;

const FLUSH_MS = 250;

export interface LiveFlowsOptions {
  q: string;
  /** The window of the flows page being patched; only live (relative) windows stream. */
  window: TimeWindow;
  /** False while the filter is known to be bad, so no stream is opened for it. */
  enabled: boolean;
  paused: boolean;
}

export interface LiveFlows {
  streamState: StreamState;
  /** Flows received but not yet shown (non-zero only while paused). */
  pendingCount: number;
}

export function useLiveFlows({ q, window, enabled, paused }: LiveFlowsOptions): LiveFlows {
  // A stable key for the session: the window object is parsed anew from the URL each render.
  const windowKey = JSON.stringify(windowParams(window));
  const queryClient = useQueryClient();
  const url = flowStreamUrl(q);
  // Tagged with the URL it belongs to, so a new filter reads as fresh state without
  // resetting it synchronously inside an effect.
  const [pending, setPending] = useState({ url: '', count: 0 });
  const pausedRef = useRef(paused);
  const flushRef = useRef<(() => void) | undefined>(undefined);

  useEffect(() => {
    pausedRef.current = paused;
    if (!paused) flushRef.current?.();
  }, [paused]);

  const start = () => {
    const queryKey = flowsQueryOptions(q, parseWindowKey(windowKey)).queryKey;
    let buffer: FlowRecord[] = [];
    let received = 0;
    let resyncPending = false;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;

    const schedule = () => {
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    };

    const resync = () => {
      resyncPending = false;
      void queryClient.invalidateQueries({ queryKey, exact: true });
    };

    function flush() {
      flushTimer = undefined;
      if (pausedRef.current) {
        setPending({ url, count: received });
        return;
      }
      if (resyncPending) resync();
      // Wait for the page (first load or resync refetch): applying to a page that is about
      // to be replaced would lose these flows.
      const state = queryClient.getQueryState<FlowsPage>(queryKey);
      if (state?.data === undefined || state.fetchStatus === 'fetching') {
        if (buffer.length > 0) schedule();
        return;
      }
      const batch = buffer;
      buffer = [];
      received = 0;
      setPending({ url, count: 0 });
      if (batch.length > 0) {
        queryClient.setQueryData<FlowsPage>(queryKey, (page) =>
          applyFlowBatch(page, batch, MAX_BROWSER_FLOWS),
        );
      }
    }
    flushRef.current = flush;

    const onEvent = (event: LiveEvent) => {
      if (event.kind === 'status') {
        queryClient.setQueryData(queryKeys.status(), event.status);
      } else if (event.kind === 'resync') {
        // While paused the table must not move; refetch once the user resumes.
        if (pausedRef.current) resyncPending = true;
        else resync();
      } else if (event.kind === 'flows' && event.flows.length > 0) {
        buffer.push(...event.flows);
        received += event.flows.length;
        // Only the newest flows can ever be shown, so the buffer is bounded like the table.
        if (buffer.length > MAX_BROWSER_FLOWS) buffer = buffer.slice(-MAX_BROWSER_FLOWS);
        schedule();
      }
    };

    const stop = () => {
      clearTimeout(flushTimer);
      if (flushRef.current === flush) flushRef.current = undefined;
    };
    return { onEvent, stop };
  };

  const streamState: StreamState = useLiveStream<LiveEvent>({
    url: enabled ? url : undefined,
    restartKey: windowKey,
    start,
  });
  return { streamState, pendingCount: pending.url === url ? pending.count : 0 };
}
