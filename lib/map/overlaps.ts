// How readable a laid-out map is: pairs of labels that overlap, labels drawn over another
// node, and nodes drawn over each other. The layout tests and `bench/layout-bench.ts` count
// these on the scene the renderers draw.
import { labelBox, type Box } from './labels';

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
  r: number;
  /** The label under the node; none for a collapsed namespace (its count sits inside). */
  label?: string;
}

export interface Overlaps {
  labelLabel: number;
  labelNode: number;
  nodeNode: number;
}

function boxesMeet(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function circleMeetsBox(x: number, y: number, r: number, b: Box): boolean {
  const dx = Math.max(b.x0 - x, 0, x - b.x1);
  const dy = Math.max(b.y0 - y, 0, y - b.y1);
  return dx * dx + dy * dy < r * r;
}

type Item = { kind: 'label' | 'node'; owner: number; box: Box; node?: PlacedNode };

/** Counts each overlapping pair once; a node and its own label are not a pair. */
export function countOverlaps(nodes: readonly PlacedNode[]): Overlaps {
  const items: Item[] = [];
  nodes.forEach((n, i) => {
    items.push({
      kind: 'node',
      owner: i,
      node: n,
      box: { x0: n.x - n.r, y0: n.y - n.r, x1: n.x + n.r, y1: n.y + n.r },
    });
    if (n.label !== undefined) {
      items.push({ kind: 'label', owner: i, box: labelBox(n.x, n.y, n.r, n.label) });
    }
  });
  // A uniform grid over the boxes, so 2,000 nodes are not 8 million comparisons.
  const cell = 200;
  const buckets = new Map<string, number[]>();
  items.forEach((it, idx) => {
    for (let gx = Math.floor(it.box.x0 / cell); gx <= Math.floor(it.box.x1 / cell); gx++) {
      for (let gy = Math.floor(it.box.y0 / cell); gy <= Math.floor(it.box.y1 / cell); gy++) {
        const key = `${gx},${gy}`;
        const list = buckets.get(key);
        if (list) list.push(idx);
        else buckets.set(key, [idx]);
      }
    }
  });
  const out: Overlaps = { labelLabel: 0, labelNode: 0, nodeNode: 0 };
  const counted = new Set<string>();
  for (const list of buckets.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = items[list[i]!]!;
        const b = items[list[j]!]!;
        if (a.owner === b.owner) continue;
        const key = list[i]! < list[j]! ? `${list[i]}:${list[j]}` : `${list[j]}:${list[i]}`;
        if (counted.has(key)) continue;
        let meets = false;
        if (a.kind === 'label' && b.kind === 'label') meets = boxesMeet(a.box, b.box);
        else if (a.kind === 'node' && b.kind === 'node') {
          const d = Math.hypot(a.node!.x - b.node!.x, a.node!.y - b.node!.y);
          meets = d < a.node!.r + b.node!.r;
        } else {
          const n = a.kind === 'node' ? a.node! : b.node!;
          meets = circleMeetsBox(n.x, n.y, n.r, a.kind === 'label' ? a.box : b.box);
        }
        if (!meets) continue;
        counted.add(key);
        if (a.kind === 'label' && b.kind === 'label') out.labelLabel++;
        else if (a.kind === 'node' && b.kind === 'node') out.nodeNode++;
        else out.labelNode++;
      }
    }
  }
  return out;
}
