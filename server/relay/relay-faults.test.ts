// The relay client against relays that misbehave: real gRPC servers on 127.0.0.1 whose
// GetFlows hangs, fails, or sends undecodable and unusual messages.
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import { observerServiceDefinition } from '@/server/grpc/observer-service';
import type { FlowRecord } from '@/lib/api/flow-record';
import { waitFor as waitUntil } from '@/testing/wait';
import { RelayClient } from './relay-client';

type Writer = (call: grpc.ServerWritableStream<unknown, Uint8Array>) => void;

/** A relay whose GetFlows does what `write` says, sending raw bytes as they are. */
async function faultyRelay(write: Writer): Promise<{ address: string; stop(): Promise<void> }> {
  const server = new grpc.Server();
  const getFlows = observerServiceDefinition.getFlows;
  server.addService(
    { getFlows: { ...getFlows, responseSerialize: (b: Uint8Array) => Buffer.from(b) } },
    { getFlows: write },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => server.tryShutdown(() => resolve())).then(() =>
        server.forceShutdown(),
      ),
  };
}

function client(address: string, got: FlowRecord[] = []): RelayClient {
  const c = new RelayClient({
    address,
    initialFlowsPerNode: 10,
    reconnectInitialMs: 50,
    reconnectMaxMs: 200,
    pollIntervalMs: 60_000,
    firstMessageTimeoutMs: 400,
    onFlow: (rec) => got.push(rec),
  });
  c.start();
  return c;
}

const waitFor = (what: string, cond: () => boolean) => waitUntil(what, cond, { pollMs: 20 });

const nodeStatus = toBinary(
  GetFlowsResponseSchema,
  create(GetFlowsResponseSchema, {
    responseTypes: {
      case: 'nodeStatus',
      value: { stateChange: NodeState.NODE_CONNECTED, nodeNames: ['n1'] },
    },
  }),
);

function flowBytes(uuid: string, extra: Record<string, unknown> = {}): Uint8Array {
  return toBinary(
    GetFlowsResponseSchema,
    create(GetFlowsResponseSchema, {
      responseTypes: {
        case: 'flow',
        value: { uuid, time: timestampFromMs(Date.now()), nodeName: 'n1', ...extra },
      },
    }),
  );
}

test('a relay that accepts the stream and sends nothing is dropped and retried', async () => {
  let calls = 0;
  const relay = await faultyRelay(() => {
    calls += 1; // never writes, never ends
  });
  const c = client(relay.address);
  try {
    await waitFor('reconnecting', () => c.snapshot().state === 'reconnecting');
    assert.match(c.snapshot().lastError ?? '', /sent nothing for 0.4 s/);
    await waitFor('a second attempt', () => calls >= 2);
  } finally {
    c.stop();
    await relay.stop();
  }
});

test('a relay failing the stream shows its error and is retried', async () => {
  let calls = 0;
  const relay = await faultyRelay((call) => {
    calls += 1;
    call.emit('error', { code: grpc.status.INTERNAL, details: 'agent exploded' });
  });
  const c = client(relay.address);
  try {
    await waitFor('retried', () => calls >= 3);
    assert.equal(c.snapshot().state, 'reconnecting');
    assert.match(c.snapshot().lastError ?? '', /INTERNAL: agent exploded/);
  } finally {
    c.stop();
    await relay.stop();
  }
});

