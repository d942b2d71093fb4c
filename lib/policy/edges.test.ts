import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edgeMapHref, edgePortText, moreEdgesText } from './edges';

const WINDOW = { from: Date.UTC(2026, 0, 2, 10, 0), to: Date.UTC(2026, 0, 2, 10, 15) };

const EDGE = { source: 'shop/frontend', target: 'shop/backend', port: 8080, protocol: 'TCP' };

test("the map link selects the edge's link, narrowed to its port, over the pinned window", () => {
  const url = new URL(edgeMapHref(EDGE, WINDOW), 'http://h.invalid');
  assert.equal(url.pathname, '/map');
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    edge: 'shop/frontend>shop/backend',
    port: '8080',
    protocol: 'TCP',
    expand: 'all',
    from: '2026-01-02T10:00:00.000Z',
    to: '2026-01-02T10:15:00.000Z',
  });
});

test('a protocol the map cannot filter by is left out', () => {
  const url = new URL(edgeMapHref({ ...EDGE, protocol: 'Unknown' }, WINDOW), 'http://h.invalid');
  assert.equal(url.searchParams.get('protocol'), null);
  assert.equal(url.searchParams.get('port'), '8080');
});

test('a crafted node name stays inside the edge parameter', () => {
  const source = 'a&to=1#x/../../y';
  const target = 'reserved:world:evil.example?from=0';
  const url = new URL(edgeMapHref({ ...EDGE, source, target }, WINDOW), 'http://h.invalid');
  assert.equal(url.pathname, '/map');
  assert.deepEqual(
    [...url.searchParams.keys()],
    ['edge', 'port', 'protocol', 'expand', 'from', 'to'],
  );
  assert.equal(url.searchParams.get('edge'), `${source}>${target}`);
  assert.equal(url.hash, '');
});

test('ports and the rest of a cut list read as words', () => {
  assert.equal(edgePortText({ port: 8080, protocol: 'TCP' }), ':8080/TCP');
  assert.equal(edgePortText({ port: 0, protocol: 'ICMPv4' }), 'ICMPv4');
  assert.equal(moreEdgesText(10, 10), undefined);
  assert.equal(moreEdgesText(10, 11), 'and 1 more edge');
  assert.equal(moreEdgesText(10, 15), 'and 5 more edges');
});
