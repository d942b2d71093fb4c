'use client';
// The flows page: the filter (kept in the URL as ?q= so the view is a shareable link),
// the live, virtualized table of matching flows, and pause/resume.
import { useState } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { parseLastParam } from '@/lib/flows/selector-flags';
import { formatCount } from '@/lib/flows/format-flow';
import { ApiError } from '@/lib/api-client';
import { flowsQueryOptions, MAX_BROWSER_FLOWS } from '@/lib/flows/queries';
import { useLiveFlows } from '@/lib/flows/use-live-flows';
import { useTimeWindow } from '@/lib/time-window/use-time-window';
import { TimeWindowPicker } from '@/components/time-window/time-window-picker';
import { FlowsTransfer } from './flows-transfer';
import { HistoryUsage } from './history-usage';
import { FlowDetail } from '@/components/flow-detail/flow-detail';
import { FilterBar } from './filter-bar';
import { FlowsTable } from './flows-table';
import { LiveControls } from './live-controls';

export function FlowsView() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const q = searchParams.get('q') ?? '';
  const [paused, setPaused] = useState(false);
  const { window } = useTimeWindow();

  const flowsQuery = useQuery(flowsQueryOptions(q, window));
  const { error } = flowsQuery;
  const clientError = error instanceof ApiError && error.isClientError ? error : undefined;
  const filterError = clientError?.param === 'q' ? clientError.message : undefined;
  // A filter the server rejected would be rejected by the stream too; a fixed window
  // in the past gets no new flows.
  const live = useLiveFlows({
    q,
    window,
    enabled: !clientError && window.kind === 'relative',
    paused,
  });

  const setParam = (name: string, value: string | undefined) => {
    const params = new URLSearchParams(searchParams.toString());
    if (value) params.set(name, value);
    else params.delete(name);
    const query = params.toString();
    router.push(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  const applyFilter = (text: string) => setParam('q', text);
  // The selected flow is in the URL too, so a shared link opens it.
  const selectedId = searchParams.get('flow') ?? undefined;

  // `--last N` in the filter box: only the N newest matching flows are listed.
  const last = parseLastParam(searchParams.get('last'));
  const loaded = flowsQuery.data?.flows ?? [];
  const flows = last === undefined ? loaded : loaded.slice(0, last);
  const total = flowsQuery.data?.total;
  return (
    <div className="flows-view">
      <div className="flows-toolbar">
        <TimeWindowPicker />
        {total !== undefined ? (
          // One row per decision, counted as /map, /drops, the policy view and /metrics count.
          <span
            data-testid="flows-total"
            data-count={total}
            title="Decisions matching the filter in the window; a denied packet that Hubble reports twice (policy verdict and drop notification) counts once"
          >
            <strong>{formatCount(total)}</strong> matching {total === 1 ? 'decision' : 'decisions'}{' '}
            in the window
          </span>
        ) : null}
        <FlowsTransfer q={q} window={window} />
      </div>
      <div className="flows-toolbar">
        <FilterBar key={q} applied={q} onApply={applyFilter} error={filterError} />
        <LiveControls
          paused={paused}
          onTogglePause={() => setPaused((p) => !p)}
          pendingCount={live.pendingCount}
          streamState={live.streamState}
        />
      </div>
      {error && !filterError ? (
        <p className="flows-error" data-testid="flows-error" role="alert">
          Could not load flows: {error.message}
        </p>
      ) : null}
      {flowsQuery.isPending && !error ? (
        <div className="flows-placeholder" data-testid="flows-loading">
          Loading flows…
        </div>
      ) : flows.length === 0 && !error ? (
        <div className="flows-placeholder" data-testid="flows-empty">
          <strong>No flows match {q ? 'this filter' : 'yet'}.</strong>
          <span>New matching flows appear here as the relay sees them.</span>
        </div>
      ) : flows.length > 0 ? (
        <div className="flows-main">
          <FlowsTable
            flows={flows}
            selectedId={selectedId}
            onSelect={(id) => setParam('flow', id)}
          />
          {selectedId ? (
            <aside className="flows-detail" data-testid="flows-detail">
              <FlowDetail id={selectedId} onClose={() => setParam('flow', undefined)} />
            </aside>
          ) : null}
        </div>
      ) : null}
      <footer className="flows-footer">
        <span data-testid="flows-count" data-count={flows.length}>
          {formatCount(flows.length)} {flows.length === 1 ? 'flow' : 'flows'} shown
        </span>
        <span className="muted">
          newest first ·{' '}
          {last === undefined
            ? `up to ${formatCount(MAX_BROWSER_FLOWS)} kept`
            : `the last ${formatCount(last)} (--last)`}
        </span>
        {flowsQuery.data?.truncated ? (
          <span className="muted">older matching flows not loaded</span>
        ) : null}
        <HistoryUsage />
      </footer>
    </div>
  );
}
