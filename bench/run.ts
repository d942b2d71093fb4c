// `npm run bench`: every measured figure, each benchmark in its own process so none
// inherits another's heap, written to bench/results/latest.json and printed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

type Figures = Record<string, number | string>;

/** Runs `expr` (an awaited call of a bench module's export) in a fresh Node process. */
function runIsolated(module: string, call: string, extraArgs: string[] = []): Figures {
  // The bench modules are CommonJS under tsx, so their exports may sit on `default`.
  const script = `import(${JSON.stringify(module)}).then(async (i) => { const m = i.default ?? i; const r = await m.${call}; process.stdout.write('\\nRESULT ' + JSON.stringify(r) + '\\n'); process.exit(0); }).catch((e) => { console.error(e); process.exit(1); });`;
  const r = spawnSync(process.execPath, [...extraArgs, '--import', 'tsx', '-e', script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.status !== 0 || !line) throw new Error(`${module} failed (exit ${r.status})`);
  return JSON.parse(line.slice(7)) as Figures;
}

async function withServer<T>(fn: (baseUrl: string) => T): Promise<T> {
  if (!existsSync('.next/BUILD_ID')) {
    const b = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('build failed');
  }
  const port = String(3300 + Math.floor(Math.random() * 200));
  const server = spawn('node_modules/.bin/next', ['start', '-p', port, '-H', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 120; i++) {
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    return fn(base);
  } finally {
    server.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  const results: Figures = {};
  const step = (name: string, figures: Figures) => {
    console.log(`${name}: ${JSON.stringify(figures)}`);
    Object.assign(results, figures);
  };
  step('ingest', runIsolated('./bench/ingest-bench.ts', 'benchIngest()'));
  step('client path', runIsolated('./bench/client-path-bench.ts', 'benchClientPath()'));
  step('store', runIsolated('./bench/store-bench.ts', 'benchStore()', ['--expose-gc']));
  if (existsSync('bench/decode-bench.ts')) {
    step('decode', runIsolated('./bench/decode-bench.ts', 'benchDecode()'));
  }
  step('map layout', runIsolated('./bench/layout-bench.ts', 'benchLayout()'));
  step('policy truth', runIsolated('./bench/self-check-bench.ts', 'benchSelfCheck()'));
  if (existsSync('bench/map-render-bench.ts')) {
    const render = await withServer((base) =>
      runIsolated('./bench/map-render-bench.ts', `benchMapRender(${JSON.stringify(base)})`),
    );
    step('map render', render);
  }
  results.measured_at = new Date().toISOString();
  results.machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/latest.json', JSON.stringify(results, null, 2) + '\n');
  console.log('\nwritten to bench/results/latest.json');
  console.log(JSON.stringify(results, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
