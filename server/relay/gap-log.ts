// The log of time ranges whose flows Flowscope could not recover: relay outages its buffers
// did not cover, nodes the relay could not reach, and events Hubble reported lost. The
// timeline shows them instead of letting an empty stretch look like a quiet cluster.
//
// Decisions:
// - Bounded two ways. Ranges that ended longer ago than the history's age limit are dropped
//   (the timeline has nothing to show there anyway). Past `maxEntries`, ranges are coarsened
//   rather than dropped: the two closest ranges of the same kind and node become one. A
//   coarse range may mark a little too much; dropping one would hide a loss.
// - Ranges of the same kind, node and lost-event source that overlap or nearly touch
//   (`mergeWithinMs`, default 1 s: Hubble reports lost events at most once a second) are one
//   range, with lost counts added.
// - An open range (no `to`) is ongoing; at most one is open per kind, node and source.
import 'server-only';
import type { TimelineGap, TimelineGapKind } from '@/lib/api/types';

export interface GapRange {
  kind: TimelineGapKind;
  /** Epoch ms. */
  from: number;
  /** Epoch ms; absent while the range is open. */
  to?: number;
  node?: string;
  lost?: number;
  source?: string;
  detail: string;
}

export interface GapEntry extends GapRange {
  readonly id: number;
}

export interface GapLogOptions {
  /** Most ranges kept (default 1000). */
  maxEntries?: number;
  /** Ranges that ended longer ago than this are dropped (default 24 h). */
  maxAgeMs?: number;
  /** Same-key ranges closer than this are merged (default 1000 ms). */
  mergeWithinMs?: number;
  now?: () => number;
}

/** Longest node name, source or detail kept: these strings come from the relay. */
const MAX_TEXT = 300;

function clip(s: string): string {
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s;
}

function keyOf(r: Pick<GapRange, 'kind' | 'node' | 'source'>): string {
  return `${r.kind}\u0000${r.node ?? ''}\u0000${r.source ?? ''}`;
}

function end(r: GapRange): number {
  return r.to ?? Infinity;
}

function sanitize(r: GapRange): GapRange {
  const out: GapRange = { kind: r.kind, from: r.from, detail: clip(r.detail) };
  if (r.to !== undefined) out.to = Math.max(r.from, r.to);
  if (r.node !== undefined) out.node = clip(r.node);
  if (r.lost !== undefined) out.lost = r.lost;
  if (r.source !== undefined) out.source = clip(r.source);
  return out;
}

export class GapLog {
  private entries: GapEntry[] = [];
  private nextId = 1;
  private readonly listeners = new Set<() => void>();
  readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly mergeWithinMs: number;
  private readonly now: () => number;

