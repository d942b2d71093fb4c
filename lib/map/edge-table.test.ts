import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edgeRows, readEdgeSort, sortEdgeRows, topDroppedLink, writeEdgeSort } from './edge-table';
import { buildVisGraph } from './grouping';
import { edge, node, serviceMap } from '@/testing/map-fixtures';

const graph = buildVisGraph(
  serviceMap(
    [node('a/x'), node('a/y'), node('b/z'), node('reserved:world')],
    [
      edge('a/x', 'a/y', { forwarded: 3083 }, { lastSeen: 5000 }),
      edge('a/y', 'b/z', { forwarded: 1700, dropped: 27 }, { lastSeen: 9000 }),
      edge('a/x', 'b/z', { forwarded: 1, dropped: 9 }, { lastSeen: 7000 }),
      edge('reserved:world', 'a/x', { dropped: 12 }, { lastSeen: 1000 }),
    ],
  ),
  new Set(),
);
const ids = (sort: Parameters<typeof edgeRows>[1]) => edgeRows(graph, sort).map((r) => r.id);

test('rows sort by flows, drops, drop share and last seen, highest first', () => {
  assert.deepEqual(ids('flows'), ['a/x>a/y', 'a/y>b/z', 'reserved:world>a/x', 'a/x>b/z']);
  assert.deepEqual(ids('drops'), ['a/y>b/z', 'reserved:world>a/x', 'a/x>b/z', 'a/x>a/y']);
  assert.deepEqual(ids('share'), ['reserved:world>a/x', 'a/x>b/z', 'a/y>b/z', 'a/x>a/y']);
  assert.deepEqual(ids('last'), ['a/y>b/z', 'a/x>b/z', 'a/x>a/y', 'reserved:world>a/x']);
});

test('a row carries flows, drops and their share as the map counts them', () => {
  const row = edgeRows(graph, 'flows').find((r) => r.id === 'a/y>b/z');
  assert.ok(row);
  assert.equal(row.flows, 1727);
  assert.equal(row.dropped, 27);
  assert.equal(row.share, 27 / 1727);
  assert.equal(row.lastSeen, 9000);
});

test('ties keep a stable order', () => {
  const rows = edgeRows(graph, 'flows');
  assert.deepEqual(sortEdgeRows([...rows].reverse(), 'flows'), rows);
});

test('the top dropped link is the one with most drops; none without drops', () => {
  assert.equal(topDroppedLink(graph)?.id, 'a/y>b/z');
  const quiet = buildVisGraph(
    serviceMap([node('a/x'), node('a/y')], [edge('a/x', 'a/y', { forwarded: 4 })]),
    new Set(),
  );
  assert.equal(topDroppedLink(quiet), undefined);
});

test('the sort is read from and written to the URL; unknown values fall back to flows', () => {
  assert.equal(readEdgeSort(new URLSearchParams('sort=drops')), 'drops');
  assert.equal(readEdgeSort(new URLSearchParams('sort=bogus')), 'flows');
  assert.equal(readEdgeSort(new URLSearchParams('')), 'flows');
  const p = writeEdgeSort(new URLSearchParams('window=15m'), 'last');
  assert.equal(p.toString(), 'window=15m&sort=last');
  assert.equal(writeEdgeSort(p, 'flows').toString(), 'window=15m');
});
