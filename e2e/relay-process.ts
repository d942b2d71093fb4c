// A demo relay in its own process, as a real relay would be: the tests start, stop and
// restart it to see what Flowscope does when its relay goes away.
import type { ChildProcess } from 'node:child_process';
import { spawnDemoRelay } from '@/server/demo/spawn-relay';

export class RelayProcess {
  private child: ChildProcess | undefined;

  constructor(private readonly port: number) {}

  /** Starts it and waits until it listens. A new seed gives a relay with other flows. */
  async start(seed: number, prefillMinutes = 2, flowsPerSecond?: number): Promise<void> {
    this.child = await spawnDemoRelay({
      port: this.port,
      seed,
      prefillMinutes,
      flowsPerSecond,
      timeoutMs: 30_000,
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
