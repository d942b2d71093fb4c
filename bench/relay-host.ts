// The demo relay in a process of its own for `npm run bench:faults`, restarted on command
// the way a Hubble Relay restarts in a cluster: the old relay serves its open streams for a
// grace period after SIGTERM while a new one starts on the same address and dials the nodes
// one by one (the demo relay's fault mode), and the agents behind it keep their rings and keep
// observing (the restarted relay serves what they saw meanwhile). It records the id and time
// of every flow the agents emitted, so the bench can compare them with what Flowscope kept.
//
// Started by bench/faults.ts with an IPC channel; exits when its parent goes away.
import { parseArgs } from 'node:util';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import { startDemoRelay } from '@/server/demo/demo-relay';
import type { DemoRelay, DemoRelayOptions } from '@/server/demo/demo-relay';
import { restartOnce } from '@/server/demo/relay-restarts';
import { DEFAULT_RING_CAPACITY, FlowHub } from '@/server/demo/flow-hub';
import { ScenarioGenerator } from '@/server/demo/scenario/generator';

export type RelayHostCommand =
  | { type: 'restart'; graceMs: number; startAfterMs: number }
  | { type: 'emitted'; beforeMs: number }
  | { type: 'stop' };

export type RelayHostMessage =
  | { type: 'listening'; address: string }
  | { type: 'restarted'; downAt: number; upAt: number; failedStarts: number }
  | { type: 'emitted'; ids: string[]; held: string[]; withoutUuid: number }
  | { type: 'error'; message: string };

/** The agents' rings, noting every flow they receive. */
class RecordingHub extends FlowHub {
  readonly ids: string[] = [];
  readonly times: number[] = [];
  withoutUuid = 0;

  override append(flows: readonly Flow[]): void {
    for (const f of flows) {
      if (!f.uuid) this.withoutUuid += 1;
      this.ids.push(f.uuid);
      this.times.push(
        Number(f.time?.seconds ?? 0n) * 1000 + Math.floor((f.time?.nanos ?? 0) / 1e6),
      );
    }
    super.append(flows);
  }
}

function send(msg: RelayHostMessage): void {
  process.send?.(msg);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      rate: { type: 'string' },
      seed: { type: 'string', default: '7' },
      ring: { type: 'string', default: String(DEFAULT_RING_CAPACITY) },
    },
  });
  const port = Number(values.port);
  const nowNs = () => BigInt(Date.now()) * 1_000_000n;
  const hub = new RecordingHub(Number(values.ring));
  // No history before the start: every flow the agents ever saw is in the record.
  const generator = new ScenarioGenerator({
    startNs: nowNs(),
    seed: Number(values.seed),
    flowsPerSecond: Number(values.rate),
  });
  for (const node of generator.nodeNames()) hub.ensureNode(node);
  const history = { hub, generator };
  // Fault mode: peers dialled one by one after each start, the real sort-buffer draining,
  // and one node running 1.5 s behind.
  const lagging = generator.nodeNames().at(-1)!;
  const opts: DemoRelayOptions = {
    port,
    history,
    relayLike: { peerDialMs: 1000, lagMs: { [lagging]: 1500 } },
  };
  let relay: DemoRelay = await startDemoRelay(opts);
  send({ type: 'listening', address: relay.address });

  process.on('message', (cmd: RelayHostCommand) => {
    void (async () => {
      if (cmd.type === 'restart') {
        const downAt = Date.now();
        const r = await restartOnce(relay, opts, cmd);
        relay = r.relay;
        send({ type: 'restarted', downAt, upAt: Date.now(), failedStarts: r.failedStarts });
      } else if (cmd.type === 'emitted') {
        const ids = hub.ids.filter((_, i) => hub.times[i]! < cmd.beforeMs);
        const beforeNs = BigInt(cmd.beforeMs) * 1_000_000n;
        const held: string[] = [];
        for (const ring of hub.rings.values()) {
          for (let seq = ring.startSeq; seq < ring.endSeq; seq++) {
            const e = ring.at(seq);
            if (e && e.ns < beforeNs) held.push(e.flow.uuid);
          }
        }
        send({ type: 'emitted', ids, held, withoutUuid: hub.withoutUuid });
      } else {
        await relay.stop();
        process.exit(0);
      }
    })().catch((e: unknown) => send({ type: 'error', message: String(e) }));
  });
  // Never outlive the bench.
  process.on('disconnect', () => {
    void relay.stop().then(() => process.exit(0));
  });
}

main().catch((e: unknown) => {
  console.error(`relay host: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
