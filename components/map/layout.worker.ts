// Runs the map layout off the main thread for large graphs, so panning stays smooth while
// thousands of nodes settle. Same pure function as the main thread, same result.
import { layoutGraph, type LayoutRequest, type LayoutState } from '@/lib/map/layout';

export interface LayoutJob {
  id: number;
  request: LayoutRequest;
}

export interface LayoutDone {
  id: number;
  result: LayoutState;
}

self.onmessage = (event: MessageEvent<LayoutJob>) => {
  const { id, request } = event.data;
  const done: LayoutDone = { id, result: layoutGraph(request) };
  self.postMessage(done);
};
