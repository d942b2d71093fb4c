// `flowscope what-if` as CI runs it: the real bin/flowscope.mjs under node, on files in a
// temporary folder, from another working directory; its exit status and its output lines.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { flowRecordToJsonLine } from '@/server/ingest/flow-json';
import type { WhatIfSummary } from '@/server/policies/what-if';
import { scenarioRecords } from '@/testing/policy-flows';

const ROOT = path.join(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'flowscope.mjs');
const DEMO_DIR = path.join(ROOT, 'server', 'policies', 'demo');

let dir = '';
let flowsFile = '';
let proposedDir = '';

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowscope-what-if-'));
  flowsFile = path.join(dir, 'flows.json');
  const lines = scenarioRecords(10, 7).map(flowRecordToJsonLine);
  // A blank line is fine anywhere.
  lines.splice(5, 0, '');
  writeFileSync(flowsFile, lines.join('\n') + '\n');
  // The proposal: the backend no longer lets the frontend in.
  proposedDir = path.join(dir, 'proposed');
  cpSync(DEMO_DIR, proposedDir, { recursive: true });
  const file = path.join(proposedDir, 'shop-backend.yaml');
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  assert.ok(Array.isArray(docs));
  const api = docs.find((d) => d.getIn(['metadata', 'name']) === 'backend-api');
  assert.ok(api && api.hasIn(['spec', 'ingress']));
  api.deleteIn(['spec', 'ingress']);
  writeFileSync(file, docs.map((d) => d.toString()).join(''));
});

after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function outputLines(stdout: string): Record<string, unknown>[] {
  assert.ok(stdout.endsWith('\n'));
  return stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('a newly denied flow: one NDJSON line per change, the summary last, exit 1', () => {
  const r = run('what-if', '--policies', proposedDir, '--baseline', DEMO_DIR, '--flows', flowsFile);
  assert.equal(r.code, 1, r.stderr);
  const lines = outputLines(r.stdout);
  const summary = lines.pop()?.summary as WhatIfSummary;
  assert.ok(summary.newlyDenied > 0);
  assert.equal(lines.length, summary.newlyDenied);
  assert.equal(summary.unchanged, summary.evaluated - summary.newlyDenied);
  for (const l of lines) {
    assert.deepEqual(Object.keys(l), [
      'uuid',
      'time',
      'source',
      'destination',
      'port',
      'protocol',
      'change',
      'old',
      'new',
    ]);
    assert.equal(l.change, 'newly-denied');
    assert.equal((l.source as { workload: string }).workload, 'frontend');
    assert.equal((l.destination as { workload: string }).workload, 'backend');
    assert.deepEqual(l.old, {
      verdict: 'allowed',
      decidedBy: 'CiliumNetworkPolicy/shop/backend-api ingress[0]',
    });
  }
});

test('identical policies: only the summary, no change, exit 0', () => {
  const r = run('what-if', '--policies', DEMO_DIR, '--baseline', DEMO_DIR, '--flows', flowsFile);
  assert.equal(r.code, 0, r.stderr);
  const lines = outputLines(r.stdout);
  assert.equal(lines.length, 1);
  const summary = lines[0]?.summary as WhatIfSummary;
  assert.ok(summary.evaluated > 0);
  assert.equal(summary.unchanged, summary.evaluated);
});

test('without --baseline the reported verdicts are the baseline: nothing newly denied, exit 0', () => {
  const same = run('what-if', '--policies', DEMO_DIR, '--flows', flowsFile);
  assert.equal(same.code, 0, same.stderr);
  const lines = outputLines(same.stdout);
  const summary = lines.pop()?.summary as WhatIfSummary;
  assert.equal(summary.newlyDenied, 0);
  assert.ok(lines.every((l) => l.change === 'uncertain' && typeof l.reason === 'string'));

  const r = run('what-if', '--policies', proposedDir, '--flows', flowsFile);
  assert.equal(r.code, 1, r.stderr);
  const changed = outputLines(r.stdout);
  changed.pop();
  const denied = changed.filter((l) => l.change === 'newly-denied');
  assert.ok(denied.length > 0);
  // Hubble names the policy (not the rule) on policy-verdict events, nothing on L7 requests.
  const olds = new Set(denied.map((l) => JSON.stringify(l.old)));
  assert.deepEqual(
    olds,
    new Set([
      JSON.stringify({ verdict: 'allowed', decidedBy: 'CiliumNetworkPolicy/shop/backend-api' }),
      JSON.stringify({ verdict: 'allowed', decidedBy: 'unknown' }),
    ]),
  );
});

test('a junk line refuses the file by its line number, exit 2', () => {
  const junk = path.join(dir, 'junk.json');
  const good = readFileSync(flowsFile, 'utf8').split('\n').slice(0, 2);
  writeFileSync(junk, [...good, 'this is not json', good[0]].join('\n'));
  const r = run('what-if', '--policies', DEMO_DIR, '--flows', junk);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /line 3: /);
  assert.match(r.stderr, /1 line\(s\) are not Hubble flows/);
});

