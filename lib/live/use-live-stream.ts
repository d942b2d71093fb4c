'use client';
// A live stream in a component: subscribes to `url` on the page's shared streams
// (live-stream.ts) and reports the stream's state. `start` begins a session when the stream
// (or `restartKey`) changes: what it returns receives the events, and is stopped when the
// component leaves or the stream changes, so per-stream state (buffers, timers) lives there.
import { useEffect, useEffectEvent, useState } from 'react';
import {
  liveStreams,
  type LiveStreamEvent,
  type LiveStreamState,
  type LiveStreams,
} from './live-stream';

export type { LiveStreamState } from './live-stream';

export interface LiveSession<E extends LiveStreamEvent> {
  onEvent(event: E): void;
  stop?(): void;
}

export interface LiveStreamOptions<E extends LiveStreamEvent> {
  /** The stream to follow; undefined while there is none (reported as 'off'). */
  url: string | undefined;
  /** Anything else that must start a new session (and reopen the stream) when it changes. */
  restartKey?: string;
  start: () => LiveSession<E>;
  streams?: LiveStreams;
}

export function useLiveStream<E extends LiveStreamEvent>({
  url,
  restartKey = '',
  start,
  streams = liveStreams,
}: LiveStreamOptions<E>): LiveStreamState | 'off' {
  // State is tagged with the URL it belongs to, so a new stream reads as fresh state
  // without resetting it synchronously inside an effect.
  const [stream, setStream] = useState<{ url: string; state: LiveStreamState }>({
    url: '',
    state: 'connecting',
  });
  const startSession = useEffectEvent(start);

  useEffect(() => {
    if (url === undefined) return;
    const session = startSession();
    const unsubscribe = streams.subscribe<E>(url, {
      onEvent: (event) => session.onEvent(event),
      onState: (state) => setStream({ url, state }),
    });
    return () => {
      unsubscribe();
      session.stop?.();
    };
  }, [url, restartKey, streams]);

  if (url === undefined) return 'off';
  return stream.url === url ? stream.state : 'connecting';
}
