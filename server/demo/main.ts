// CLI: `npm run demo:relay -- --port N [--replay FILE] [--rate N] [--seed N] [--prefill MIN]
// [--ring N]`.
import 'server-only';
import { parseArgs } from 'node:util';
import { startDemoRelay } from './demo-relay';
import type { DemoRelayOptions } from './demo-relay';

const USAGE =
  'usage: npm run demo:relay -- [--port N] [--replay FILE] [--rate N] [--seed N] [--prefill MIN] [--ring N]';

function intArg(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

export function parseCli(argv: string[]): DemoRelayOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      replay: { type: 'string' },
      rate: { type: 'string' },
      seed: { type: 'string' },
      prefill: { type: 'string' },
      ring: { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"`);
  if (values.replay !== undefined && values.replay.trim() === '') {
    throw new Error('--replay needs a file path');
  }
  const opts: DemoRelayOptions = { port: intArg('port', values.port, 0, 65535) ?? 4245 };
  const rate = intArg('rate', values.rate, 1, 100_000);
  const seed = intArg('seed', values.seed, 0, 2 ** 31 - 1);
  const prefill = intArg('prefill', values.prefill, 0, 24 * 60);
  const ring = intArg('ring', values.ring, 1, 10_000_000);
  if (values.replay !== undefined) opts.replayFile = values.replay;
  if (rate !== undefined) opts.flowsPerSecond = rate;
  if (seed !== undefined) opts.seed = seed;
  if (prefill !== undefined) opts.prefillMinutes = prefill;
  if (ring !== undefined) opts.ringCapacity = ring;
  return opts;
}

async function main(): Promise<void> {
  let opts: DemoRelayOptions;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (e) {
    console.error(`demo relay: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const relay = await startDemoRelay(opts);
  console.log(`demo relay listening on ${relay.address}`);
  const shutdown = (): void => {
    void relay.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`demo relay: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
