import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureLines, capturesSkip } from '@/testing/captures';
import { create, fromBinary, fromJson, toBinary } from '@bufbuild/protobuf';
import type { JsonValue, MessageInitShape } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { FlowSchema } from '@/proto/gen/flow/flow_pb';
import type {
  AuthType,
  DropReason,
  Flow,
  FlowType,
  IPVersion,
  L7FlowType,
  TraceObservationPoint,
  TraceReason,
  TrafficDirection,
  Verdict,
} from '@/proto/gen/flow/flow_pb';
import { scenarioFlows } from '@/server/demo/scenario/test-scenario';
import { timestampToNs, toFlowRecord } from './to-flow-record';
import { decodeFlowResponse } from './wire-flow-decoder';

/** The reference path: protobuf-es, then toFlowRecord. */
function reference(bytes: Uint8Array) {
  const res = fromBinary(GetFlowsResponseSchema, bytes);
  if (res.responseTypes.case !== 'flow') return { kind: 'other' as const };
  const flow = res.responseTypes.value;
  return { kind: 'flow' as const, record: toFlowRecord(flow), ns: timestampToNs(flow.time) };
}

/** Asserts the fast path agrees with the reference, including agreeing to throw. */
function assertSame(bytes: Uint8Array, what = ''): void {
  let expected: ReturnType<typeof reference>;
  try {
    expected = reference(bytes);
  } catch {
    assert.throws(() => decodeFlowResponse(bytes), Error, `${what}: reference threw`);
    return;
  }
  const got = decodeFlowResponse(bytes);
  assert.deepEqual(got, expected, what);
  // Same key order too, so the JSON a record is stored or sent as does not depend on path.
  if (got.kind === 'flow' && expected.kind === 'flow') {
    assert.equal(JSON.stringify(got.record), JSON.stringify(expected.record), what);
  }
}

function responseBytes(flow: Flow): Uint8Array {
  const res = create(GetFlowsResponseSchema, { responseTypes: { case: 'flow', value: flow } });
  return toBinary(GetFlowsResponseSchema, res);
}

/** A GetFlowsResponse whose Flow is `flowBytes` followed by hand-written raw fields. */
function responseWithRawFlow(flowBytes: Uint8Array, extra?: (w: BinaryWriter) => void) {
  const inner = new BinaryWriter().raw(flowBytes);
  extra?.(inner);
  return new BinaryWriter().tag(1, WireType.LengthDelimited).bytes(inner.finish()).finish();
}

test(
  'every flow of both real captures decodes exactly like the reference',
  { skip: capturesSkip },
  () => {
    let n = 0;
    for (const file of ['basic-sample-348-http-flows.json', 'basic-sample-330-dns-flows.json']) {
      const lines = captureLines(file);
      for (const line of lines) {
        const json = JSON.parse(line) as JsonValue;
        const res = fromJson(GetFlowsResponseSchema, json, { ignoreUnknownFields: true });
        const bytes = toBinary(GetFlowsResponseSchema, res);
        assertSame(bytes, `${file}:${n}`);
        assert.equal(decodeFlowResponse(bytes).kind, 'flow');
        n += 1;
      }
    }
    assert.ok(n > 600, `read ${n} capture lines`);
  },
);

test('20,000 demo scenario flows decode exactly like the reference', () => {
  const startNs = 1_760_000_000_000_000_000n;
  const flows = scenarioFlows({ startNs, seconds: 4, seed: 7, flowsPerSecond: 5000 });
  assert.ok(flows.length >= 18_000, `${flows.length} flows`);
  for (const [i, flow] of flows.entries()) assertSame(responseBytes(flow), `scenario ${i}`);
});

/** The plain-object form of a Flow initializer (so two of them can be spread together). */
type FlowInit = Exclude<MessageInitShape<typeof FlowSchema>, Flow>;