  constructor(opts: GapLogOptions = {}) {
    this.maxEntries = Math.max(2, opts.maxEntries ?? 1000);
    this.maxAgeMs = opts.maxAgeMs ?? 24 * 3600_000;
    this.mergeWithinMs = opts.mergeWithinMs ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  /** Every range, oldest first (copies). */
  all(): GapEntry[] {
    return this.entries.map((e) => ({ ...e })).sort((a, b) => a.from - b.from || a.id - b.id);
  }

  get size(): number {
    return this.entries.length;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The open range of this kind and node (and source), if any. */
  findOpen(kind: TimelineGapKind, node?: string, source?: string): GapEntry | undefined {
    const key = keyOf({ kind, node, source });
    return this.entries.find((e) => e.to === undefined && keyOf(e) === key);
  }

  /** Opens a range, or returns the one already open for its key. A same-key range that
   * ended within `mergeWithinMs` before `from` is reopened instead (a flapping node is one
   * range, not hundreds). */
  open(range: Omit<GapRange, 'to'>): number {
    const r = sanitize(range);
    const key = keyOf(r);
    const existing = this.findOpen(r.kind, r.node, r.source);
    if (existing) return existing.id;
    const recent = this.entries.find(
      (e) =>
        keyOf(e) === key &&
        e.to !== undefined &&
        r.from - e.to <= this.mergeWithinMs &&
        r.from >= e.from,
    );
    if (recent) {
      delete recent.to;
      recent.detail = r.detail;
      this.changed();
      return recent.id;
    }
    const entry: GapEntry = { ...r, id: this.nextId++ };
    this.entries.push(entry);
    this.bound();
    this.changed();
    return entry.id;
  }

  /** Ends an open range at `at` (never before its start). */
  close(id: number, at: number, detail?: string): void {
    const e = this.entries.find((x) => x.id === id);
    if (!e || e.to !== undefined) return;
    e.to = Math.max(e.from, at);
    if (detail !== undefined) e.detail = clip(detail);
    this.mergeInto(e);
    this.bound();
    this.changed();
  }

  /** Changes an open or closed range's words. */
  describe(id: number, detail: string): void {
    const e = this.entries.find((x) => x.id === id);
    if (!e) return;
    e.detail = clip(detail);
    this.changed();
  }

  /** Records a finished range, merged with same-key ranges it overlaps or nearly touches. */
  add(range: GapRange & { to: number }): void {
    this.addAll([range]);
  }

  /** Replaces one range by others (or by none), as one change. */
  replace(id: number, ranges: (GapRange & { to: number })[]): void {
    this.entries = this.entries.filter((e) => e.id !== id);
    this.addAll(ranges);
  }

  /** Cuts [from, to) out of the ended ranges of this kind and node (splitting one that
   * spans it): that part of the node's history came back. */
  subtract(kind: TimelineGapKind, node: string, from: number, to: number): void {
    if (to <= from) return;
    let changed = false;
    const added: GapEntry[] = [];
    this.entries = this.entries.filter((e) => {
      if (e.kind !== kind || e.node !== node || e.to === undefined) return true;
      if (e.to <= from || e.from >= to) return true;
      changed = true;
      if (from <= e.from && e.to <= to) return false;
      if (e.from < from && e.to > to) {
        added.push({ ...e, from: to, id: this.nextId++ });
        e.to = from;
      } else if (e.from < from) e.to = from;
      else e.from = to;
      return true;
    });
    if (!changed) return;
    this.entries.push(...added);
    this.changed();
  }

  remove(id: number): void {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.id !== id);
    if (this.entries.length !== before) this.changed();
  }

  /** Ranges overlapping [from, to), oldest first, open ones ending at `now`. */
  overlapping(from: number, to: number, now = this.now()): TimelineGap[] {
    const out: TimelineGap[] = [];
    for (const e of this.all()) {
      const ongoing = e.to === undefined;
      const stop = ongoing ? Math.max(e.from, now) : (e.to as number);
      if (stop < from || e.from >= to) continue;
      const g: TimelineGap = { kind: e.kind, from: e.from, to: stop, ongoing, detail: e.detail };
      if (e.node !== undefined) g.node = e.node;
      if (e.lost !== undefined) g.lost = e.lost;
      if (e.source !== undefined) g.source = e.source;
      out.push(g);
    }
    return out;
  }

  /** Puts ranges back as they were (loading from a file): no merging, then the bounds. */
  restore(ranges: GapRange[]): void {
    for (const r of ranges) this.entries.push({ ...sanitize(r), id: this.nextId++ });
    this.bound();
    this.changed();
  }

  private addAll(ranges: (GapRange & { to: number })[]): void {
    for (const range of ranges) {
      const entry: GapEntry = { ...sanitize(range), id: this.nextId++ };
      this.entries.push(entry);
      this.mergeInto(entry);
    }
    this.bound();
    this.changed();
  }

  /** Folds every same-key range that overlaps or nearly touches `e` into `e`. */
  private mergeInto(e: GapEntry): void {
    const key = keyOf(e);
    for (;;) {
      const other = this.entries.find(
        (x) =>
          x !== e &&
          keyOf(x) === key &&
          x.from - end(e) <= this.mergeWithinMs &&
          e.from - end(x) <= this.mergeWithinMs,
      );
      if (!other) return;
      this.absorb(e, other);
    }
  }

  /** `e` takes over `other`'s span and count; `other` leaves the log. */
  private absorb(e: GapEntry, other: GapEntry): void {
    e.from = Math.min(e.from, other.from);
    if (e.to === undefined || other.to === undefined) delete e.to;
    else e.to = Math.max(e.to, other.to);
    if (e.lost !== undefined || other.lost !== undefined)
      e.lost = (e.lost ?? 0) + (other.lost ?? 0);
    // The newer words win: they describe the latest of the merged ranges.
    if (other.id > e.id) e.detail = other.detail;
    this.entries = this.entries.filter((x) => x !== other);
  }

  private bound(): void {
    const cutoff = this.now() - this.maxAgeMs;
    this.entries = this.entries.filter((e) => end(e) >= cutoff);
    if (this.entries.length <= this.maxEntries) return;
    // Coarsen down to 90 % of the cap at once, so a burst does not coarsen on every add.
    const target = Math.floor(this.maxEntries * 0.9);
    while (this.entries.length > target && this.coarsenOnce()) {
      /* merged two neighbours */
    }
    if (this.entries.length > target) {
      // Every range has a key of its own (thousands of nodes): the oldest-ending go.
      this.entries.sort((a, b) => end(b) - end(a));
      this.entries.length = target;
    }
  }

  /** Merges the two closest consecutive closed ranges of one key; false when none exist. */
  private coarsenOnce(): boolean {
    const byKey = new Map<string, GapEntry[]>();
    for (const e of this.entries) {
      if (e.to === undefined) continue;
      const k = keyOf(e);
      let list = byKey.get(k);
      if (!list) byKey.set(k, (list = []));
      list.push(e);
    }
    let best: { a: GapEntry; b: GapEntry; distance: number } | undefined;
    for (const list of byKey.values()) {
      list.sort((x, y) => x.from - y.from);
      for (let i = 1; i < list.length; i++) {
        const a = list[i - 1]!;
        const b = list[i]!;
        const distance = b.from - (a.to as number);
        if (!best || distance < best.distance) best = { a, b, distance };
      }
    }
    if (!best) return false;
    this.absorb(best.b, best.a);
    return true;
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
