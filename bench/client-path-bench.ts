// The client's own capacity, on one core and without a sender: pre-encoded GetFlowsResponse
// bytes of the demo scenario go through exactly what the relay client does per message
// (wire decode straight to a FlowRecord, then store append), timed stage by stage.
import { performance } from 'node:perf_hooks';
import { create, toBinary } from '@bufbuild/protobuf';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import { ScenarioGenerator } from '@/server/demo/scenario/generator';
import { DEFAULT_SCENARIO } from '@/server/demo/scenario/default-scenario';
import { decodeFlowResponse } from '@/server/ingest/wire-flow-decoder';
import { openFlowStore } from '@/server/store/flow-store';

export interface ClientPathFigures {
  client_path_flows_per_s: number;
  decode_us_per_flow: number;
  append_us_per_flow: number;
}

function scenarioBytes(count: number): Uint8Array[] {
  const startNs = BigInt(Date.now() - 3_600_000) * 1_000_000n;
  const gen = new ScenarioGenerator({
    spec: DEFAULT_SCENARIO,
    startNs,
    seed: 3,
    flowsPerSecond: 5000,
  });
  const flows: Flow[] = [];
  let until = startNs;
  while (flows.length < count) {
    until += 1_000_000_000n;
    flows.push(...gen.advance(until));
  }
  return flows.slice(0, count).map((flow) =>
    toBinary(
      GetFlowsResponseSchema,
      create(GetFlowsResponseSchema, {
        responseTypes: { case: 'flow', value: flow },
        nodeName: flow.nodeName,
        time: flow.time,
      }),
    ),
  );
}

export async function benchClientPath(count = 200_000): Promise<ClientPathFigures> {
  const wire = scenarioBytes(count);
  const store = await openFlowStore({
    limits: { maxFlows: 2_000_000, maxBytes: 2 ** 32, maxAgeMs: 7 * 86_400_000 },
  });
  // Warm-up on a separate slice so the JIT has seen every stage.
  for (const b of wire.slice(0, 5000)) decodeFlowResponse(b);
  let decode = 0;
  let append = 0;
  const t0 = performance.now();
  for (const b of wire) {
    const a = performance.now();
    const res = decodeFlowResponse(b);
    const c = performance.now();
    if (res.kind !== 'flow') continue;
    store.append(res.record);
    const e = performance.now();
    decode += c - a;
    append += e - c;
  }
  const total = (performance.now() - t0) / 1000;
  await store.close();
  const us = (ms: number) => Math.round((ms * 1000 * 100) / wire.length) / 100;
  return {
    client_path_flows_per_s: Math.round(wire.length / total),
    decode_us_per_flow: us(decode),
    append_us_per_flow: us(append),
  };
}

if (require.main === module) {
  benchClientPath().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