// A flow with most fields set, as a base for the edge cases.
const base: FlowInit = {
  time: { seconds: 1_790_000_000n, nanos: 5 },
  uuid: '00000000-0000-4000-8000-000000000001',
  verdict: 2,
  dropReason: 133,
  IP: { source: '10.0.0.1', destination: 'fd00::2', ipVersion: 2, encrypted: true },
  source: {
    ID: 12,
    identity: 3456,
    clusterName: 'c1',
    namespace: 'ns',
    labels: ['k8s:app=a', ''],
    podName: 'a-1',
    workloads: [{ name: 'a', kind: 'Deployment' }, {}],
  },
  destination: { identity: 2, labels: ['reserved:world'] },
  Type: 1,
  nodeName: 'c1/n1',
  nodeLabels: ['x=y'],
  sourceNames: ['a.example'],
  destinationNames: ['b.example', 'c.example'],
  eventType: { type: 5, subType: 3 },
  sourceService: { name: '', namespace: 'only-ns' },
  destinationService: { name: 'svc', namespace: 'ns' },
  trafficDirection: 2,
  policyMatchType: 4,
  traceObservationPoint: 101,
  traceReason: 2,
  interface: { index: 3, name: 'eth0' },
  proxyPort: 15001,
  Summary: 'summary',
  ingressAllowedBy: [{ name: 'p1', namespace: 'ns', labels: ['l'], revision: 7n, kind: 'K' }],
  egressAllowedBy: [{ name: 'p2' }],
  ingressDeniedBy: [{ name: 'p3', revision: 2n ** 60n + 1n }],
  egressDeniedBy: [{ name: 'p4', revision: 2n ** 53n + 1n }, { name: 'p5' }],
  policyLog: ['log1', ''],
  authType: 1,
};

function flowOf(patch: FlowInit = {}): Flow {
  return create(FlowSchema, { ...base, ...patch });
}

test('every L4 case, with ports, TCP flags and ICMP type/code', () => {
  const l4s: FlowInit['l4'][] = [
    undefined,
    {},
    { protocol: { case: 'TCP', value: { sourcePort: 1, destinationPort: 2 } } },
    {
      protocol: {
        case: 'TCP',
        value: {
          sourcePort: 65535,
          destinationPort: 0,
          flags: {
            FIN: true,
            SYN: true,
            RST: true,
            PSH: true,
            ACK: true,
            URG: true,
            ECE: true,
            CWR: true,
            NS: true,
          },
        },
      },
    },
    { protocol: { case: 'TCP', value: { flags: { ACK: true, NS: true } } } },
    { protocol: { case: 'UDP', value: { sourcePort: 53, destinationPort: 5353 } } },
    { protocol: { case: 'SCTP', value: { sourcePort: 9, destinationPort: 10 } } },
    { protocol: { case: 'ICMPv4', value: { type: 8, code: 0 } } },
    { protocol: { case: 'ICMPv6', value: { type: 128, code: 3 } } },
    { protocol: { case: 'VRRP', value: { type: 1, vrid: 2, priority: 3 } } },
    { protocol: { case: 'IGMP', value: { type: 17, groupAddress: '224.0.0.1' } } },
  ];
  for (const [i, l4] of l4s.entries()) {
    assertSame(responseBytes(flowOf({ l4 })), `l4 ${i}`);
    // And without a uuid, so the derived id sees the ports (or their absence) too.
    assertSame(responseBytes(flowOf({ l4, uuid: '' })), `l4 ${i} derived id`);
  }
});

test('L7 records: HTTP, DNS, Kafka with negative codes, big latency, no record', () => {
  const l7s: FlowInit['l7'][] = [
    {},
    { type: 3, latencyNs: 2n ** 64n - 1n },
    {
      type: 1,
      latencyNs: 2n ** 53n + 3n,
      record: {
        case: 'http',
        value: {
          code: 503,
          method: 'GET',
          url: 'http://x/é?q=日本',
          protocol: 'HTTP/2',
          headers: [{ key: 'a', value: '' }, {}],
        },
      },
    },
    {
      type: 2,
      latencyNs: 1234n,
      record: {
        case: 'dns',
        value: {
          query: 'a.b.',
          ips: ['1.1.1.1', '::1'],
          ttl: 4294967295,
          cnames: ['c.'],
          observationSource: 'proxy',
          rcode: 3,
          qtypes: ['A'],
          rrtypes: ['A', 'AAAA'],
        },
      },
    },
    {
      type: 1,
      record: {
        case: 'kafka',
        value: {
          errorCode: -1,
          apiVersion: -2147483648,
          apiKey: 'produce',
          correlationId: -7,
          topic: 't',
        },
      },
    },
  ];
  for (const [i, l7] of l7s.entries()) {
    assertSame(responseBytes(flowOf({ l7 })), `l7 ${i}`);
    assertSame(responseBytes(flowOf({ l7, uuid: '' })), `l7 ${i} derived id`);
  }
});