test('bad usage and unreadable input exit 2 with the reason on stderr', () => {
  const cases: [string[], RegExp][] = [
    [['what-if', '--policies', DEMO_DIR], /missing --flows/],
    [['what-if', '--flows', flowsFile], /missing --policies/],
    [['what-if', '--policies', DEMO_DIR, '--flows', flowsFile, '--bogus'], /--bogus/],
    [
      ['what-if', '--policies', DEMO_DIR, '--flows', path.join(dir, 'absent.json')],
      /absent\.json: ENOENT/,
    ],
    [['what-if', '--policies', path.join(dir, 'nowhere'), '--flows', flowsFile], /nowhere: ENOENT/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /Usage: flowscope <command>/],
  ];
  for (const [args, message] of cases) {
    const r = run(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('a policy file that does not parse exits 2 naming the file', () => {
  const broken = path.join(dir, 'broken');
  cpSync(DEMO_DIR, broken, { recursive: true });
  writeFileSync(path.join(broken, 'zz-broken.yaml'), 'kind: CiliumNetworkPolicy\nspec: [\n');
  const r = run('what-if', '--policies', broken, '--flows', flowsFile);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /zz-broken\.yaml document 1: /);
});

test('--help prints the usage on stdout and exits 0', () => {
  const top = run('--help');
  assert.equal(top.code, 0);
  assert.match(top.stdout, /what-if/);
  const sub = run('what-if', '--help');
  assert.equal(sub.code, 0);
  assert.match(sub.stdout, /Without it the baseline is\s+what the flows report/);
  assert.match(sub.stdout, /Exit status: 1 when a flow is newly denied/);
});

test('a capture with lost events says so: counted in the summary and warned about on stderr', () => {
  const withLoss = path.join(dir, 'lossy.json');
  const good = readFileSync(flowsFile, 'utf8').trimEnd().split('\n');
  const lost = JSON.stringify({
    lost_events: { source: 'HUBBLE_RING_BUFFER', num_events_lost: '42', cpu: null },
    node_name: 'kind-worker',
    time: '2026-12-03T10:00:00Z',
  });
  writeFileSync(withLoss, [...good.slice(0, 3), lost, ...good.slice(3)].join('\n'));
  const r = run('what-if', '--policies', DEMO_DIR, '--baseline', DEMO_DIR, '--flows', withLoss);
  assert.equal(r.code, 0, r.stderr);
  const summary = outputLines(r.stdout).pop()?.summary as WhatIfSummary & { lostEvents: number };
  assert.equal(summary.lostEvents, 42);
  assert.match(r.stderr, /Hubble lost 42 event\(s\)/);
  // Without loss the summary says 0 and nothing is warned.
  const clean = run(
    'what-if',
    '--policies',
    DEMO_DIR,
    '--baseline',
    DEMO_DIR,
    '--flows',
    flowsFile,
  );
  assert.equal((outputLines(clean.stdout).pop()?.summary as { lostEvents: number }).lostEvents, 0);
  assert.doesNotMatch(clean.stderr, /lost/);
});
