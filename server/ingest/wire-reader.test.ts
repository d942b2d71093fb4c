import { test } from 'node:test';
import assert from 'node:assert/strict';
import { create, toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { ScenarioGenerator } from '@/server/demo/scenario/generator';
import { DEFAULT_SCENARIO } from '@/server/demo/scenario/default-scenario';
import { decodeFlowResponse } from './wire-flow-decoder';
import { WireReader } from './wire-reader';

function scenarioResponses(count: number): Uint8Array[] {
  const startNs = 1_760_000_000_000_000_000n;
  const gen = new ScenarioGenerator({ spec: DEFAULT_SCENARIO, startNs, seed: 3 });
  const out: Uint8Array[] = [];
  for (let s = 1n; out.length < count; s += 1n) {
    for (const flow of gen.advance(startNs + s * 1_000_000_000n)) {
      const res = create(GetFlowsResponseSchema, { responseTypes: { case: 'flow', value: flow } });
      out.push(toBinary(GetFlowsResponseSchema, res));
    }
  }
  return out.slice(0, count);
}

test('every truncation of a flow response throws', () => {
  for (const bytes of scenarioResponses(20)) {
    for (let n = 1; n < bytes.length; n++) {
      assert.throws(() => decodeFlowResponse(bytes.subarray(0, n)), Error, `prefix ${n}`);
    }
  }
});

test('random corruption either decodes or throws an Error, and never hangs', () => {
  // A fixed LCG keeps the corpus reproducible.
  let seed = 12345;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  for (const bytes of scenarioResponses(50)) {
    for (let k = 0; k < 200; k++) {
      const copy = bytes.slice();
      for (let m = 1 + rand(4); m > 0; m--) copy[rand(copy.length)] = rand(256);
      try {
        decodeFlowResponse(copy);
      } catch (err) {
        assert.ok(err instanceof Error);
      }
    }
  }
});

test('malformed framing is rejected', () => {
  const flowTag = (w: BinaryWriter) => w.tag(1, WireType.LengthDelimited);
  const cases: [string, Uint8Array][] = [
    ['group start', new BinaryWriter().tag(5, WireType.StartGroup).finish()],
    ['group end', new BinaryWriter().tag(5, WireType.EndGroup).finish()],
    ['wire type 7', new Uint8Array([0x0f])],
    ['field number 0', new Uint8Array([0x02, 0x00])],
    ['11-byte varint', new Uint8Array([0x08, ...new Array<number>(10).fill(0xff), 0x01])],
    ['6-byte tag', new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x01])],
    ['length beyond buffer', new Uint8Array([0x0a, 0x05, 0x00])],
    ['fixed64 cut short', new Uint8Array([0x39, 1, 2, 3])],
    ['flow sent as varint', new Uint8Array([0x08, 0x01])],
    [
      'nested length beyond its parent',
      flowTag(new BinaryWriter())
        .bytes(new Uint8Array([0x5a, 0x05, 0x61]))
        .finish(),
    ],
    [
      'string overruns its message',
      flowTag(new BinaryWriter())
        .bytes(new Uint8Array([0x2a, 0x02, 0x0a, 0x03, 0x61, 0x62, 0x63]))
        .finish(),
    ],
    [
      'known field with the wrong wire type',
      flowTag(new BinaryWriter())
        .bytes(new Uint8Array([0x5d, 1, 2, 3, 4]))
        .finish(),
    ],
    [
      'group inside a flow',
      flowTag(new BinaryWriter())
        .bytes(new Uint8Array([0xfb, 0x01, 0xfc, 0x01]))
        .finish(),
    ],
  ];
  for (const [what, bytes] of cases) assert.throws(() => decodeFlowResponse(bytes), Error, what);
});

test('varints: 32-bit truncation of long encodings and 64-bit values as decimal', () => {
  const w = new BinaryWriter()
    .int32(-1)
    .uint64(2n ** 64n - 1n)
    .uint64(2n ** 53n + 1n)
    .uint64(300n)
    .int64(-5n);
  const r = new WireReader(w.finish());
  assert.equal(r.int32(), -1);
  r.varint64();
  assert.equal(r.uint64String(), '18446744073709551615');
  r.varint64();
  assert.equal(r.uint64String(), '9007199254740993');
  r.varint64();
  assert.equal(r.uint64String(), '300');
  r.varint64();
  assert.equal(r.int64Number(), -5);
});
