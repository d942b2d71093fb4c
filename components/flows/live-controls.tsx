'use client';
import type { StreamState } from '@/lib/flows/use-live-flows';
import { formatCount } from '@/lib/flows/format-flow';

const STREAM_TEXT: Record<StreamState, string> = {
  off: 'live updates off',
  connecting: 'connecting to live stream…',
  live: 'live',
  reconnecting: 'live stream reconnecting…',
  closed: 'live stream lost, retrying…',
};

export interface LiveControlsProps {
  paused: boolean;
  onTogglePause: () => void;
  pendingCount: number;
  streamState: StreamState;
}

/** Pause/resume, the count of flows held back while paused, and the live stream's health. */
export function LiveControls({
  paused,
  onTogglePause,
  pendingCount,
  streamState,
}: LiveControlsProps) {
  return (
    <div className="live-controls">
      <button
        type="button"
        className={paused ? 'button primary' : 'button'}
        data-testid="pause-toggle"
        aria-pressed={paused}
        onClick={onTogglePause}
      >
        {paused ? 'Resume' : 'Pause'}
      </button>
      {paused ? (
        <span className="new-count" data-testid="new-count" data-count={pendingCount}>
          {formatCount(pendingCount)} new
        </span>
      ) : null}
      <span className="stream-state" data-testid="stream-state" data-state={streamState}>
        <span className="stream-dot" aria-hidden />
        {paused && streamState === 'live' ? 'paused' : STREAM_TEXT[streamState]}
      </span>
    </div>
  );
}
