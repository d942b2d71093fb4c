// Fans one upstream flow stream out to any number of browser streams. Each subscriber has
// a bounded queue: a client that stops reading loses its queue and is told to resync, so
// the server never buffers for it without limit and never slows the others down.
import 'server-only';
import type { FlowRecord } from '@/lib/api/flow-record';
import type { FlowQuery } from '@/server/filter/filter-types';
import type { LiveEvent, RelayStatus } from '@/lib/api/types';
import { matchesQuery } from '@/server/filter/match-flow';
import { flowInScope, type Scope } from '@/server/access/viewer';

export interface LiveSink {
  /** False while the transport still holds earlier events the client has not read. */
  ready(): boolean;
  write(event: LiveEvent): void;
  heartbeat(): void;
  /** Ends the client's stream (on shutdown), so it reconnects to a live instance. */
  close(): void;
}

interface Subscriber {
  query: FlowQuery;
  /** The viewer's namespaces: flows outside them are never queued for this client. */
  scope: Scope;
  sink: LiveSink;
  pending: FlowRecord[];
  missed: number;
  statusDirty: boolean;
}

export interface LiveHubOptions {
  /** Flows queued per client before it is cut over to a resync. */
  clientBufferFlows: number;
  flushIntervalMs?: number;
  heartbeatMs?: number;
}

export class LiveHub {
  private readonly subscribers = new Set<Subscriber>();
  private status: RelayStatus | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private droppedTotal = 0;
  private readonly others = new Set<() => void>();
  private readonly publishListeners = new Set<(rec: FlowRecord) => void>();

  constructor(private readonly opts: LiveHubOptions) {}

  subscribe(query: FlowQuery, sink: LiveSink, scope?: Scope): () => void {
    const sub: Subscriber = { query, scope, sink, pending: [], missed: 0, statusDirty: true };
    this.subscribers.add(sub);
    this.ensureTimers();
    this.flushOne(sub);
    return () => {
      this.subscribers.delete(sub);
      if (this.subscribers.size === 0) this.stopTimers();
    };
  }

  /** Another long-lived stream to end on shutdown; returns its unregister function. */
  track(close: () => void): () => void {
    this.others.add(close);
    return () => this.others.delete(close);
  }

  get trackedCount(): number {
    return this.others.size;
  }

  /** Called with every published record, whatever the subscribers' scopes and queries. */
  onPublish(listener: (rec: FlowRecord) => void): () => void {
    this.publishListeners.add(listener);
    return () => this.publishListeners.delete(listener);
  }

  publish(rec: FlowRecord): void {
    for (const l of this.publishListeners) l(rec);
    for (const sub of this.subscribers) {
      if (!flowInScope(rec, sub.scope) || !matchesQuery(rec, sub.query)) continue;
      if (sub.missed > 0) {
        sub.missed += 1;
        this.droppedTotal += 1;
      } else if (sub.pending.length >= this.opts.clientBufferFlows) {
        // It fell behind: what it holds will never be sent (a resync replaces it), so the
        // queue is let go now rather than kept alive while the client stays away.
        sub.missed = sub.pending.length + 1;
        this.droppedTotal += sub.missed;
        sub.pending = [];
      } else {
        sub.pending.push(rec);
      }
    }
  }

  publishStatus(status: RelayStatus): void {
    this.status = status;
    for (const sub of this.subscribers) sub.statusDirty = true;
  }

  get clientCount(): number {
    return this.subscribers.size;
  }

  /** Flows discarded for clients that fell behind (each reported in their resync). */
  get droppedFlows(): number {
    return this.droppedTotal;
  }

  flush(): void {
    for (const sub of this.subscribers) this.flushOne(sub);
  }

  close(): void {
    this.stopTimers();
    for (const sub of this.subscribers) sub.sink.close();
    this.subscribers.clear();
    for (const close of [...this.others]) close();
    this.others.clear();
  }

  private flushOne(sub: Subscriber): void {
    if (!sub.sink.ready()) return;
    if (sub.statusDirty && this.status) {
      sub.statusDirty = false;
      sub.sink.write({ kind: 'status', status: this.status });
    }
    if (sub.missed > 0) {
      // Its queue overflowed: it refetches instead of receiving an incomplete stream.
      const missed = sub.missed;
      sub.missed = 0;
      sub.sink.write({ kind: 'resync', missed });
      return;
    }
    if (sub.pending.length > 0) {
      const flows = sub.pending;
      sub.pending = [];
      sub.sink.write({ kind: 'flows', flows });
    }
  }

  private ensureTimers(): void {
    if (!this.flushTimer) {
      this.flushTimer = setInterval(() => this.flush(), this.opts.flushIntervalMs ?? 200);
      this.flushTimer.unref?.();
    }
    if (!this.heartbeatTimer) {
      this.heartbeatTimer = setInterval(() => {
        // Only to clients that read: one with unread data in its transport needs no
        // keep-alive, and queueing one every interval would grow as long as it stays away.
        for (const sub of this.subscribers) if (sub.sink.ready()) sub.sink.heartbeat();
      }, this.opts.heartbeatMs ?? 15_000);
      this.heartbeatTimer.unref?.();
    }
  }

  private stopTimers(): void {
    clearInterval(this.flushTimer);
    clearInterval(this.heartbeatTimer);
    this.flushTimer = undefined;
    this.heartbeatTimer = undefined;
  }
}
