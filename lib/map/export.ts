// The service map as a standalone SVG document, built from the layout data rather than
// copied from the screen: the canvas renderer has no DOM to copy, and this way both render
// modes export the same picture. Pure and deterministic (no clock, no DOM) so it is tested
// in Node. Names in flows are attacker-controlled: every text node and attribute value goes
// through `xmlText`, never raw into the markup.
import { COVERAGE_COLOURS, COVERAGE_LABELS } from './coverage-colour';
import { cleanText, formatCount } from '@/lib/flows/format-flow';
import { DROP_STEPS, LINK_COLOURS, MAP_COLOURS, toneColour } from './style';
import { LABEL_GAP, fitLabel } from './labels';
import { groupTagAnchor, type Box } from './layout';

export interface ExportNode {
  x: number;
  y: number;
  r: number;
  kind: 'workload' | 'reserved' | 'group';
  /** Workload name, reserved identity or DNS name; group nodes show `members` instead. */
  label: string;
  members: number;
  /** Set when the map is coloured by coverage: the node's fill instead of its kind's. */
  fill?: string;
}

export interface ExportLink {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Arrowhead tip, then the two base corners. */
  arrow: readonly [number, number, number, number, number, number];
  width: number;
  colour: string;
}

export interface ExportGroup {
  namespace: string;
  x: number;
  y: number;
  box: Box;
  collapsed: boolean;
  members: number;
}

export interface ExportModel {
  nodes: readonly ExportNode[];
  links: readonly ExportLink[];
  groups: readonly ExportGroup[];
}

export type ExportColours = Record<
  'workload' | 'reserved' | 'group' | 'nodeStroke' | 'hullFill' | 'hullStroke' | 'label' | 'halo',
  string
>;

/** The on-screen palette; the stage passes its own so the two cannot drift. */
export const DEFAULT_EXPORT_COLOURS: ExportColours = MAP_COLOURS;

/** `caution` counts audit, error and other verdicts together; `redirected` may be absent
 * (zero). Forwarded + redirected + dropped + caution + replies = flows. */
export type ExportTotals = Record<
  'nodes' | 'links' | 'flows' | 'forwarded' | 'dropped' | 'caution' | 'replies',
  number
> & { redirected?: number };

export interface ExportOptions {
  /** How the window reads in the legend, e.g. `last 15m`. */
  windowLabel: string;
  totals: ExportTotals;
  colours?: ExportColours;
}

/** The document's viewBox; its size is also the PNG's size at 1×. */
export interface SvgFrame {
  x: number;
  y: number;
  width: number;
  height: number;
}

const PAD = 24;
const LEGEND_HEIGHT = 44;
/** A third legend row, the coverage key, when nodes are coloured by coverage. */
const COVERAGE_ROW = 18;

function coloured(model: ExportModel): boolean {
  return model.nodes.some((n) => n.fill !== undefined);
}

function legendHeight(model: ExportModel): number {
  return LEGEND_HEIGHT + (coloured(model) ? COVERAGE_ROW : 0);
}
const FONT = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';
/** Rough advance of an 11px system font: room for text is reserved without measuring it. */
const CHAR_WIDTH = 6.6;
const KEY_ITEMS = [
  ['ramp', 'forwarded → dropped'],
  [LINK_COLOURS.caution, 'audit / error / other'],
  [LINK_COLOURS.replies, 'replies only'],
  ['workload', 'workload'],
  ['reserved', 'reserved'],
  ['group', 'namespace'],
] as const;

