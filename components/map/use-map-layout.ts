'use client';
// Positions for the drawn graph, kept for the life of the page so the picture stays put
// while live updates and filter changes come and go: known nodes never move, and only
// new nodes are laid out — on the main thread when few, in a Web Worker when many.
// Finished layouts are cached by graph shape, so returning to a view costs nothing.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { VisGraph } from '@/lib/map/grouping';
import {
  countNew,
  layoutGraph,
  layoutInput,
  mergeLayout,
  shapeKey,
  WORKER_THRESHOLD,
  type LayoutRequest,
  type LayoutState,
} from '@/lib/map/layout';
import type { LayoutDone, LayoutJob } from './layout.worker';

const CACHE_SIZE = 16;
const shapeCache = new Map<string, LayoutState>();

function remember(key: string, result: LayoutState): void {
  shapeCache.delete(key);
  shapeCache.set(key, result);
  while (shapeCache.size > CACHE_SIZE) {
    const oldest = shapeCache.keys().next().value;
    if (oldest === undefined) break;
    shapeCache.delete(oldest);
  }
}

export interface LayoutSnapshot {
  layout: LayoutState;
  /** A worker layout is running; the previous positions are still shown. */
  busy: boolean;
}

const EMPTY: LayoutSnapshot = { layout: { nodes: new Map(), groups: new Map() }, busy: false };

class LayoutStore {
  private snapshot: LayoutSnapshot = EMPTY;
  private listeners = new Set<() => void>();
  private shape = '';
  private jobId = 0;
  private worker: Worker | undefined;
  /** Worker jobs in flight: id -> shape key. */
  private pending = new Map<number, string>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LayoutSnapshot => this.snapshot;

  getServerSnapshot = (): LayoutSnapshot => EMPTY;

  private emit(next: LayoutSnapshot): void {
    this.snapshot = next;
    for (const l of this.listeners) l();
  }

  private apply(key: string, result: LayoutState): void {
    remember(key, result);
    this.emit({ layout: mergeLayout(this.snapshot.layout, result), busy: false });
  }

  request(graph: VisGraph): void {
    const input = layoutInput(graph);
    const key = shapeKey(input);
    if (key === this.shape) return;
    this.shape = key;
    const cached = shapeCache.get(key);
    if (cached) {
      this.apply(key, cached);
      return;
    }
    const request: LayoutRequest = { ...input, known: this.snapshot.layout };
    if (countNew(request) <= WORKER_THRESHOLD || typeof Worker === 'undefined') {
      this.apply(key, layoutGraph(request));
      return;
    }
    const id = ++this.jobId;
    this.worker ??= this.startWorker();
    this.emit({ ...this.snapshot, busy: true });
    const job: LayoutJob = { id, request };
    this.worker.postMessage(job);
    this.pending.set(id, key);
  }

  private startWorker(): Worker {
    const worker = new Worker(new URL('./layout.worker.ts', import.meta.url));
    worker.onmessage = (event: MessageEvent<LayoutDone>) => {
      const key = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      if (key === undefined) return;
      remember(key, event.data.result);
      // A superseded job only fills in nodes nobody placed since; the latest one wins.
      const latest = event.data.id === this.jobId;
      this.emit({
        layout: latest
          ? mergeLayout(this.snapshot.layout, event.data.result)
          : mergeLayout(event.data.result, this.snapshot.layout),
        busy: !latest,
      });
    };
    return worker;
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.pending.clear();
    // Forget the shape so a remount (React's strict-mode replay) asks again.
    this.shape = '';
  }
}

export function useMapLayout(graph: VisGraph | undefined): LayoutSnapshot {
  const [store] = useState(() => new LayoutStore());
  useEffect(() => () => store.dispose(), [store]);
  useEffect(() => {
    if (graph) store.request(graph);
  }, [store, graph]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);
}
