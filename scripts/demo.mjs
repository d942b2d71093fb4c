// `npm run demo`: installs packages when missing, builds when the build is missing or older
// than the sources, then serves Flowscope on its embedded demo relay and prints the URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else newest = Math.max(newest, statSync(join(root, path)).mtimeMs);
  }
  return newest;
}

if (!existsSync(join(root, 'node_modules/.bin/next')))
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund']);

const buildId = join(root, '.next/BUILD_ID');
const sources = ['app', 'components', 'lib', 'server', 'proto'].filter((d) =>
  existsSync(join(root, d)),
);
const stale =
  !existsSync(buildId) ||
  Math.max(...sources.map(newestMtime), statSync(join(root, 'package.json')).mtimeMs) >
    statSync(buildId).mtimeMs;
if (stale) run('npm', ['run', 'build']);

const port = process.env.PORT ?? '3000';
const host = process.env.HOSTNAME ?? '127.0.0.1';
const child = spawn(join(root, 'node_modules/.bin/next'), ['start', '-p', port, '-H', host], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  // The demo: no relay address, so the server starts its embedded demo relay.
  env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'HUBBLE_RELAY_ADDR')),
});
let announced = false;
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (!announced && /ready|started/i.test(String(chunk))) {
    announced = true;
    console.log(`\nFlowscope demo: http://${host}:${port}/flows  (Ctrl-C to stop)\n`);
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
