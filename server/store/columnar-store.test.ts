import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FlowRecord } from '@/lib/api/flow-record';
import { flow, pod, reserved, T0 } from '@/testing/aggregate-flows';
import { openFlowStore } from './flow-store';

const BIG = { maxFlows: 1_000_000, maxBytes: 2 ** 40, maxAgeMs: 86_400_000 };
const ALL = { from: 0, to: T0 * 2, order: 'oldest' as const, limit: 1000 };

// Node 20's recursive rmSync mishandles some temp paths here; a flat folder is easy by hand.
function removeDir(dir: string): void {
  for (const name of fs.readdirSync(dir)) fs.unlinkSync(path.join(dir, name));
  fs.rmdirSync(dir);
}

function without(f: FlowRecord, key: 'summary' | 'isReply'): FlowRecord {
  delete f[key];
  return f;
}

function varied(): FlowRecord[] {
  return [
    flow(),
    flow({ id: 'fs-0123456789abcdef0123456789abcdef', hasUuid: false }),
    without(flow({ id: 'custom id', time: '2025-01-01T12:00:00Z' }), 'summary'),
    flow({
      type: 'L7',
      eventType: 129,
      l7: {
        type: 'REQUEST',
        latencyNs: '1200',
        http: {
          code: 0,
          method: 'GET',
          url: '/a/1',
          protocol: 'HTTP/1.1',
          headers: [{ key: 'x', value: 'y' }],
        },
      },
      summary: 'HTTP/1.1 GET /a/1',
    }),
    without(flow({ isReply: true }), 'isReply'),
    flow({
      protocol: 'ICMPv4',
      tcpFlags: [],
      icmp: { type: 8, code: 0 },
      source: reserved(1, 'reserved:host', {
        cluster: 'c1',
        service: { name: 's', namespace: 'n' },
      }),
      destination: pod('db', 'pg-0', {
        endpointId: 12,
        workloads: [{ name: 'pg', kind: 'StatefulSet' }],
      }),
      verdict: 'DROPPED',
      dropReason: 'POLICY_DENIED',
      ingressDeniedBy: [
        { name: 'p', namespace: 'db', kind: 'CiliumNetworkPolicy', revision: '7', labels: ['a'] },
      ],
      policyLog: ['log'],
      authType: 'SPIRE',
      proxyPort: 15001,
      interfaceName: 'eth0',
    }),
  ];
}

test('rows decode to records deep-equal to the input; lookup by id', async () => {
  const s = await openFlowStore({ limits: BIG, segmentRows: 2 });
  const input = varied();
  for (const f of input) s.append(structuredClone(f));
  for (const f of input) assert.deepStrictEqual(s.get(f.id), f);
  assert.equal(s.get('0b9f3c2e-1a2b-4c3d-8e4f-ffffffffffff'), undefined);
  assert.deepStrictEqual(s.scan(ALL).flows, input);
});

test('eviction by max flows, max age and max bytes drops whole oldest segments', async () => {
  const byFlows = await openFlowStore({ limits: { ...BIG, maxFlows: 10 }, segmentRows: 4 });
  for (let i = 0; i < 30; i++) byFlows.append(flow({ ts: T0 + i }));
  const st = byFlows.stats();
  assert.ok(st.flows <= 10 && st.flows > 4, `${st.flows}`);
  assert.equal(st.evicted, 30 - st.flows);
  assert.equal(st.newestTs, T0 + 29);

  const byAge = await openFlowStore({ limits: { ...BIG, maxAgeMs: 60_000 }, segmentRows: 4 });
  for (let i = 0; i < 20; i++) byAge.append(flow({ ts: T0 + i * 10_000 }));
  assert.ok(byAge.stats().oldestTs! >= T0 + 190_000 - 60_000 - 40_000);
  assert.ok(byAge.stats().evicted > 0);

  const byBytes = await openFlowStore({ limits: { ...BIG, maxBytes: 60_000 }, segmentRows: 64 });
  for (let i = 0; i < 2000; i++) byBytes.append(flow({ ts: T0 + i }));
  assert.ok(byBytes.stats().bytes <= 60_000 || byBytes.stats().flows <= 64);
  assert.ok(byBytes.stats().evicted > 0);
  assert.equal(byBytes.stats().persistent, false);
});

