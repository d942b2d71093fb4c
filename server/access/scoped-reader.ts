// The store as one viewer may read it: every read narrowed to the viewer's namespaces.
import 'server-only';
import type { FlowReader, FlowStore } from '@/server/store/flow-store';
import { flowInScope, type Scope } from './viewer';

export function scopedReader(store: FlowStore, scope: Scope): FlowReader {
  if (!scope) return store;
  return {
    // A flow outside the scope reads exactly as one that is not there.
    get: (id) => {
      const flow = store.get(id);
      return flow && flowInScope(flow, scope) ? flow : undefined;
    },
    // The viewer's scope replaces any the caller set: a read cannot widen it.
    scan: (s) => store.scan({ ...s, scope }),
    serviceMap: (q) => store.serviceMap({ ...q, scope }),
    timeline: (q) => store.timeline({ ...q, scope }),
    endpoints: (q) => store.endpoints({ ...q, scope }),
    stats: () => store.stats(),
  };
}
