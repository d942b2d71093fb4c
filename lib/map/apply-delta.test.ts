import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMapDelta } from './apply-delta';
import { edge, node, serviceMap } from '@/testing/map-fixtures';

const FE = 'shop/frontend';
const BE = 'shop/backend';

test('an empty delta returns the same map object', () => {
  const map = serviceMap([node(FE)], [edge(FE, BE, { forwarded: 1 })]);
  const delta = serviceMap([], [], { from: 10_000, to: 12_000 });
  assert.equal(applyMapDelta(map, delta), map);
});

test('counts, totals and node counts add up; the window end moves', () => {
  const map = serviceMap(
    [node(FE, { counts: { out: 5, in: 0 } }), node(BE, { counts: { out: 0, in: 5 } })],
    [edge(FE, BE, { forwarded: 4, dropped: 1 })],
  );
  const delta = serviceMap(
    [node(FE, { counts: { out: 2, in: 0 } }), node(BE, { counts: { out: 0, in: 2 } })],
    [edge(FE, BE, { dropped: 2, replies: 3 })],
    { from: 10_000, to: 12_000 },
  );
  const out = applyMapDelta(map, delta);
  assert.deepEqual(out.edges[0]?.counts, {
    forwarded: 4,
    dropped: 3,
    error: 0,
    audit: 0,
    redirected: 0,
    other: 0,
    replies: 3,
  });
  assert.equal(out.totals.flows, 10);
  assert.equal(out.totals.dropped, 3);
  assert.deepEqual(out.nodes[0]?.counts, { out: 7, in: 0 });
  assert.deepEqual(out.window, { from: 0, to: 12_000 });
  // The map in the cache is never mutated.
  assert.equal(map.edges[0]?.counts.dropped, 1);
  assert.equal(map.window.to, 10_000);
});

test('new nodes and edges are appended; untouched edges keep their identity', () => {
  const quiet = edge('a/x', 'a/y', { forwarded: 1 });
  const map = serviceMap([node(FE), node('a/x'), node('a/y')], [edge(FE, BE), quiet]);
  const delta = serviceMap(
    [node('reserved:world:api.stripe.com', { dnsName: 'api.stripe.com' })],
    [edge(BE, 'reserved:world:api.stripe.com', { forwarded: 2 }, { port: 443 })],
    { from: 10_000, to: 12_000 },
  );
  const out = applyMapDelta(map, delta);
  assert.equal(out.nodes.length, 4);
  assert.equal(out.edges.length, 3);
  assert.equal(out.edges[1], quiet);
  assert.equal(out.edges[2]?.id, 'shop/backend>reserved:world:api.stripe.com:443/TCP');
});

test('drop reasons merge; first seen takes the min and last seen the max', () => {
  const map = serviceMap(
    [],
    [
      edge(
        FE,
        BE,
        { dropped: 2 },
        { dropReasons: { POLICY_DENIED: 2 }, firstSeen: 500, lastSeen: 900 },
      ),
    ],
  );
  const delta = serviceMap(
    [],
    [
      edge(
        FE,
        BE,
        { dropped: 3 },
        {
          dropReasons: { POLICY_DENIED: 1, CT_MAP_INSERTION_FAILED: 2 },
          firstSeen: 10_500,
          lastSeen: 11_000,
        },
      ),
    ],
    { from: 10_000, to: 12_000 },
  );
  const e = applyMapDelta(map, delta).edges[0];
  assert.deepEqual(e?.dropReasons, { POLICY_DENIED: 3, CT_MAP_INSERTION_FAILED: 2 });
  assert.equal(e?.firstSeen, 500);
  assert.equal(e?.lastSeen, 11_000);
});

test('L7 counts sum by key, top lists re-sort and stay capped', () => {
  const paths = Array.from({ length: 10 }, (_, i) => ({ path: `/p${i}`, count: 10 - i }));
  const map = serviceMap(
    [],
    [
      edge(
        FE,
        BE,
        { forwarded: 1 },
        {
          l7: {
            httpMethods: { GET: 5 },
            httpStatus: { '2xx': 4 },
            httpPaths: paths,
            dnsQueries: [{ query: 'a.example.', count: 1 }],
          },
        },
      ),
    ],
  );
  const delta = serviceMap(
    [],
    [
      edge(
        FE,
        BE,
        { forwarded: 1 },
        {
          l7: {
            httpMethods: { GET: 1, POST: 2 },
            httpStatus: { '5xx': 1 },
            httpPaths: [
              { path: '/p9', count: 20 },
              { path: '/new', count: 5 },
            ],
            dnsQueries: [
              { query: 'b.example.', count: 3 },
              { query: 'a.example.', count: 1 },
            ],
          },
        },
      ),
    ],
    { from: 10_000, to: 12_000 },
  );
  const l7 = applyMapDelta(map, delta).edges[0]?.l7;
  assert.deepEqual(l7?.httpMethods, { GET: 6, POST: 2 });
  assert.deepEqual(l7?.httpStatus, { '2xx': 4, '5xx': 1 });
  assert.equal(l7?.httpPaths.length, 10);
  assert.deepEqual(l7?.httpPaths[0], { path: '/p9', count: 21 });
  // `/new` (5) beats the smallest old paths (/p6..p8 have 4, 3, 2) and stays in the top 10.
  assert.ok(l7?.httpPaths.some((p) => p.path === '/new'));
  assert.ok(!l7?.httpPaths.some((p) => p.path === '/p8'));
  assert.deepEqual(l7?.dnsQueries, [
    { query: 'b.example.', count: 3 },
    { query: 'a.example.', count: 2 },
  ]);
});

test('an edge first seen in a delta is stored without series', () => {
  const map = serviceMap([], []);
  const delta = serviceMap(
    [],
    [edge(FE, BE, { forwarded: 1 }, { series: [[0, 1, 0, 0, 0, 0, 0]] })],
    {
      from: 10_000,
      to: 12_000,
    },
  );
  assert.equal(applyMapDelta(map, delta).edges[0]?.series, undefined);
});