test('undecodable messages are counted and skipped; odd but valid flows still arrive', async () => {
  const big = 'x'.repeat(1024 * 1024);
  const relay = await faultyRelay((call) => {
    call.write(nodeStatus);
    call.write(new Uint8Array([0xff, 0xff, 0xff, 0xff])); // not protobuf
    call.write(
      flowBytes('00000000-0000-4000-8000-000000000001', { verdict: 99, dropReasonDesc: 4242 }),
    );
    call.write(flowBytes('00000000-0000-4000-8000-000000000002')); // almost every field missing
    call.write(
      flowBytes('00000000-0000-4000-8000-000000000003', { source: { labels: [`k8s:app=${big}`] } }),
    );
  });
  const got: FlowRecord[] = [];
  const c = client(relay.address, got);
  try {
    await waitFor('three flows', () => got.length === 3);
    const s = c.snapshot();
    assert.equal(s.state, 'connected');
    assert.equal(s.undecodable, 1);
    assert.ok(s.lastDecodeError);
    assert.equal(got[0]!.verdict, '99');
    assert.equal(got[0]!.dropReason, '4242');
    assert.equal(got[1]!.source.labels.length, 0);
    assert.equal(got[2]!.source.labels[0]!.length, big.length + 'k8s:app='.length);
  } finally {
    c.stop();
    await relay.stop();
  }
});

const REFUSALS = [
  { code: grpc.status.UNAUTHENTICATED, details: 'bad client certificate' },
  { code: grpc.status.PERMISSION_DENIED, details: 'identity may not observe flows' },
];

for (const refusal of REFUSALS) {
  const name = grpc.status[refusal.code];
  test(`a relay answering ${name} is a configuration error, retried slowly`, async () => {
    let calls = 0;
    const relay = await faultyRelay((call) => {
      calls += 1;
      call.emit('error', refusal);
    });
    const c = new RelayClient({
      address: relay.address,
      initialFlowsPerNode: 10,
      reconnectInitialMs: 50,
      reconnectMaxMs: 200,
      configurationRetryMs: 5000,
      pollIntervalMs: 60_000,
      onFlow: () => {},
    });
    c.start();
    try {
      await waitFor('the refusal', () => c.snapshot().state === 'reconnecting');
      const s = c.snapshot();
      assert.equal(s.errorKind, 'configuration');
      assert.equal(s.lastError, `configuration error: ${name}: ${refusal.details}`);
      assert.ok((s.nextRetryAt ?? 0) - Date.now() > 4000, 'the next try is seconds away');
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(calls, 1, 'not retried at the transient pace (50-200 ms)');
    } finally {
      c.stop();
      await relay.stop();
    }
  });
}

test('failing status polls are shown until one succeeds', async () => {
  // This relay serves GetFlows only: ServerStatus and GetNodes answer UNIMPLEMENTED.
  const relay = await faultyRelay((call) => call.write(nodeStatus));
  const c = new RelayClient({
    address: relay.address,
    initialFlowsPerNode: 10,
    reconnectMaxMs: 200,
    pollIntervalMs: 100,
    onFlow: () => {},
  });
  const logged: string[] = [];
  const stderr = mock.method(process.stderr, 'write', (chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  });
  c.start();
  try {
    await waitFor('both polls failing', () => {
      const error = c.snapshot().pollError ?? '';
      return error.includes('GetNodes') && error.includes('ServerStatus');
    });
    assert.match(c.snapshot().pollError ?? '', /ServerStatus: UNIMPLEMENTED/);
    assert.match(c.snapshot().pollError ?? '', /GetNodes: UNIMPLEMENTED/);
    // Logged when the failure appears, not once per poll.
    const warnings = logged
      .flatMap((chunk) => chunk.split('\n'))
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; address?: string; error?: string })
      .filter((l) => l.msg === 'relay status poll failed');
    assert.ok(warnings.length >= 1 && warnings.length <= 2, `${warnings.length} warnings`);
    assert.equal(warnings.at(-1)?.address, relay.address);
    assert.match(warnings.at(-1)?.error ?? '', /UNIMPLEMENTED/);
    await new Promise((r) => setTimeout(r, 350));
    assert.ok(
      logged.join('').split('relay status poll failed').length - 1 <= 2,
      'repeated failures of the same kind are not logged again',
    );
  } finally {
    stderr.mock.restore();
    c.stop();
    await relay.stop();
  }
});
