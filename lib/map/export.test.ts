import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildMapSvg,
  num,
  svgFrame,
  xmlText,
  type ExportModel,
  type ExportOptions,
} from './export';
import { fitLabel } from './labels';
import { COVERAGE_COLOURS, COVERAGE_LABELS } from './coverage-colour';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  // A bare `&` or `<` in text would be a well-formedness error: reject rather than guess.
  assert.doesNotMatch(raw, /<|&(?!(amp|lt|gt|quot|apos);)/, `unescaped text: ${raw}`);
  return raw.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITY[e] ?? '');
}

/**
 * A deliberately strict parser for the XML subset the exporter writes (a prolog, elements,
 * quoted attributes, text): it throws on anything else, so passing proves well-formedness
 * for that subset, and the tree it returns shows what a real parser would see.
 */
function parseXml(source: string): XmlElement {
  let rest = source.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  const root: XmlElement = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  const tag = /^<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/;
  while (rest.length > 0) {
    const top = stack[stack.length - 1]!;
    const lt = rest.indexOf('<');
    if (lt !== 0) {
      const raw = lt < 0 ? rest : rest.slice(0, lt);
      top.text += decode(raw);
      rest = rest.slice(raw.length);
      continue;
    }
    const m = tag.exec(rest);
    assert.ok(m, `not a tag at: ${rest.slice(0, 60)}`);
    const [whole, close, name, attrText, selfClose] = m;
    rest = rest.slice(whole.length);
    if (close) {
      assert.equal(stack.pop()?.name, name, `mismatched </${name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (attrText ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)) {
      assert.ok(!(a[1]! in attrs), `duplicate attribute ${a[1]}`);
      attrs[a[1]!] = decode(a[2]!);
    }
    const el: XmlElement = { name: name!, attrs, children: [], text: '' };
    top.children.push(el);
    if (!selfClose) stack.push(el);
  }
  assert.equal(stack.length, 1, 'unclosed elements');
  assert.equal(root.children.length, 1, 'one root element');
  assert.equal(root.text.trim(), '');
  return root.children[0]!;
}

function all(el: XmlElement, pred: (e: XmlElement) => boolean): XmlElement[] {
  const out = pred(el) ? [el] : [];
  for (const c of el.children) out.push(...all(c, pred));
  return out;
}

const byClass = (el: XmlElement, cls: string) => all(el, (e) => e.attrs.class === cls);

function model(): ExportModel {
  return {
    nodes: [
      { x: 0, y: 0, r: 10, kind: 'workload', label: 'frontend', members: 1 },
      { x: 120, y: 40, r: 8, kind: 'workload', label: SCRIPT, members: 1 },
      { x: -300, y: 200, r: 12, kind: 'reserved', label: IMG, members: 1 },
      { x: 500, y: -260, r: 20, kind: 'group', label: 'payments', members: 7 },
    ],
    links: [
      {
        x1: 10,
        y1: 0,
        x2: 100,
        y2: 35,
        arrow: [110, 38, 100, 30, 100, 40],
        width: 3,
        colour: '#2f9e44',
      },
      {
        x1: -290,
        y1: 190,
        x2: -10,
        y2: 8,
        arrow: [-8, 6, -12, 4, -10, 10],
        width: 1,
        colour: '#d6336c',
      },
    ],
    groups: [
      {
        namespace: 'shop',
        x: 60,
        y: 20,
        box: { x0: -90, y0: -130, x1: 210, y1: 170 },
        collapsed: false,
        members: 2,
      },
      {
        namespace: `shop${IMG}`,
        x: 500,
        y: -260,
        box: { x0: 480, y0: -280, x1: 520, y1: -240 },
        collapsed: true,
        members: 7,
      },
    ],
  };
}

const OPTIONS: ExportOptions = {
  windowLabel: 'last 15m',
  totals: {
    nodes: 4,
    links: 2,
    flows: 12345,
    forwarded: 12000,
    dropped: 300,
    caution: 0,
    replies: 45,
  },
};

test('the SVG is well-formed, standalone, and has one element per node, link and namespace', () => {
  const svg = buildMapSvg(model(), OPTIONS);
  assert.match(
    svg,
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/,
  );
  const doc = parseXml(svg);
  assert.equal(doc.name, 'svg');
  assert.equal(byClass(doc, 'fs-node').length, 4);
  assert.equal(byClass(doc, 'fs-link').length, 2);
  assert.equal(byClass(doc, 'fs-group').length, 2);
  // Only expanded namespaces have an area drawn around them.
  assert.equal(byClass(doc, 'fs-area').length, 1);
  // A white background covering the whole viewBox, no external references or stylesheet.
  const bg = doc.children.find((c) => c.name === 'rect');
  assert.equal(bg?.attrs.fill, '#ffffff');
  assert.equal(bg?.attrs.width, doc.attrs.width);
  assert.equal(all(doc, (e) => e.name === 'style' || e.name === 'image').length, 0);
  assert.doesNotMatch(svg, /href|url\(/);
});

test('attacker-controlled names end up as inert text, escaped', () => {
  const svg = buildMapSvg(model(), OPTIONS);
  assert.ok(!svg.includes('<script'), 'no script element');
  assert.ok(!svg.includes('<img'), 'no img element');
  assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(svg.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
  const doc = parseXml(svg);
  const names = new Set(all(doc, () => true).map((e) => e.name));
  for (const bad of ['script', 'img', 'foreignObject', 'a']) assert.ok(!names.has(bad), bad);
  // Whole in each node's title, cut to its cell in the label: text either way.
  const titles = all(doc, (e) => e.name === 'title').map((e) => e.text);
  assert.ok(titles.includes(SCRIPT), 'the script name reads back as plain text');
  assert.ok(titles.includes(IMG), 'the img name reads back as plain text');
  const texts = all(doc, (e) => e.name === 'text').map((e) => e.text);
  assert.ok(texts.includes(fitLabel(SCRIPT)), 'the cut script name is plain text');
  assert.ok(texts.includes(`shop${IMG} (7)`), 'namespace tags are text too');
  for (const el of all(doc, () => true)) {
    for (const k of Object.keys(el.attrs)) assert.doesNotMatch(k, /^on/i, `event handler ${k}`);
  }
});

test('xmlText escapes the five specials and drops what XML cannot hold', () => {
  assert.equal(xmlText(`a<b>&"c'`), 'a&lt;b&gt;&amp;&quot;c&apos;');
  assert.equal(xmlText('x\u0000\u0007y\ufffe\ud800z'), 'xyz');
  assert.equal(xmlText('😀'), '😀', 'paired surrogates stay');
});

test('the viewBox covers every node with room for its label, and the legend below', () => {
  const m = model();
  const svg = buildMapSvg(m, OPTIONS);
  const doc = parseXml(svg);
  const [x, y, w, h] = (doc.attrs.viewBox ?? '').split(' ').map(Number) as [
    number,
    number,
    number,
    number,
  ];
  assert.equal(String(w), doc.attrs.width);
  assert.equal(String(h), doc.attrs.height);
  for (const n of m.nodes) {
    assert.ok(n.x - n.r >= x && n.x + n.r <= x + w, `node at x=${n.x} inside`);
    assert.ok(n.y - n.r >= y && n.y + n.r + 20 <= y + h, `node at y=${n.y} inside`);
  }
  const legend = byClass(doc, 'fs-legend')[0];
  const line = legend?.children.find((c) => c.name === 'text');
  assert.equal(
    line?.text,
    'Flowscope service map · last 15m · 4 nodes · 2 links · 12,345 flows · 12,000 forwarded · 300 dropped · 45 replies',
  );
  const maxNodeY = Math.max(...m.nodes.map((n) => n.y + n.r));
  assert.ok(Number(line?.attrs.y) > maxNodeY, 'the legend sits under the map');
  assert.ok(Number(line?.attrs.y) < y + h);
  assert.deepEqual(svgFrame(m, OPTIONS), { x, y, width: w, height: h });
});

test('the same model gives the same bytes; an empty map is still a valid document', () => {
  assert.equal(buildMapSvg(model(), OPTIONS), buildMapSvg(model(), OPTIONS));
  const empty = parseXml(buildMapSvg({ nodes: [], links: [], groups: [] }, OPTIONS));
  assert.equal(byClass(empty, 'fs-node').length, 0);
  assert.ok(Number(empty.attrs.width) > 0 && Number(empty.attrs.height) > 0);
});

test('numbers are short and stable', () => {
  assert.equal(num(1.005), '1');
  assert.equal(num(-0.001), '0');
  assert.equal(num(12.3456), '12.35');
  assert.equal(num(40), '40');
  assert.equal(num(Number.NaN), '0');
});

test('the links keep their colour and width; caution totals show when present', () => {
  const svg = buildMapSvg(model(), { ...OPTIONS, totals: { ...OPTIONS.totals, caution: 3 } });
  const doc = parseXml(svg);
  const lines = byClass(doc, 'fs-link').map((g) => g.children[0]?.attrs);
  assert.deepEqual(
    lines.map((a) => [a?.stroke, a?.['stroke-width']]),
    [
      ['#2f9e44', '3'],
      ['#d6336c', '1'],
    ],
  );
  assert.match(svg, /3 audit\/error\/other/);
});

test('a map coloured by coverage exports its fills and a coverage key; one by kind does not', () => {
  const m = model();
  const coloured: ExportModel = {
    ...m,
    nodes: m.nodes.map((n, i) => (i === 0 ? { ...n, fill: COVERAGE_COLOURS.protected } : n)),
  };
  const doc = parseXml(buildMapSvg(coloured, OPTIONS));
  const fills = all(doc, (e) => e.name === 'circle').map((e) => e.attrs.fill);
  assert.ok(fills.includes(COVERAGE_COLOURS.protected));
  const legend = byClass(doc, 'fs-legend')[0];
  assert.ok(legend);
  const words = all(legend, (e) => e.name === 'text').map((e) => e.text);
  assert.ok(words.includes(COVERAGE_LABELS.protected), words.join(' | '));
  assert.ok(words.includes(COVERAGE_LABELS.open));
  // The frame grew by the key's row.
  const plain = parseXml(buildMapSvg(m, OPTIONS));
  assert.ok(Number(doc.attrs.height) > Number(plain.attrs.height));
  const plainWords = all(byClass(plain, 'fs-legend')[0]!, (e) => e.name === 'text').map(
    (e) => e.text,
  );
  assert.ok(!plainWords.includes(COVERAGE_LABELS.protected));
});
