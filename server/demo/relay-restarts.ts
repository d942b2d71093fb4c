// Restarts of a demo relay in fault mode, as a Hubble Relay is restarted in a cluster: the
// old relay gets SIGTERM and keeps serving its open streams for a grace period while a new
// one starts beside it (on the same port once the old one let go of it, so a start can fail
// and be retried, leaving a longer outage); the new relay dials the nodes one by one; the
// agents keep their rings throughout. Used by the restart test and `npm run bench:faults`.
import 'server-only';
import { startDemoRelay, type DemoRelay, type DemoRelayOptions } from './demo-relay';

export interface RestartPlan {
  restarts: number;
  /** How long each relay runs before the next SIGTERM (ms), picked per restart. */
  upMs: (i: number) => number;
  /** How long the old relay keeps serving after SIGTERM (ms). */
  graceMs: number;
  /** When the new relay starts after the SIGTERM (ms). */
  startAfterMs: number;
}

export interface RestartReport {
  restarts: number;
  /** Starts that failed (port still taken) and were retried. */
  failedStarts: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a relay on `port`, retrying while the port is still taken (at most 10 s). */
async function startOn(
  port: number,
  opts: DemoRelayOptions,
  onFailed: () => void,
): Promise<DemoRelay> {
  const end = Date.now() + 10_000;
  for (;;) {
    try {
      return await startDemoRelay({ ...opts, port });
    } catch (err) {
      if (Date.now() > end) throw err;
      onFailed();
      await sleep(200);
    }
  }
}

export interface RestartOnce {
  /** The new relay. */
  relay: DemoRelay;
  /** Starts that failed (port still taken) before this one succeeded. */
  failedStarts: number;
  /** Resolves once the old relay is gone (after its grace period). */
  oldGone: Promise<void>;
}

/** SIGTERM to `old`, and a new relay with the same agents `startAfterMs` later. */
export async function restartOnce(
  old: DemoRelay,
  opts: DemoRelayOptions,
  timing: { graceMs: number; startAfterMs: number },
): Promise<RestartOnce> {
  const oldGone = old.stop({ graceMs: timing.graceMs });
  await sleep(timing.startAfterMs);
  let failedStarts = 0;
  const relay = await startOn(old.port, { ...opts, history: old.history }, () => {
    failedStarts += 1;
  });
  return { relay, failedStarts, oldGone };
}

/** Runs the plan against `first` (started with `opts`); resolves with the last relay. */
export async function restartRepeatedly(
  first: DemoRelay,
  opts: DemoRelayOptions,
  plan: RestartPlan,
): Promise<{ relay: DemoRelay; report: RestartReport }> {
  let relay = first;
  const report: RestartReport = { restarts: 0, failedStarts: 0 };
  const gone: Promise<void>[] = [];
  for (let i = 0; i < plan.restarts; i++) {
    await sleep(plan.upMs(i));
    const r = await restartOnce(relay, opts, plan);
    relay = r.relay;
    report.failedStarts += r.failedStarts;
    report.restarts += 1;
    gone.push(r.oldGone);
  }
  await Promise.all(gone);
  return { relay, report };
}