test('scan by time, namespace, policy and query, newest or oldest first', async () => {
  const s = await openFlowStore({ limits: BIG, segmentRows: 3 });
  const input = varied().map((f, i) => ({ ...f, ts: T0 + i * 1000, time: f.time }));
  for (const f of input) s.append(f);
  const ids = (r: { flows: FlowRecord[] }): string[] => r.flows.map((f) => f.id);
  assert.deepEqual(ids(s.scan({ ...ALL, from: T0 + 1000, to: T0 + 3000 })), [
    input[1]!.id,
    input[2]!.id,
  ]);
  assert.deepEqual(ids(s.scan({ ...ALL, namespaces: ['db'] })), [input[5]!.id]);
  assert.deepEqual(ids(s.scan({ ...ALL, policy: { namespace: 'db', name: 'p' } })), [input[5]!.id]);
  const q = { whitelist: [{ verdict: ['DROPPED'] }], blacklist: [] };
  assert.deepEqual(ids(s.scan({ ...ALL, query: q })), [input[5]!.id]);
  const newest = s.scan({ ...ALL, order: 'newest', limit: 2 });
  assert.deepEqual(ids(newest), [input[5]!.id, input[4]!.id]);
  assert.equal(newest.truncated, true);
});

test('history survives close and reopen; evicted segment files are deleted', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowscope-store-'));
  try {
    const limits = { ...BIG, maxFlows: 40 };
    const a = await openFlowStore({ limits, dataDir: dir, segmentRows: 8 });
    const input = Array.from({ length: 60 }, (_, i) => flow({ ts: T0 + i }));
    input.push(...varied());
    for (const f of input) a.append(f);
    const before = a.stats();
    const kept = a.scan({ ...ALL, limit: 100 }).flows;
    const map = a.serviceMap({ from: T0, to: T0 + 3_600_000 });
    await a.close();
    const files = fs.readdirSync(dir).filter((n) => n.endsWith('.fsg'));
    assert.ok(files.length <= Math.ceil(40 / 8) + 1, files.join());
    const b = await openFlowStore({ limits, dataDir: dir, segmentRows: 8 });
    assert.equal(b.stats().flows, before.flows);
    assert.equal(b.stats().persistent, true);
    assert.deepStrictEqual(b.scan({ ...ALL, limit: 100 }).flows, kept);
    assert.deepStrictEqual(b.get(input[input.length - 1]!.id), input[input.length - 1]);
    assert.deepStrictEqual(b.serviceMap({ from: T0, to: T0 + 3_600_000 }), map);
    b.append(flow({ ts: T0 + 100 }));
    await b.close();
  } finally {
    removeDir(dir);
  }
});

test('a paired drop split across a written segment stays counted once after reopen', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowscope-pair-'));
  try {
    const opts = { limits: BIG, dataDir: dir, segmentRows: 2 };
    const a = await openFlowStore(opts);
    const common = { verdict: 'DROPPED', dropReason: 'POLICY_DENIED', ts: T0 };
    a.append(flow());
    a.append(flow({ ...common, eventType: 1 }));
    a.append(flow({ ...common, eventType: 5 }));
    assert.equal(a.serviceMap({ from: T0, to: T0 + 1000 }).totals.dropped, 1);
    await a.close();
    const b = await openFlowStore(opts);
    assert.equal(b.serviceMap({ from: T0, to: T0 + 1000 }).totals.dropped, 1);
    await b.close();
  } finally {
    removeDir(dir);
  }
});

test('the open segment comes back from the write-ahead log; a torn tail is dropped', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowscope-wal-'));
  try {
    const opts = { limits: BIG, dataDir: dir, segmentRows: 1000 };
    const a = await openFlowStore(opts);
    const input = [...varied(), ...varied().map((f) => ({ ...f, id: f.id + '-2' }))];
    for (const f of input) a.append(structuredClone(f));
    const kept = a.scan(ALL).flows;
    await a.close();
    const b = await openFlowStore(opts);
    assert.deepStrictEqual(b.scan(ALL).flows, kept);
    await b.close();
    const wal = path.join(dir, 'open-segment.wal');
    fs.truncateSync(wal, fs.statSync(wal).size - 3);
    const c = await openFlowStore(opts);
    assert.deepStrictEqual(c.scan(ALL).flows, kept.slice(0, -1));
    c.append(structuredClone(input[0]!));
    await c.close();
    const d = await openFlowStore(opts);
    assert.equal(d.stats().flows, kept.length);
    await d.close();
  } finally {
    removeDir(dir);
  }
});