test('unknown enum values print as numbers, as in the reference', () => {
  const flow = flowOf({
    verdict: 42 as Verdict,
    dropReasonDesc: 999 as DropReason,
    Type: 9 as FlowType,
    trafficDirection: 7 as TrafficDirection,
    traceObservationPoint: 77 as TraceObservationPoint,
    traceReason: 55 as TraceReason,
    authType: 5 as AuthType,
    IP: { ipVersion: 6 as IPVersion },
    l7: { type: 9 as L7FlowType },
  });
  assertSame(responseBytes(flow));
  assertSame(
    responseBytes(flowOf({ verdict: -3 as Verdict, dropReasonDesc: -1 as DropReason, uuid: '' })),
  );
  // DROPPED with only the deprecated uint32 drop_reason, and a verdict that is not DROPPED.
  assertSame(responseBytes(flowOf({ verdict: 2, dropReason: 181 })));
  assertSame(responseBytes(flowOf({ verdict: 1, dropReason: 181 })));
});

test('is_reply absent, false and true, and the deprecated reply bool', () => {
  for (const isReply of [undefined, false, true]) {
    for (const reply of [false, true]) {
      assertSame(responseBytes(flowOf({ isReply, reply })), `isReply ${isReply} reply ${reply}`);
    }
  }
  // A present-but-empty BoolValue is false; a BoolValue carrying an explicit 0 as well.
  const w = (v?: number) =>
    responseWithRawFlow(toBinary(FlowSchema, flowOf()), (x) => {
      x.tag(26, WireType.LengthDelimited).fork();
      if (v !== undefined) x.tag(1, WireType.Varint).uint32(v);
      x.join();
    });
  assert.equal(
    (decodeFlowResponse(w()) as { record: { isReply?: boolean } }).record.isReply,
    false,
  );
  for (const v of [undefined, 0, 1, 2]) assertSame(w(v), `raw BoolValue ${v}`);
});

test('strings: empty, non-ASCII, BOM, long, and invalid UTF-8 (the reference throws)', () => {
  const long = 'k8s:' + 'x'.repeat(300);
  const longUnicode = 'ü'.repeat(200);
  for (const label of ['', 'é', 'k8s:app=café', '\ufeffbom', '😀 emoji', long, longUnicode]) {
    assertSame(responseBytes(flowOf({ nodeLabels: [label], Summary: label })), `label ${label}`);
  }
  // Invalid sequences: stray continuation, truncated multi-byte, overlong, surrogate.
  for (const bad of [[0x80], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x41, 0xff, 0x42]]) {
    const good = toBinary(FlowSchema, flowOf());
    const withBadLabel = responseWithRawFlow(good, (x) =>
      x.tag(37, WireType.LengthDelimited).bytes(new Uint8Array(bad)),
    );
    assertSame(withBadLabel, `bad label ${bad.join(',')}`);
    assert.throws(() => decodeFlowResponse(withBadLabel));
    const badUrl = new BinaryWriter()
      .tag(101, WireType.LengthDelimited)
      .fork()
      .tag(3, WireType.LengthDelimited)
      .bytes(new Uint8Array([0x2f, ...bad]))
      .join()
      .finish();
    const withBadUrl = responseWithRawFlow(good, (x) =>
      x.tag(15, WireType.LengthDelimited).bytes(badUrl),
    );
    assertSame(withBadUrl, `bad url ${bad.join(',')}`);
  }
});

