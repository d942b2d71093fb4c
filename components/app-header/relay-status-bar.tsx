'use client';
// Relay health in the header. Polled from /api/status and, while a flows view is open,
// refreshed by `status` events of the live stream (which write the same cache entry). When a
// poll fails after an earlier one succeeded, the last status stays on screen, marked as not
// refreshed since it arrived, so stale data never passes for current.
import { useQuery } from '@tanstack/react-query';
import type { RelayStatus } from '@/lib/api/types';
import { formatCount, formatNodes, formatRetryIn } from '@/lib/flows/format-flow';
import { statusQueryOptions } from '@/lib/queries';
import { formatClock } from '@/lib/time-window/time-format';
import { useNow } from './use-now';

function RelayError({ status }: { status: RelayStatus }) {
  const reconnecting = status.state === 'reconnecting';
  const now = useNow(reconnecting && status.nextRetryAt !== undefined);
  if (!status.lastError && !reconnecting) return null;
  const retry =
    reconnecting && status.nextRetryAt !== undefined
      ? formatRetryIn(status.nextRetryAt, now)
      : undefined;
  return (
    <span
      className="relay-error"
      data-testid="relay-error"
      data-kind={status.errorKind ?? 'transient'}
      title={status.lastError}
    >
      {status.errorKind === 'configuration' ? (
        <strong>Check Flowscope&apos;s relay settings: </strong>
      ) : null}
      {[status.lastError, retry].filter(Boolean).join(' · ')}
    </span>
  );
}

export function RelayStatusBar() {
  const { data: status, error, dataUpdatedAt } = useQuery(statusQueryOptions());
  return <RelayStatusView status={status} error={error} updatedAt={dataUpdatedAt} />;
}

export interface RelayStatusViewProps {
  /** The last status received, if any. */
  status: RelayStatus | undefined;
  /** Why the latest status request failed; null when it succeeded. */
  error: Error | null;
  /** When `status` arrived, epoch ms. */
  updatedAt: number;
}

export function RelayStatusView({ status, error, updatedAt }: RelayStatusViewProps) {
  if (!status) {
    const state = error ? 'unreachable' : 'connecting';
    return (
      <div className="relay-status" data-state={state}>
        <span className="relay-dot" aria-hidden />
        <span data-testid="relay-state">{state}</span>
        {error ? (
          <span className="relay-error" data-testid="relay-error">
            {error.message}
          </span>
        ) : null}
      </div>
    );
  }

  const lost = status.lostEvents.total;
  return (
    <div
      className="relay-status"
      data-state={status.state}
      data-stale={error ? 'true' : undefined}
      title={`Relay ${status.address}`}
    >
      {status.mode === 'demo' ? (
        <span className="demo-badge" data-testid="demo-badge">
          demo data
        </span>
      ) : null}
      <span className="relay-dot" aria-hidden />
      <span className="relay-state" data-testid="relay-state">
        {status.state}
      </span>
      <span className="relay-nodes" data-testid="relay-nodes">
        {formatNodes(status)}
        {status.unavailableNodes > 0 ? ` (${status.unavailableNodes} unavailable)` : ''}
      </span>
      {lost > 0 ? (
        <span className="relay-lost" data-testid="relay-lost">
          {formatCount(lost)} lost events
        </span>
      ) : null}
      {status.state === 'connected' ? null : <RelayError status={status} />}
      {status.pollError ? (
        <span className="relay-error" data-testid="relay-poll-error" title={status.pollError}>
          status unavailable: {status.pollError}
        </span>
      ) : null}
      {error ? (
        <span className="relay-error" data-testid="relay-status-stale" title={error.message}>
          not refreshed since {formatClock(updatedAt)}: {error.message}
        </span>
      ) : null}
    </div>
  );
}
