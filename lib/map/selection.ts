// Keeps the selection on the same traffic when namespaces collapse or expand. A selected
// workload inside a namespace that collapses becomes the namespace's node; a selected link
// becomes the link its edges now fold into (or the namespace's node, when both ends fold
// into it). Expanding picks the busiest of the links the selected one splits into.
import type { ServiceMap } from '@/lib/api/aggregate';
import { groupNodeId } from './grouping';
import type { MapSelection } from './filters';
import { verdictTotal } from './merge';

function drawnIdOf(
  map: Pick<ServiceMap, 'nodes'>,
  collapsed: ReadonlySet<string>,
): (id: string) => string {
  const ns = new Map<string, string>();
  for (const n of map.nodes) if (n.kind === 'workload' && n.namespace) ns.set(n.id, n.namespace);
  return (id) => {
    const namespace = ns.get(id);
    return namespace !== undefined && collapsed.has(namespace) ? groupNodeId(namespace) : id;
  };
}

/** The selection after the collapsed set changes from `before` to `after`. */
export function followSelection(
  map: Pick<ServiceMap, 'nodes' | 'edges'>,
  selection: MapSelection,
  before: ReadonlySet<string>,
  after: ReadonlySet<string>,
): MapSelection {
  if (!selection) return undefined;
  const was = drawnIdOf(map, before);
  const now = drawnIdOf(map, after);
  if (selection.kind === 'node') {
    const targets = new Set<string>();
    for (const n of map.nodes) if (was(n.id) === selection.id) targets.add(now(n.id));
    // A namespace node that expands has no single successor: the panel closes.
    if (targets.size === 1) return { kind: 'node', id: [...targets][0]! };
    return targets.size === 0 ? selection : undefined;
  }
  const weights = new Map<string, { s: string; t: string; w: number }>();
  for (const e of map.edges) {
    const volume = verdictTotal(e.counts) + e.counts.replies;
    let s = e.source;
    let t = e.target;
    // Reply-only edges are drawn on the request link, the other way round.
    if (verdictTotal(e.counts) === 0 && `${was(t)}>${was(s)}` === selection.id) [s, t] = [t, s];
    if (`${was(s)}>${was(t)}` !== selection.id) continue;
    const key = `${now(s)}>${now(t)}`;
    const acc = weights.get(key);
    if (acc) acc.w += volume;
    else weights.set(key, { s: now(s), t: now(t), w: volume });
  }
  let best: [string, { s: string; t: string; w: number }] | undefined;
  for (const entry of weights) {
    if (!best || entry[1].w > best[1].w || (entry[1].w === best[1].w && entry[0] < best[0])) {
      best = entry;
    }
  }
  if (!best) return selection;
  const [id, { s, t }] = best;
  // Both ends folded into one namespace node: its traffic is now that node's.
  if (s === t) return { kind: 'node', id: s };
  return { kind: 'link', id };
}
