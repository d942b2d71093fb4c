// `flowscope recommend` as a user runs it: the real bin/flowscope.mjs under node, on a demo
// capture in a temporary folder; the YAML it prints applies and allows the flow's traffic,
// the patch applies to the policy folder, and bad input exits 2 naming the line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FlowRecord } from '@/lib/api/flow-record';
import { flowRecordToJsonLine } from '@/server/ingest/flow-json';
import { CILIUM_DEFAULT_SETTINGS } from '@/server/policies/agent-settings';
import { evaluate } from '@/server/policies/evaluate';
import { parsePolicyYaml } from '@/server/policies/parse';
import { loadPolicyFolder } from '@/server/policies/source';
import { scenarioRecords } from '@/testing/policy-flows';

const ROOT = path.join(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'flowscope.mjs');
const DEMO_DIR = path.join(ROOT, 'server', 'policies', 'demo');

let dir = '';
let flowsFile = '';
let records: FlowRecord[] = [];

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowscope-recommend-'));
  flowsFile = path.join(dir, 'flows.json');
  records = scenarioRecords(20, 7);
  writeFileSync(flowsFile, records.map(flowRecordToJsonLine).join('\n') + '\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'recommend', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, FLOWSCOPE_ALLOW_LOCALHOST: '', FLOWSCOPE_POLICY_ENFORCEMENT: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--flow prints the YAML that allows that flow; kubectl-ready, exit 0', async () => {
  const policies = (await loadPolicyFolder(DEMO_DIR)).policies();
  const l7 = records.find((f) => f.verdict === 'DROPPED' && f.eventType === 129 && f.l7?.http);
  assert.ok(l7);
  const r = run('--policies', DEMO_DIR, '--flows', flowsFile, '--flow', l7.id);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /backend-api: allows \d+ of \d+ dropped/);
  const parsed = parsePolicyYaml(r.stdout, 'stdout');
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(
    parsed.policies.map((p) => p.id),
    ['CiliumNetworkPolicy/shop/backend-api'],
  );
  assert.match(
    r.stdout,
    new RegExp(
      `method: ${l7.l7!.http!.method}\\n\\s+path: ${new URL(l7.l7!.http!.url).pathname}\\n`,
    ),
  );
  const next = [...policies.filter((p) => p.id !== parsed.policies[0]!.id), ...parsed.policies];
  assert.equal(evaluate(next, l7, CILIUM_DEFAULT_SETTINGS).verdict, 'allowed');
});

test('--workload --format patch prints a diff that applies to the policy folder', () => {
  const copy = path.join(dir, 'policies');
  cpSync(DEMO_DIR, copy, { recursive: true });
  const r = run(
    '--policies',
    copy,
    '--flows',
    flowsFile,
    '--workload',
    'shop/frontend',
    '--format',
    'patch',
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^--- a\/shop-frontend\.yaml$/m);
  writeFileSync(path.join(copy, 'fix.patch'), r.stdout);
  const applied = spawnSync('git', ['apply', 'fix.patch'], { cwd: copy, encoding: 'utf8' });
  assert.equal(applied.status, 0, applied.stderr);
  // Applied, the folder now allows what it proposed: nothing more to propose for it.
  rmSync(path.join(copy, 'fix.patch'));
  const again = run('--policies', copy, '--flows', flowsFile, '--workload', 'shop/frontend');
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, '');
  assert.match(again.stderr, /No change proposed/);
});

test('bad input exits 2: a junk line by its number, unknown flow, bad options', () => {
  const junk = path.join(dir, 'junk.json');
  const lines = records.slice(0, 3).map(flowRecordToJsonLine);
  lines.splice(2, 0, '{"flow": not json');
  writeFileSync(junk, lines.join('\n') + '\n');
  const bad = run('--policies', DEMO_DIR, '--flows', junk);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /line 3:/);
  assert.equal(bad.stdout, '');
  const unknown = run('--policies', DEMO_DIR, '--flows', flowsFile, '--flow', 'nope');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--flow nope: no such flow/);
  const both = run(
    '--policies',
    DEMO_DIR,
    '--flows',
    flowsFile,
    '--flow',
    'a',
    '--workload',
    'shop',
  );
  assert.equal(both.code, 2);
  assert.equal(run('--flows', flowsFile).code, 2);
  assert.equal(run('--policies', DEMO_DIR, '--flows', flowsFile, '--format', 'xml').code, 2);
  assert.equal(run('--help').code, 0);
});
