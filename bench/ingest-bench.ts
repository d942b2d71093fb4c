// gRPC ingest figures: the demo relay runs in its own process on 127.0.0.1 with a large
// backlog; this process receives the same backlog twice, once as raw messages (the
// transport ceiling: grpc-js framing only) and once through Flowscope's full path
// (relay client -> wire decode to FlowRecord -> store, where pairing and map keys
// are computed at append).
import type { ChildProcess } from 'node:child_process';
import { Client, credentials } from '@grpc/grpc-js';
import { create, toBinary } from '@bufbuild/protobuf';
import { GetFlowsRequestSchema } from '@/proto/gen/observer/observer_pb';
import { spawnDemoRelay } from '@/server/demo/spawn-relay';
import { observerServiceDefinition } from '@/server/grpc/observer-service';
import { RelayClient } from '@/server/relay/relay-client';
import { openFlowStore } from '@/server/store/flow-store';

export interface IngestFigures {
  ingest_flows_per_s: number;
  transport_flows_per_s: number;
  ingest_vs_transport: number;
  ingest_bench_flows: number;
}

const PORT = 42450 + Math.floor(Math.random() * 500);
const NODES = 3;

function startRelay(perNode: number): Promise<ChildProcess> {
  // Enough history that each node holds `perNode` flows: the scenario makes ~rate flows/s.
  const rate = 2000;
  const minutes = Math.ceil((perNode * NODES) / rate / 60) + 1;
  return spawnDemoRelay({
    port: PORT,
    flowsPerSecond: rate,
    prefillMinutes: minutes,
    ringCapacity: perNode,
    seed: 1,
  });
}

/** Raw messages, not decoded: what grpc-js alone can deliver. */
function transportRun(perNode: number): Promise<{ flows: number; seconds: number }> {
  const client = new Client(`127.0.0.1:${PORT}`, credentials.createInsecure());
  const m = observerServiceDefinition.getFlows;
  const req = create(GetFlowsRequestSchema, { number: BigInt(perNode) });
  return new Promise((resolve, reject) => {
    let flows = 0;
    let start = 0;
    const call = client.makeServerStreamRequest(
      m.path,
      () => Buffer.from(toBinary(GetFlowsRequestSchema, req)),
      (b: Buffer) => b,
      req,
    );
    call.on('data', (b: Buffer) => {
      // Field 1 (flow) is tag 0x0a; node_status (2) is 0x12.
      if (b[0] !== 0x0a) return;
      if (flows === 0) start = performance.now();
      flows += 1;
    });
    call.on('error', reject);
    call.on('end', () => {
      client.close();
      resolve({ flows, seconds: (performance.now() - start) / 1000 });
    });
  });
}

async function ingestRun(
  perNode: number,
  target: number,
): Promise<{ flows: number; seconds: number }> {
  const store = await openFlowStore({
    limits: { maxFlows: 2_000_000, maxBytes: 2 ** 32, maxAgeMs: 7 * 86_400_000 },
  });
  let flows = 0;
  let start = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const client = new RelayClient({
    address: `127.0.0.1:${PORT}`,
    initialFlowsPerNode: perNode,
    reconnectMaxMs: 1000,
    pollIntervalMs: 60_000,
    onFlow: (rec) => {
      if (flows === 0) start = performance.now();
      store.append(rec);
      flows += 1;
      if (flows === target) done();
    },
  });
  client.start();
  await finished;
  const seconds = (performance.now() - start) / 1000;
  client.stop();
  await store.close();
  return { flows, seconds };
}

export async function benchIngest(perNode = 100_000): Promise<IngestFigures> {
  const relay = await startRelay(perNode);
  try {
    // The first full read makes the relay encode each ring entry once (it caches them, as an
    // agent's ring holds encoded events); measure only reads of the cached encodings.
    await transportRun(perNode);
    const transport = await transportRun(perNode);
    const ingest = await ingestRun(perNode, transport.flows);
    const ingestRate = ingest.flows / ingest.seconds;
    const transportRate = transport.flows / transport.seconds;
    return {
      ingest_flows_per_s: Math.round(ingestRate),
      transport_flows_per_s: Math.round(transportRate),
      ingest_vs_transport: Math.round((ingestRate / transportRate) * 100) / 100,
      ingest_bench_flows: ingest.flows,
    };
  } finally {
    relay.kill('SIGTERM');
  }
}

if (require.main === module) {
  benchIngest(Number(process.env.BENCH_FLOWS_PER_NODE ?? 100_000)).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
