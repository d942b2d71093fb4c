'use client';
// The drop timeline page: flows of the window stacked by verdict, drops split by reason or
// policy below, policy changes on the time axis. Window and filters live in the URL;
// brushing the axis narrows the window for every view; clicking a segment lists its flows.
// This component composes; the pure modules in lib/timeline/ do the work.
import { useCallback, useMemo, useState } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { TimeWindowPicker } from '@/components/time-window/time-window-picker';
import { windowKey } from '@/lib/query-keys';
import { ApiError } from '@/lib/api-client';
import {
  namespacesSeen,
  readTimelineFilters,
  timelineFilterParams,
  writeTimelineFilters,
  type TimelineFilters,
} from '@/lib/timeline/filters';
import { gapBands } from '@/lib/timeline/gaps';
import { policyChanges } from '@/lib/timeline/policy-changes';
import { policyFlowsQueryOptions, timelineQueryOptions } from '@/lib/timeline/queries';
import type { SegmentSelection } from '@/lib/timeline/segment-flows';
import { dropStack, verdictStack, type StackSegment } from '@/lib/timeline/stack';
import { useTimeWindow } from '@/lib/time-window/use-time-window';
import { TimelineCharts } from './timeline-charts';
import { DropEdgesTable } from './drop-edges-table';
import { SegmentFlows } from './segment-flows';
import { TimelineToolbar } from './timeline-toolbar';
import styles from './drop-timeline.module.css';

export function DropTimelineView() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const search = searchParams.toString();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const { window, error: windowError, setWindow } = useTimeWindow();
  const filters = useMemo(() => readTimelineFilters(params), [params]);

  const chartQuery = useQuery({ ...timelineQueryOptions(window, filters), enabled: !windowError });
  const policyQuery = useQuery({
    ...policyFlowsQueryOptions(window, filters.namespaces),
    enabled: !windowError,
  });
  const timeline = chartQuery.isError ? undefined : chartQuery.data;
  const verdicts = useMemo(() => (timeline ? verdictStack(timeline) : undefined), [timeline]);
  const drops = useMemo(() => (timeline ? dropStack(timeline) : undefined), [timeline]);
  const gaps = useMemo(
    () => (timeline ? gapBands(timeline.gaps ?? [], timeline.window) : []),
    [timeline],
  );
  const policyFlows = policyQuery.data?.flows;
  const changes = useMemo(() => policyChanges(policyFlows ?? []), [policyFlows]);
  const offered = useMemo(
    () => namespacesSeen(policyFlows ?? [], filters.namespaces),
    [policyFlows, filters.namespaces],
  );

  // A selection belongs to the view it was made in: another window or filter clears it,
  // while a live window refreshing keeps it.
  const context = `${windowKey(window)}|${new URLSearchParams(timelineFilterParams(filters))}`;
  const [picked, setPicked] = useState<{ context: string; selection: SegmentSelection }>();
  const selection = picked?.context === context ? picked.selection : undefined;
  const select = useCallback(
    (chart: SegmentSelection['chart'], s: StackSegment) => {
      if (!timeline) return;
      const { key, start, end } = s;
      setPicked({ context, selection: { chart, key, start, end, breakdown: timeline.breakdown } });
    },
    [context, timeline],
  );

  const setFilters = (f: TimelineFilters) => {
    const query = writeTimelineFilters(params, f).toString();
    router.push(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  const brush = useCallback(
    ({ from, to }: { from: number; to: number }) => setWindow({ kind: 'absolute', from, to }),
    [setWindow],
  );

  const apiError = chartQuery.error instanceof ApiError ? chartQuery.error : undefined;
  const error =
    windowError ??
    (chartQuery.error ? { message: chartQuery.error.message, param: apiError?.param } : undefined);
  const model = selection?.chart === 'drops' ? drops : verdicts;
  const selectedLabel = model?.series.find((s) => s.key === selection?.key)?.label;
  return (
    <div className={styles.view}>
      <div className={styles.top}>
        <TimeWindowPicker />
        <span className={styles.muted} data-testid="timeline-mode">
          {window.kind === 'absolute' ? 'fixed window' : 'live · refreshes every 10 s'}
        </span>
      </div>
      <TimelineToolbar filters={filters} namespaces={offered} onChange={setFilters} />
      {error ? (
        <p
          className={styles.error}
          role="alert"
          data-testid="timeline-error"
          data-param={error.param}
        >
          {apiError ? '' : 'Could not load the timeline: '}
          {error.message}
        </p>
      ) : null}
      {!error && verdicts && drops && timeline ? (
        // A window without flows still shows its charts when part of it was not recovered.
        verdicts.total === 0 && gaps.length === 0 ? (
          <div className={styles.placeholder} data-testid="timeline-empty">
            No flows match in this window.
          </div>
        ) : (
          <TimelineCharts
            verdicts={verdicts}
            drops={drops}
            breakdown={timeline.breakdown}
            updating={chartQuery.isPlaceholderData}
            changes={changes}
            gaps={gaps}
            selected={selection}
            onSelect={select}
            onBrush={brush}
          />
        )
      ) : !error ? (
        <div className={styles.placeholder} data-testid="timeline-loading">
          Loading the timeline…
        </div>
      ) : null}
      {selection && !error ? (
        <SegmentFlows
          key={`${selection.chart}|${selection.key}|${selection.start}`}
          selection={selection}
          label={selectedLabel ?? selection.key}
          namespaces={filters.namespaces}
          onClose={() => setPicked(undefined)}
        />
      ) : null}
      {!error ? <DropEdgesTable window={window} filters={filters} /> : null}
    </div>
  );
}