test('numbers: negative sub_type, times before 1970 or absent, uint64 above 2^53', () => {
  assertSame(responseBytes(flowOf({ eventType: { type: 4, subType: -1 } })));
  assertSame(responseBytes(flowOf({ eventType: { type: -2147483648, subType: 2147483647 } })));
  assertSame(responseBytes(flowOf({ eventType: {}, uuid: '' })), 'event type present but zero');
  assertSame(responseBytes(flowOf({ eventType: undefined, uuid: '' })), 'event type absent');
  assertSame(responseBytes(flowOf({ source: undefined, destination: undefined, uuid: '' })));
  assertSame(responseBytes(flowOf({ time: { seconds: -1n, nanos: 5 } })));
  assertSame(responseBytes(flowOf({ time: { seconds: 0n, nanos: 999_999_999 } })));
  assertSame(responseBytes(flowOf({ time: undefined })));
  assertSame(responseBytes(flowOf({ time: { seconds: 253402300799n, nanos: 1 } })));
  // Outside Date's range both paths throw a RangeError.
  assertSame(responseBytes(flowOf({ time: { seconds: 2n ** 62n, nanos: 0 } })));
});

test('unknown and future fields are skipped by wire type', () => {
  const flowBytes = toBinary(FlowSchema, flowOf({ uuid: '' }));
  const bytes = responseWithRawFlow(flowBytes, (x) => {
    x.tag(99999, WireType.Varint).uint64(2n ** 63n);
    x.tag(123456, WireType.LengthDelimited).bytes(new Uint8Array([1, 2, 3, 0xff]));
    x.tag(50, WireType.Bit64).fixed64(1n);
    x.tag(51, WireType.Bit32).fixed32(7);
    x.tag(40, WireType.LengthDelimited).bytes(new Uint8Array([8, 1])); // ip_trace_id
  });
  assertSame(bytes);
  // Unknown fields inside sub-messages and at the GetFlowsResponse level, too.
  const nested = responseWithRawFlow(flowBytes, (x) =>
    x.tag(8, WireType.LengthDelimited).fork().tag(77, WireType.Bit32).fixed32(1).join(),
  );
  assertSame(nested);
  const outer = new BinaryWriter()
    .raw(responseBytes(flowOf()))
    .tag(1000, WireType.LengthDelimited)
    .string('node')
    .tag(4242, WireType.Varint)
    .uint32(1)
    .finish();
  assertSame(outer);
});

test('repeated sub-messages merge and oneof switches replace, as in protobuf-es', () => {
  const a = toBinary(FlowSchema, flowOf());
  const b = toBinary(
    FlowSchema,
    create(FlowSchema, {
      source: { identity: 9, labels: ['more'] },
      l4: { protocol: { case: 'UDP', value: { destinationPort: 7 } } },
      l7: { record: { case: 'dns', value: { query: 'q' } } },
      isReply: true,
    }),
  );
  const twoFlows = new BinaryWriter()
    .tag(1, WireType.LengthDelimited)
    .bytes(a)
    .tag(1, WireType.LengthDelimited)
    .bytes(b)
    .finish();
  assertSame(twoFlows, 'flow twice');
  const nodeStatusLast = new BinaryWriter()
    .raw(twoFlows)
    .tag(2, WireType.LengthDelimited)
    .bytes(new Uint8Array(0))
    .finish();
  assert.equal(decodeFlowResponse(nodeStatusLast).kind, 'other');
  assertSame(nodeStatusLast);
  const flowLast = new BinaryWriter()
    .tag(3, WireType.LengthDelimited)
    .bytes(new Uint8Array(0))
    .raw(responseBytes(flowOf()))
    .finish();
  assertSame(flowLast, 'lost events then flow');
});

test('node_status, lost_events and empty responses are "other"', () => {
  const nodeStatus = create(GetFlowsResponseSchema, {
    responseTypes: {
      case: 'nodeStatus',
      value: { stateChange: 1, nodeNames: ['n1'], message: 'm' },
    },
    nodeName: 'relay',
    time: { seconds: 5n },
  });
  const lost = create(GetFlowsResponseSchema, {
    responseTypes: { case: 'lostEvents', value: { source: 3, numEventsLost: 12n } },
  });
  for (const res of [nodeStatus, lost, create(GetFlowsResponseSchema)]) {
    assert.deepEqual(decodeFlowResponse(toBinary(GetFlowsResponseSchema, res)), { kind: 'other' });
  }
});
