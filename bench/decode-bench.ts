// Decode cost per flow: the wire decoder (GetFlowsResponse bytes -> FlowRecord in one pass)
// against the reference path (protobuf-es fromBinary, then toFlowRecord), over the same
// ~100,000 encoded demo-scenario flows (~1 KB each). Encoding happens up front and is not
// timed. Each path gets one untimed warm-up pass (JIT), then the median of three passes.
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { ScenarioGenerator } from '@/server/demo/scenario/generator';
import { DEFAULT_SCENARIO } from '@/server/demo/scenario/default-scenario';
import { toFlowRecord } from '@/server/ingest/to-flow-record';
import { decodeFlowResponse } from '@/server/ingest/wire-flow-decoder';

export interface DecodeFigures {
  decode_fast_us_per_flow: number;
  decode_reference_us_per_flow: number;
}

const TARGET_FLOWS = 100_000;

function encodedScenario(): Uint8Array[] {
  const startNs = 1_760_000_000_000_000_000n;
  const rate = 5000;
  const gen = new ScenarioGenerator({
    spec: DEFAULT_SCENARIO,
    startNs,
    seed: 1,
    flowsPerSecond: rate,
  });
  const seconds = BigInt(Math.ceil(TARGET_FLOWS / rate) + 1);
  const flows = gen.advance(startNs + seconds * 1_000_000_000n).slice(0, TARGET_FLOWS);
  return flows.map((flow) =>
    toBinary(
      GetFlowsResponseSchema,
      create(GetFlowsResponseSchema, { responseTypes: { case: 'flow', value: flow } }),
    ),
  );
}

function fast(all: Uint8Array[]): number {
  let sink = 0;
  for (const bytes of all) {
    const r = decodeFlowResponse(bytes);
    if (r.kind === 'flow') sink += r.record.id.length;
  }
  return sink;
}

function reference(all: Uint8Array[]): number {
  let sink = 0;
  for (const bytes of all) {
    const res = fromBinary(GetFlowsResponseSchema, bytes);
    if (res.responseTypes.case === 'flow') sink += toFlowRecord(res.responseTypes.value).id.length;
  }
  return sink;
}

/** Median over three timed passes, in µs per flow; the sink keeps the work observable. */
function usPerFlow(all: Uint8Array[], run: (all: Uint8Array[]) => number): number {
  let sink = run(all);
  const times: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const start = performance.now();
    sink += run(all);
    times.push(performance.now() - start);
  }
  if (sink === 0) throw new Error('decoded nothing');
  times.sort((a, b) => a - b);
  return ((times[1] as number) * 1000) / all.length;
}

export function benchDecode(): DecodeFigures {
  const all = encodedScenario();
  const fastUs = usPerFlow(all, fast);
  const referenceUs = usPerFlow(all, reference);
  return {
    decode_fast_us_per_flow: +fastUs.toFixed(3),
    decode_reference_us_per_flow: +referenceUs.toFixed(3),
  };
}

if (require.main === module) {
  console.log(JSON.stringify(benchDecode(), null, 2));
}
