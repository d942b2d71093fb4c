// Live map deltas, computed once per (viewer scope, map filter) and shared by every browser
// watching that map. Each group keeps one ticker: every interval it aggregates the flows that
// arrived since its last tick (the same aggregation as a full map) and hands the encoded event
// to each of its clients. A client that is not where the group is (it joined with another
// `since`, or its transport was full on an earlier tick) gets a delta of its own from where
// it is to the tick's end, after which it shares the group's deltas again: every client sees
// each flow of its span exactly once.
import 'server-only';
import type { MapLiveEvent } from '@/lib/api/types';
import type { Scope } from '@/server/access/viewer';
import type { MapQuery, ServiceMap } from '@/lib/api/aggregate';
import type { FlowReader } from '@/server/store/flow-store';

const encoder = new TextEncoder();

export interface MapDeltaSink {
  /** False while the transport still holds earlier events the client has not read. */
  ready(): boolean;
  /** One SSE event (or comment), already encoded; the bytes may be shared between clients. */
  write(bytes: Uint8Array): void;
}

export interface MapDeltaClient {
  /** The viewer's reader: every read narrowed to `scope`. */
  reader: FlowReader;
  /** The scope `reader` reads in; clients share a group only when it is the same. */
  scope: Scope;
  /** Filters of the map on screen; its window is replaced by each delta's. */
  query: MapQuery;
  /** Where the map on screen ends: the first delta starts here. */
  since: number;
}

export interface MapDeltaHubOptions {
  intervalMs?: number;
  /** How far behind now a delta ends: the relay's sort window plus transit. */
  lagMs?: number;
  now?: () => number;
}

interface Member {
  sink: MapDeltaSink;
  /** The end of the last delta this client was given (or its `since`). */
  until: number;
}

interface Group {
  reader: FlowReader;
  query: MapQuery;
  /** The end of the group's last tick: where a client in step with it stands. */
  position: number;
  members: Set<Member>;
  timer: NodeJS.Timeout | undefined;
}

/** The sharing key: the scope and every filter of the query, not its window. */
export function mapDeltaKey(scope: Scope, query: MapQuery): string {
  const filters: Record<string, unknown> = {};
  for (const name of Object.keys(query).sort()) {
    if (name === 'from' || name === 'to' || name === 'series' || name === 'scope') continue;
    const value = query[name as keyof MapQuery];
    if (value !== undefined) filters[name] = value;
  }
  return JSON.stringify([scope ?? null, query.scope ?? null, filters]);
}

function isEmpty(delta: ServiceMap): boolean {
  return delta.totals.flows === 0 && delta.edges.length === 0;
}

export class MapDeltaHub {
  private readonly groups = new Map<string, Group>();
  private readonly now: () => number;
  private readonly lagMs: number;
  private readonly intervalMs: number;

  constructor(opts: MapDeltaHubOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.lagMs = opts.lagMs ?? 2000;
    this.intervalMs = opts.intervalMs ?? 2000;
  }

  subscribe(client: MapDeltaClient, sink: MapDeltaSink): () => void {
    const key = mapDeltaKey(client.scope, client.query);
    let group = this.groups.get(key);
    if (!group) {
      // Readers of one scope read the same flows, so the first client's serves the group.
      group = {
        reader: client.reader,
        query: client.query,
        position: client.since,
        members: new Set(),
        timer: undefined,
      };
      const created = group;
      created.timer = setInterval(() => this.tickGroup(created), this.intervalMs);
      created.timer.unref?.();
      this.groups.set(key, created);
    }
    const member: Member = { sink, until: client.since };
    const joined = group;
    joined.members.add(member);
    return () => {
      joined.members.delete(member);
      if (joined.members.size === 0 && this.groups.get(key) === joined) {
        clearInterval(joined.timer);
        this.groups.delete(key);
      }
    };
  }

  /** Runs every group's tick now (the timers do this every interval). */
  tick(): void {
    for (const group of [...this.groups.values()]) this.tickGroup(group);
  }

  /** Distinct (scope, filter) tickers running. */
  get groupCount(): number {
    return this.groups.size;
  }

  get clientCount(): number {
    let n = 0;
    for (const group of this.groups.values()) n += group.members.size;
    return n;
  }

  close(): void {
    for (const group of this.groups.values()) clearInterval(group.timer);
    this.groups.clear();
  }

  private tickGroup(group: Group): void {
    const from = group.position;
    const to = this.now() - this.lagMs;
    if (to <= from) return;
    group.position = to;
    // Deltas of this tick by where they start: the group's own (from its last tick's end) and
    // those of clients elsewhere, each computed once however many clients start there.
    const byStart = new Map<number, Uint8Array>();
    for (const member of [...group.members]) {
      // A client that does not read gets no new work queued: it resumes from `until`.
      if (!member.sink.ready() || member.until >= to) continue;
      let bytes = byStart.get(member.until);
      if (!bytes) {
        bytes = this.encode(this.delta(group, member.until, to), to);
        byStart.set(member.until, bytes);
      }
      member.until = to;
      member.sink.write(bytes);
    }
  }

  private delta(group: Group, from: number, to: number): ServiceMap {
    return group.reader.serviceMap({ ...group.query, from, to, series: false });
  }

  /**
   * Every event, idle ones too, carries the delta's end as its SSE id. A browser that
   * reconnects by itself repeats its original URL, but sends that id as Last-Event-ID, and
   * the stream resumes from there (streamStart), so no span is counted twice.
   */
  private encode(delta: ServiceMap, to: number): Uint8Array {
    if (isEmpty(delta)) return encoder.encode(`: idle\nid: ${to}\n\n`);
    const event: MapLiveEvent = { kind: 'map-delta', delta };
    return encoder.encode(`data: ${JSON.stringify(event)}\nid: ${to}\n\n`);
  }
}
