// Lints the Dockerfile with dockerfilelint and checks what the deployment relies on: a
// multi-stage standalone build, a numeric non-root user, a node-based HEALTHCHECK on /healthz.
// Run: node --import tsx --test deploy/*.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const DOCKERFILE = path.join(ROOT, 'Dockerfile');

interface Instruction {
  cmd: string;
  args: string;
  line: number;
}

/** Instructions with continuation lines joined; comments and blank lines dropped. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (!pending) start = i + 1;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      return;
    }
    const full = (pending + line).trim();
    pending = '';
    const m = /^(\w+)\s+([\s\S]*)$/.exec(full);
    assert.ok(m, `line ${start}: instruction expected`);
    out.push({ cmd: m[1]!.toUpperCase(), args: m[2]!, line: start });
  });
  return out;
}

const text = readFileSync(DOCKERFILE, 'utf8');
const all = instructions(text);

/** Instructions grouped by stage, in order. */
function stages(): { from: string; name?: string; body: Instruction[] }[] {
  const result: { from: string; name?: string; body: Instruction[] }[] = [];
  for (const ins of all) {
    if (ins.cmd === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args.trim());
      assert.ok(m, `line ${ins.line}: FROM <image> [AS <name>]`);
      result.push({ from: m[1]!, name: m[2], body: [] });
    } else {
      assert.ok(result.length > 0, `line ${ins.line}: instruction before FROM`);
      result[result.length - 1]!.body.push(ins);
    }
  }
  return result;
}

test('dockerfilelint reports no issues', () => {
  const bin = path.join(ROOT, 'node_modules', '.bin', 'dockerfilelint');
  assert.ok(existsSync(bin), 'dockerfilelint is installed (npm install)');
  const run = spawnSync(bin, ['-o', 'json', DOCKERFILE], { encoding: 'utf8' });
  assert.ifError(run.error);
  const report = JSON.parse(run.stdout) as {
    totalIssues: number;
    files: { issues: { line: string; title: string; description: string }[] }[];
  };
  const issues = report.files.flatMap((f) => f.issues.map((i) => `line ${i.line}: ${i.title}`));
  assert.deepEqual(issues, []);
  assert.equal(report.totalIssues, 0);
});

test('multi-stage: locked install, standalone build, slim Node 20 runtime with only the output', () => {
  const s = stages();
  assert.ok(s.length >= 3, 'deps, build and runtime stages');
  for (const stage of s) {
    assert.match(stage.from, /^node:20[\w.-]*-slim$/, `${stage.from}: a slim Node 20 image`);
    assert.ok(stage.name, 'every stage is named');
  }
  const runs = all.filter((i) => i.cmd === 'RUN').map((i) => i.args);
  assert.ok(
    runs.some((r) => /\bnpm install --no-save\b/.test(r)),
    'installs what the lockfile pins',
  );
  assert.ok(
    runs.some((r) => /FLOWSCOPE_STANDALONE=1 npm run build/.test(r)),
    'builds with FLOWSCOPE_STANDALONE=1 (output: standalone)',
  );
  const runtime = s[s.length - 1]!;
  const copies = runtime.body.filter((i) => i.cmd === 'COPY').map((i) => i.args);
  for (const src of ['/app/.next/standalone', '/app/.next/static', '/app/public'])
    assert.ok(
      copies.some((c) => c.startsWith('--from=') && c.includes(src)),
      `runtime copies ${src} from the build stage`,
    );
  assert.ok(
    !runtime.body.some((i) => i.cmd === 'RUN' && /\bnpm\b/.test(i.args)),
    'no npm in the runtime stage',
  );
});

test('runtime: numeric non-root USER, env, port, healthcheck via node, CMD server.js', () => {
  const runtime = stages().at(-1)!.body;
  const users = runtime.filter((i) => i.cmd === 'USER');
  const user = users.at(-1)?.args.trim();
  assert.ok(user, 'USER is set in the runtime stage');
  const m = /^(\d+)(?::(\d+))?$/.exec(user);
  assert.ok(m, `USER ${user} is numeric (runAsNonRoot can verify it)`);
  assert.notEqual(Number(m[1]), 0, 'not root');
  assert.equal(Number(m[1]), 10001, 'the UID the manifests run as');

  const env = runtime
    .filter((i) => i.cmd === 'ENV')
    .flatMap((i) => i.args.split(/\s+/))
    .filter((kv) => kv.includes('='));
  for (const kv of ['NODE_ENV=production', 'PORT=3000', 'HOSTNAME=0.0.0.0'])
    assert.ok(env.includes(kv), `ENV ${kv}`);
  assert.ok(
    runtime.some((i) => i.cmd === 'EXPOSE' && i.args.trim() === '3000'),
    'EXPOSE 3000',
  );

  const health = runtime.find((i) => i.cmd === 'HEALTHCHECK');
  assert.ok(health, 'HEALTHCHECK present');
  assert.match(health.args, /CMD \["node",/, 'runs node (no curl/wget in slim images)');
  assert.match(health.args, /http:\/\/127\.0\.0\.1:/);
  assert.match(health.args, /\/healthz/);
  assert.doesNotMatch(health.args, /\b(curl|wget)\b/);

  const cmd = runtime.filter((i) => i.cmd === 'CMD').at(-1);
  assert.deepEqual(JSON.parse(cmd?.args ?? 'null'), ['node', 'server.js']);
  assert.ok(!runtime.some((i) => i.cmd === 'ENTRYPOINT'), 'no ENTRYPOINT wrapper');
  assert.ok(
    runtime.some((i) => i.cmd === 'RUN' && /\.next\/cache/.test(i.args) && /10001/.test(i.args)),
    '.next/cache exists and is writable by the user (emptyDir in Kubernetes)',
  );
});

test('.dockerignore keeps local state, build output and secrets out of the context', () => {
  const entries = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const e of ['node_modules', '.next', '.git', '.env*', '.flowscope-data'])
    assert.ok(entries.includes(e), `.dockerignore lists ${e}`);
  for (const needed of ['package.json', 'package-lock.json', 'proto', 'app', 'server', 'lib'])
    assert.ok(!entries.includes(needed), `${needed} stays in the build context`);
});
