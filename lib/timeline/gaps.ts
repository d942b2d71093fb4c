// The time ranges Flowscope could not recover, as the drop timeline draws them: bands over
// the window (overlapping ranges drawn as one band) and the words for each. Pure, so the
// chart only maps bands through its time scale. Node names, sources and details come from
// the relay: the strings made here are for React text nodes only.
import type { TimelineGap, TimelineGapKind } from '@/lib/api/types';
import { cleanText, formatCount } from '@/lib/flows/format-flow';

export interface GapBand {
  /** Clipped to the window, epoch ms. */
  from: number;
  to: number;
  kinds: TimelineGapKind[];
  /** Some range of the band is still going on. */
  ongoing: boolean;
  /** Short words drawn inside the band when it is wide enough. */
  label: string;
  /** One line per group of ranges, for the tooltip and the list. */
  lines: string[];
}

/** Most lines spelled out for one band; the rest are counted. */
export const MAX_BAND_LINES = 6;
/** Most nodes named in one line. */
const MAX_NODES_NAMED = 3;

const SOURCE_WORDS: Record<string, string> = {
  PERF_EVENT_RING_BUFFER: 'BPF perf ring buffer',
  OBSERVER_EVENTS_QUEUE: 'Hubble events queue',
  HUBBLE_RING_BUFFER: 'Hubble ring buffer',
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local wall-clock time, e.g. `10:02:11`. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

interface GapGroup {
  kind: TimelineGapKind;
  from: number;
  to: number;
  ongoing: boolean;
  nodes: string[];
  lost: number;
  source?: string;
  detail: string;
}

/** Node names in natural order: kind-worker2 before kind-worker10. */
function byName(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function nodesText(nodes: string[]): string {
  if (nodes.length === 0) return '';
  const named = nodes.slice(0, MAX_NODES_NAMED).join(', ');
  if (nodes.length === 1) return ` on node ${named}`;
  if (nodes.length <= MAX_NODES_NAMED) return ` on nodes ${named}`;
  return ` on ${nodes.length} nodes (${named}, …)`;
}

function describeGroup(g: GapGroup, time: (ms: number) => string): string {
  const span = `${time(g.from)}–${time(g.to)}`;
  const on = nodesText(g.nodes);
  const detail = g.detail ? ` (${g.detail})` : '';
  let text: string;
  switch (g.kind) {
    case 'lost-events': {
      const where = g.source ? (SOURCE_WORDS[g.source] ?? g.source) : 'Hubble';
      text = `${formatCount(g.lost)} events lost (${where})${on} ${span}`;
      break;
    }
    case 'node-unavailable':
      text = g.ongoing
        ? `not recovered: unreachable through the relay since ${time(g.from)}${on}${detail}`
        : `not recovered: unreachable through the relay ${span}${on}${detail}`;
      break;
    default:
      text = g.ongoing
        ? `not received yet: relay unreachable since ${time(g.from)}${on}${detail}; what it still holds is checked when it is back`
        : `not recovered: relay unreachable ${span}${on}${detail}`;
  }
  return cleanText(text);
}

/** Words for one range, e.g. `not recovered: relay unreachable 10:02:11–10:03:40 on node
 * kind-worker (...)` or `1,234 events lost (Hubble ring buffer) on node kind-worker ...`. */
export function describeGap(g: TimelineGap, time: (ms: number) => string = clockTime): string {
  return describeGroup(groupOf(g), time);
}

/** A group holding one range. */
function groupOf(g: TimelineGap): GapGroup {
  return {
    kind: g.kind,
    from: g.from,
    to: g.to,
    ongoing: g.ongoing,
    nodes: g.node ? [g.node] : [],
    lost: g.lost ?? 0,
    source: g.source,
    detail: g.detail,
  };
}

/** Ranges that differ only by node (one outage seen on every node) become one line. */
function groupLines(gaps: TimelineGap[], time: (ms: number) => string): string[] {
  const groups = new Map<string, GapGroup>();
  for (const g of gaps) {
    const key = `${g.kind}\u0000${g.source ?? ''}\u0000${g.detail}\u0000${g.ongoing}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, groupOf(g));
      continue;
    }
    group.from = Math.min(group.from, g.from);
    group.to = Math.max(group.to, g.to);
    group.lost += g.lost ?? 0;
    if (g.node && !group.nodes.includes(g.node)) group.nodes.push(g.node);
  }
  const lines = [...groups.values()].map((g) =>
    describeGroup({ ...g, nodes: [...g.nodes].sort(byName) }, time),
  );
  if (lines.length <= MAX_BAND_LINES) return lines;
  const more = lines.length - (MAX_BAND_LINES - 1);
  return [...lines.slice(0, MAX_BAND_LINES - 1), `… and ${more} more`];
}

function bandLabel(gaps: TimelineGap[]): string {
  if (gaps.every((g) => g.kind === 'lost-events')) return 'events lost';
  if (gaps.every((g) => g.ongoing && g.kind === 'relay-unreachable')) return 'relay unreachable';
  return 'not recovered';
}

/** The ranges overlapping the window as bands, oldest first; overlapping ranges share one. */
export function gapBands(
  gaps: readonly TimelineGap[],
  window: { from: number; to: number },
  time: (ms: number) => string = clockTime,
): GapBand[] {
  const inside = gaps
    .filter((g) => g.to >= window.from && g.from < window.to)
    .sort((a, b) => a.from - b.from || a.to - b.to);
  const clusters: TimelineGap[][] = [];
  let end = -Infinity;
  for (const g of inside) {
    const current = clusters[clusters.length - 1];
    if (current && g.from <= end) {
      current.push(g);
      end = Math.max(end, g.to);
    } else {
      clusters.push([g]);
      end = g.to;
    }
  }
  return clusters.map((c) => ({
    from: Math.max(window.from, Math.min(...c.map((g) => g.from))),
    to: Math.min(window.to, Math.max(...c.map((g) => g.to))),
    kinds: [...new Set(c.map((g) => g.kind))],
    ongoing: c.some((g) => g.ongoing),
    label: bandLabel(c),
    lines: groupLines(c, time),
  }));
}
