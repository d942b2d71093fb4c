// The browser's live streams (server-sent events): one EventSource per distinct URL, shared
// by every subscriber of that URL and closed when the last one leaves. Each `data:` line is
// parsed as a JSON event; one that is not (a proxy's error page, a truncated line) is counted
// and skipped. EventSource retries by itself after a dropped connection, but gives up for
// good when the server answers with an HTTP error; the stream is then opened again after
// REOPEN_MS. Framework-free: the React side is use-live-stream.ts.

/** What a stream is doing, as the UI reports it. */
export type LiveStreamState = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** Every event of the live API is a JSON object with a `kind`. */
export interface LiveStreamEvent {
  kind: string;
}

/** The part of the browser's EventSource used here. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((this: never, ev: Event) => unknown) | null;
  onmessage: ((this: never, ev: MessageEvent) => unknown) | null;
  onerror: ((this: never, ev: Event) => unknown) | null;
  close(): void;
}

/** EventSource.CLOSED: the browser will not retry this connection. */
export const EVENT_SOURCE_CLOSED = 2;

/** EventSource gives up for good on an HTTP error answer; the stream reopens after this. */
export const REOPEN_MS = 5000;

export interface LiveSubscriber<E extends LiveStreamEvent = LiveStreamEvent> {
  onEvent(event: E): void;
  /** Each change of the stream's state; on joining a stream already past 'connecting', its state. */
  onState?(state: LiveStreamState): void;
}

export interface LiveStreamsOptions {
  /** Opens a connection; the browser's EventSource unless replaced. */
  open?: (url: string) => EventSourceLike;
  reopenMs?: number;
}

interface Connection {
  url: string;
  source: EventSourceLike | undefined;
  state: LiveStreamState;
  subscribers: Set<LiveSubscriber>;
  reopenTimer: ReturnType<typeof setTimeout> | undefined;
  malformed: number;
}

/** The event in a message's data, or undefined when it is not a JSON object with a kind. */
export function parseLiveEvent(data: unknown): LiveStreamEvent | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const event = JSON.parse(data) as unknown;
    return event !== null && typeof event === 'object' && 'kind' in event
      ? (event as LiveStreamEvent)
      : undefined;
  } catch {
    return undefined;
  }
}

function browserEventSource(url: string): EventSourceLike {
  return new EventSource(url);
}

export class LiveStreams {
  private readonly connections = new Map<string, Connection>();
  private readonly open: (url: string) => EventSourceLike;
  private readonly reopenMs: number;
  private malformedTotal = 0;

  constructor(opts: LiveStreamsOptions = {}) {
    this.open = opts.open ?? browserEventSource;
    this.reopenMs = opts.reopenMs ?? REOPEN_MS;
  }

  /** Receives the events of `url` until the returned function is called. */
  subscribe<E extends LiveStreamEvent>(url: string, subscriber: LiveSubscriber<E>): () => void {
    const sub = subscriber as unknown as LiveSubscriber;
    let conn = this.connections.get(url);
    if (!conn) {
      conn = {
        url,
        source: undefined,
        state: 'connecting',
        subscribers: new Set(),
        reopenTimer: undefined,
        malformed: 0,
      };
      this.connections.set(url, conn);
      conn.subscribers.add(sub);
      this.connect(conn);
    } else {
      conn.subscribers.add(sub);
      if (conn.state !== 'connecting') sub.onState?.(conn.state);
    }
    const joined = conn;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      joined.subscribers.delete(sub);
      if (joined.subscribers.size > 0 || this.connections.get(url) !== joined) return;
      this.connections.delete(url);
      clearTimeout(joined.reopenTimer);
      joined.reopenTimer = undefined;
      joined.source?.close();
      joined.source = undefined;
    };
  }

  /** Streams open or waiting to reopen. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Subscribers of `url` (0 when it has no stream). */
  subscriberCount(url: string): number {
    return this.connections.get(url)?.subscribers.size ?? 0;
  }

  /** Messages skipped because they were not a JSON event, over all streams so far. */
  get malformedCount(): number {
    return this.malformedTotal;
  }

  private connect(conn: Connection): void {
    conn.reopenTimer = undefined;
    const es = this.open(conn.url);
    conn.source = es;
    // Handlers of a connection that was replaced or closed do nothing.
    const current = () => conn.source === es && this.connections.get(conn.url) === conn;
    es.onopen = () => {
      if (current()) this.setState(conn, 'live');
    };
    es.onmessage = (message: MessageEvent) => {
      if (!current()) return;
      const event = parseLiveEvent(message.data);
      if (!event) {
        conn.malformed += 1;
        this.malformedTotal += 1;
        return;
      }
      for (const sub of [...conn.subscribers]) {
        if (conn.subscribers.has(sub)) sub.onEvent(event);
      }
    };
    es.onerror = () => {
      if (!current()) return;
      if (es.readyState === EVENT_SOURCE_CLOSED) {
        this.setState(conn, 'closed');
        conn.source = undefined;
        es.close();
        conn.reopenTimer = setTimeout(() => this.connect(conn), this.reopenMs);
      } else {
        this.setState(conn, 'reconnecting');
      }
    };
  }

  private setState(conn: Connection, state: LiveStreamState): void {
    conn.state = state;
    for (const sub of [...conn.subscribers]) sub.onState?.(state);
  }
}

/** The page's streams: every hook of the page shares them. */
export const liveStreams = new LiveStreams();
