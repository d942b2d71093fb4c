// A demo relay in its own process, as a real relay would be: the tests start, stop and
// restart it to see what Flowscope does when its relay goes away.
import { spawn, type ChildProcess } from 'node:child_process';

export class RelayProcess {
  private child: ChildProcess | undefined;

  constructor(private readonly port: number) {}

  /** Starts it and waits until it listens. A new seed gives a relay with other flows. */
  async start(seed: number, prefillMinutes = 2, flowsPerSecond?: number): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/demo/main.ts',
        '--port',
        String(this.port),
        '--seed',
        String(seed),
        '--prefill',
        String(prefillMinutes),
        ...(flowsPerSecond === undefined ? [] : ['--rate', String(flowsPerSecond)]),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('demo relay did not start')), 30_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        if (String(chunk).includes('listening')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`demo relay exited with ${code}`)));
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
