// Engine comparison for server/store/README.md. Not part of npm run bench: the engines are
// not dependencies. Run from a scratch folder:
//   mkdir /tmp/engine-bench && cd /tmp/engine-bench && npm init -y
//   npm install @duckdb/node-api better-sqlite3
//   cp /work/main/bench/engine-compare.mjs . && node --expose-gc engine-compare.mjs duckdb
//   node --expose-gc engine-compare.mjs sqlite
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

const N = 1_000_000,
  SPAN = 7_200_000,
  START = Date.UTC(2025, 0, 1, 10);
let s = 42;
const r = () => {
  s = (s * 1103515245 + 12345) >>> 0;
  return s / 4294967296;
};
const edges = Array.from({ length: 10000 }, () => [
  Math.floor(r() * 2000),
  Math.floor(r() * 2000),
  [80, 8080, 9090, 5432, 53][Math.floor(r() * 5)],
  r() < 0.1 ? 17 : 6,
]);
const rows = [];
for (let i = 0; i < N; i++) {
  const e = edges[Math.floor(r() ** 2 * edges.length)];
  rows.push({
    ts: START + Math.floor((i / N) * SPAN),
    id: randomUUID(),
    src: e[0],
    dst: e[1],
    port: e[2],
    proto: e[3],
    verdict: r() < 0.05 ? 2 : 1,
    reply: r() < 0.3 ? 1 : 0,
    counts: 1,
  });
}
const ids = Array.from({ length: 101 }, (_, i) => rows[(i * 9973) % N].id);
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const mem = () => {
  global.gc?.();
  const m = process.memoryUsage();
  return m.rss;
};
const from = START + SPAN / 2,
  to = START + SPAN;

async function duck() {
  const rss0 = mem();
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(
    'CREATE TABLE flows (ts BIGINT, id UUID, src INTEGER, dst INTEGER, port INTEGER, proto TINYINT, verdict TINYINT, reply TINYINT, counts TINYINT)',
  );
  const t0 = performance.now();
  const a = await c.createAppender('flows');
  for (const x of rows) {
    a.appendBigInt(BigInt(x.ts));
    a.appendVarchar(x.id);
    a.appendInteger(x.src);
    a.appendInteger(x.dst);
    a.appendInteger(x.port);
    a.appendTinyInt(x.proto);
    a.appendTinyInt(x.verdict);
    a.appendTinyInt(x.reply);
    a.appendTinyInt(x.counts);
    a.endRow();
  }
  a.closeSync();
  const appendS = (performance.now() - t0) / 1000;
  const q = `SELECT src, dst, port, proto, sum(CASE WHEN reply=0 AND verdict=1 THEN 1 ELSE 0 END) fwd, sum(CASE WHEN reply=0 AND verdict=2 THEN 1 ELSE 0 END) drp, sum(reply) replies, min(ts), max(ts) FROM flows WHERE ts >= ${from} AND ts < ${to} AND counts=1 GROUP BY ALL`;
  const qt = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const res = await c.runAndReadAll(q);
    res.getRows();
    qt.push(performance.now() - t);
  }
  const lt = [];
  for (const id of ids) {
    const t = performance.now();
    const res = await c.runAndReadAll(`SELECT * FROM flows WHERE id = '${id}'`);
    if (res.getRows().length !== 1) throw new Error('miss');
    lt.push(performance.now() - t);
  }
  const rss = mem() - rss0;
  return {
    engine: 'duckdb ' + '(@duckdb/node-api 1.5.6)',
    append_flows_per_s: Math.round(N / appendS),
    map_query_ms: +med(qt).toFixed(1),
    lookup_ms: +med(lt).toFixed(3),
    rss_bytes_per_flow: Math.round(rss / N),
  };
}

function sqlite() {
  const rss0 = mem();
  const db = new Database(':memory:');
  db.exec(
    'CREATE TABLE flows (ts INTEGER, id TEXT, src INTEGER, dst INTEGER, port INTEGER, proto INTEGER, verdict INTEGER, reply INTEGER, counts INTEGER); CREATE INDEX flows_ts ON flows(ts); CREATE UNIQUE INDEX flows_id ON flows(id)',
  );
  const ins = db.prepare('INSERT INTO flows VALUES (?,?,?,?,?,?,?,?,?)');
  const t0 = performance.now();
  const tx = db.transaction((batch) => {
    for (const x of batch)
      ins.run(x.ts, x.id, x.src, x.dst, x.port, x.proto, x.verdict, x.reply, x.counts);
  });
  for (let i = 0; i < N; i += 10000) tx(rows.slice(i, i + 10000));
  const appendS = (performance.now() - t0) / 1000;
  const q = db.prepare(
    `SELECT src, dst, port, proto, sum(reply=0 AND verdict=1) fwd, sum(reply=0 AND verdict=2) drp, sum(reply) replies, min(ts), max(ts) FROM flows WHERE ts >= ? AND ts < ? AND counts=1 GROUP BY src, dst, port, proto`,
  );
  const qt = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    q.all(from, to);
    qt.push(performance.now() - t);
  }
  const g = db.prepare('SELECT * FROM flows WHERE id = ?');
  const lt = [];
  for (const id of ids) {
    const t = performance.now();
    if (!g.get(id)) throw new Error('miss');
    lt.push(performance.now() - t);
  }
  const rss = mem() - rss0;
  return {
    engine: 'sqlite (better-sqlite3 12.11.1)',
    append_flows_per_s: Math.round(N / appendS),
    map_query_ms: +med(qt).toFixed(1),
    lookup_ms: +med(lt).toFixed(3),
    rss_bytes_per_flow: Math.round(rss / N),
  };
}

const which = process.argv[2];
console.log(JSON.stringify(which === 'sqlite' ? sqlite() : await duck()));
