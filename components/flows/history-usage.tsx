'use client';
// What Flowscope's own history holds against its limits: how far back a view can look.
import { useQuery } from '@tanstack/react-query';
import { historyQueryOptions } from '@/lib/queries';
import { formatCount, formatFlowDateTime } from '@/lib/flows/format-flow';

function mib(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;
}

export function HistoryUsage() {
  const { data } = useQuery(historyQueryOptions());
  if (!data) return null;
  const hours = Math.round((data.limits.maxAgeMs / 3_600_000) * 10) / 10;
  return (
    <span className="muted" data-testid="history-usage" data-flows={data.flows}>
      history: {formatCount(data.flows)} of {formatCount(data.limits.maxFlows)} flows,{' '}
      {mib(data.bytes)} of {mib(data.limits.maxBytes)}, up to {hours} h
      {data.oldestTs !== undefined ? `, since ${formatFlowDateTime(data.oldestTs)}` : ''}
      {data.persistent ? ', kept on disk' : ', in memory'}
    </span>
  );
}
