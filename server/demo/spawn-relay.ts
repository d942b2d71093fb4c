// Starts the demo relay CLI (main.ts) in a process of its own, as a real relay runs apart
// from Flowscope: the end-to-end tests stop and restart it, and the ingest bench reads it
// over gRPC from another process. Paths are relative to the repository root.
import 'server-only';
import { spawn, type ChildProcess } from 'node:child_process';

export interface DemoRelayProcessOptions {
  port: number;
  seed?: number;
  /** Minutes of history generated before it listens. */
  prefillMinutes?: number;
  flowsPerSecond?: number;
  /** Flows per node ring. */
  ringCapacity?: number;
  /**
   * It must listen within this long, or it is stopped and the start fails. Without it, the
   * start waits as long as the prefill takes (minutes of history at a high rate take a while).
   */
  timeoutMs?: number;
}

/** Spawns the demo relay and resolves once it listens; it keeps running until killed. */
export function spawnDemoRelay(opts: DemoRelayProcessOptions): Promise<ChildProcess> {
  const flag = (name: string, value: number | undefined) =>
    value === undefined ? [] : [`--${name}`, String(value)];
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/demo/main.ts',
      ...flag('port', opts.port),
      ...flag('seed', opts.seed),
      ...flag('prefill', opts.prefillMinutes),
      ...flag('rate', opts.flowsPerSecond),
      ...flag('ring', opts.ringCapacity),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill('SIGTERM');
            reject(new Error('demo relay did not start'));
          }, opts.timeoutMs);
    // Read stdout for as long as it runs, so the pipe never fills.
    child.stdout.on('data', (chunk: Buffer) => {
      if (String(chunk).includes('listening')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo relay exited with ${code}`));
    });
  });
}