// Not allowed anywhere in XML 1.0 (cleanText already drops C0 controls): U+FFFE, U+FFFF
// and unpaired surrogates, which a crafted name can carry and would break the document.
const NON_XML =
  /[\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text safe as element content or a quoted attribute value: all five specials escaped. */
export function xmlText(value: string): string {
  return cleanText(value)
    .replace(NON_XML, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Short, stable numbers: two decimals, no trailing zeros, never `-0` or `NaN`. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const s = (Math.round(n * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

/** The label under a node, cut as the SVG renderer cuts it. */
export function nodeLabel(label: string): string {
  return fitLabel(cleanText(label));
}

/** A namespace's tag; a collapsed one says how many workloads it holds, as the canvas does. */
export function groupLabel(g: ExportGroup): string {
  const ns = cleanText(g.namespace) || '(reserved)';
  return g.collapsed ? `${ns} (${formatCount(g.members)})` : ns;
}

/** The legend line: the window and the totals, as the totals bar above the map reads. */
export function legendLine(o: ExportOptions): string {
  const t = o.totals;
  const parts = [
    `Flowscope service map · ${cleanText(o.windowLabel)}`,
    ...(['nodes', 'links', 'flows', 'forwarded'] as const).map((k) => `${formatCount(t[k])} ${k}`),
  ];
  if (t.redirected) parts.push(`${formatCount(t.redirected)} redirected`);
  parts.push(`${formatCount(t.dropped)} dropped`);
  if (t.caution > 0) parts.push(`${formatCount(t.caution)} audit/error/other`);
  parts.push(`${formatCount(t.replies)} replies`);
  return parts.join(' · ');
}

const tagWidth = (g: ExportGroup) => groupLabel(g).length * CHAR_WIDTH + 14;
const keyWidth = (label: string) => 34 + label.length * CHAR_WIDTH;

/** The viewBox: everything drawn, labels included (estimated), then the legend underneath. */
export function svgFrame(model: ExportModel, options: ExportOptions): SvgFrame {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (ax: number, ay: number, bx: number, by: number) => {
    [x0, y0, x1, y1] = [Math.min(x0, ax), Math.min(y0, ay), Math.max(x1, bx), Math.max(y1, by)];
  };
  for (const n of model.nodes) {
    add(n.x - n.r, n.y - n.r, n.x + n.r, n.y + n.r);
    const half = n.kind === 'group' ? 0 : (nodeLabel(n.label).length * CHAR_WIDTH) / 2;
    add(n.x - half, n.y, n.x + half, n.y + n.r + 16);
  }
  for (const l of model.links) {
    add(Math.min(l.x1, l.arrow[0]), Math.min(l.y1, l.arrow[1]), l.x1, l.y1);
    add(l.arrow[0], l.arrow[1], Math.max(l.x1, l.arrow[0]), Math.max(l.y1, l.arrow[1]));
  }
  for (const g of model.groups) {
    add(g.box.x0, g.box.y0, g.box.x1, g.box.y1);
    const tag = groupTagAnchor(g);
    add(tag.x - tagWidth(g) / 2, tag.y - 12, tag.x + tagWidth(g) / 2, tag.y + 12);
  }
  if (!Number.isFinite(x0)) [x0, y0, x1, y1] = [0, 0, 1, 1];
  const key = KEY_ITEMS.reduce((sum, [, label]) => sum + keyWidth(label), DROP_STEPS * 8);
  const legend = Math.max(legendLine(options).length * CHAR_WIDTH, key);
  // A map narrower than its legend sits centred above it rather than hugging the left edge.
  const width = Math.ceil(Math.max(x1 - x0 + 2 * PAD, legend + 2 * PAD) + 1);
  const x = Math.floor((x0 + x1) / 2 - width / 2);
  const y = Math.floor(y0 - PAD);
  return { x, y, width, height: Math.ceil(y1 + PAD - y + legendHeight(model)) };
}

type Attrs = Record<string, string | number>;

function el(name: string, attrs: Attrs, inner?: string): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? num(v) : xmlText(v)}"`)
    .join('');
  return inner === undefined ? `<${name}${a}/>` : `<${name}${a}>${inner}</${name}>`;
}

const text = (attrs: Attrs, value: string) => el('text', attrs, xmlText(value));
const at = (x: number, y: number) => `translate(${num(x)},${num(y)})`;

function drawLink(l: ExportLink): string {
  const { x1, y1, x2, y2, colour } = l;
  const line = el('line', { x1, y1, x2, y2, stroke: colour, 'stroke-width': l.width });
  const head = el('polygon', { points: l.arrow.map(num).join(' '), fill: colour });
  return el('g', { class: 'fs-link' }, line + head);
}

function drawNode(n: ExportNode, c: ExportColours): string {
  const circle = el('circle', {
    r: n.r,
    fill: n.fill ?? c[n.kind],
    stroke: c.nodeStroke,
    'stroke-width': 1.5,
  });
  const label =
    n.kind === 'group'
      ? text({ dy: '0.35em', fill: '#ffffff', 'font-weight': 600 }, formatCount(n.members))
      : text(
          { y: n.r + LABEL_GAP, 'dominant-baseline': 'hanging', fill: c.label, stroke: c.halo },
          nodeLabel(n.label),
        );
  // The whole name as the node's tooltip: the label may be cut to its cell.
  const title = n.kind === 'group' ? '' : el('title', {}, xmlText(cleanText(n.label)));
  return el('g', { class: 'fs-node', transform: at(n.x, n.y) }, title + circle + label);
}

function drawGroupTag(g: ExportGroup, c: ExportColours): string {
  const w = tagWidth(g);
  const box = el('rect', {
    x: -w / 2,
    y: -10,
    width: w,
    height: 20,
    rx: 4,
    fill: '#ffffff',
    stroke: c.hullStroke,
  });
  const label = text({ dy: '0.35em', fill: c.group, 'font-weight': 600 }, groupLabel(g));
  const tag = groupTagAnchor(g);
  return el('g', { class: 'fs-group', transform: at(tag.x, tag.y) }, box + label);
}

/** The legend line, then the colour key: verdict ramp, caution, replies, node kinds. */
function drawLegend(x: number, y: number, o: ExportOptions, c: ExportColours): string {
  let out = text({ x, y, fill: c.label, 'text-anchor': 'start' }, legendLine(o));
  let cx = x;
  const ky = y + 18;
  for (const [swatch, label] of KEY_ITEMS) {
    if (swatch === 'ramp') {
      for (let step = 0; step <= DROP_STEPS; step++, cx += 8) {
        const fill = toneColour({ kind: 'drops', step });
        out += el('rect', { x: cx, y: ky - 4, width: 8, height: 8, fill });
      }
      cx -= 14;
    } else if (swatch === 'workload' || swatch === 'reserved' || swatch === 'group') {
      out += el('circle', { cx: cx + 10, cy: ky, r: 5, fill: c[swatch] });
    } else {
      out += el('rect', { x: cx + 2, y: ky - 2, width: 14, height: 4, rx: 2, fill: swatch });
    }
    out += text({ x: cx + 18, y: ky + 4, fill: '#5b6574', 'text-anchor': 'start' }, label);
    cx += keyWidth(label);
  }
  return out;
}

/** The coverage colours of the nodes, on their own row under the colour key. */
function drawCoverageKey(x: number, y: number): string {
  let out = '';
  let cx = x;
  for (const state of ['protected', 'one-way', 'open'] as const) {
    const label = COVERAGE_LABELS[state];
    out += el('circle', { cx: cx + 10, cy: y, r: 5, fill: COVERAGE_COLOURS[state] });
    out += text({ x: cx + 18, y: y + 4, fill: '#5b6574', 'text-anchor': 'start' }, label);
    cx += keyWidth(label);
  }
  return out;
}

/**
 * The whole map as an SVG document: white background, inline presentation attributes (no
 * stylesheet to lose on the way), the viewBox of `svgFrame`, and a legend line at the foot.
 * Layers in the screen's order: namespace areas, links, nodes, namespace tags.
 */
export function buildMapSvg(model: ExportModel, options: ExportOptions): string {
  const c = options.colours ?? DEFAULT_EXPORT_COLOURS;
  const f = svgFrame(model, options);
  const root = {
    xmlns: 'http://www.w3.org/2000/svg',
    width: f.width,
    height: f.height,
    viewBox: [f.x, f.y, f.width, f.height].map(num).join(' '),
    'font-family': FONT,
    'font-size': 11,
    'text-anchor': 'middle',
  };
  const areas = model.groups
    .filter((g) => !g.collapsed)
    .map(({ box: b }) =>
      el('rect', {
        class: 'fs-area',
        x: b.x0,
        y: b.y0,
        width: b.x1 - b.x0,
        height: b.y1 - b.y0,
        rx: 10,
      }),
    );
  const body = [
    el('title', {}, xmlText(`Flowscope service map, ${options.windowLabel}`)),
    el('rect', { x: f.x, y: f.y, width: f.width, height: f.height, fill: '#ffffff' }),
    el('g', { fill: c.hullFill, stroke: c.hullStroke }, areas.join('')),
    el('g', { opacity: 0.78, 'stroke-linecap': 'round' }, model.links.map(drawLink).join('')),
    // Halo behind labels, as on screen: stroke first, fill over it.
    el(
      'g',
      { 'stroke-width': 3, 'paint-order': 'stroke' },
      model.nodes.map((n) => drawNode(n, c)).join(''),
    ),
    el('g', {}, model.groups.map((g) => drawGroupTag(g, c)).join('')),
    el(
      'g',
      { class: 'fs-legend' },
      drawLegend(f.x + PAD, f.y + f.height - legendHeight(model) + 8, options, c) +
        (coloured(model) ? drawCoverageKey(f.x + PAD, f.y + f.height - COVERAGE_ROW + 4) : ''),
    ),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el('svg', root, `\n${body.join('\n')}\n`)}\n`;
}
