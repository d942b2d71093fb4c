// A plain grpc-js client for the demo relay's tests: no Flowscope client code involved, so
// the tests check the wire behaviour a real Hubble client would see.
import { create } from '@bufbuild/protobuf';
import type { DescMethod, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { FlowSchema, Verdict } from '@/proto/gen/flow/flow_pb';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import * as grpc from '@grpc/grpc-js';
import { GetFlowsRequestSchema } from '@/proto/gen/observer/observer_pb';
import type { GetFlowsResponse } from '@/proto/gen/observer/observer_pb';
import { methodDefinition, observerServiceDefinition } from '@/server/grpc/observer-service';
import { healthServiceDefinition } from '@/server/grpc/health-service';
import { Health } from '@/proto/gen/grpc/health/v1/health_pb';
import type { HealthCheckResponse } from '@/proto/gen/grpc/health/v1/health_pb';

export interface StreamResult {
  responses: GetFlowsResponse[];
  error?: grpc.ServiceError;
}

/**
 * Runs GetFlows until the server ends the stream, `until` says stop (then cancels), or
 * `timeoutMs` passes (then cancels).
 */
export function collectFlows(
  address: string,
  req: MessageInitShape<typeof GetFlowsRequestSchema>,
  opts: { until?: (r: GetFlowsResponse[]) => boolean; timeoutMs?: number } = {},
): Promise<StreamResult> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const m = observerServiceDefinition.getFlows;
  return new Promise((resolve) => {
    const responses: GetFlowsResponse[] = [];
    let settled = false;
    const call = client.makeServerStreamRequest(
      m.path,
      m.requestSerialize,
      m.responseDeserialize,
      create(GetFlowsRequestSchema, req),
    );
    const finish = (error?: grpc.ServiceError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      call.cancel();
      client.close();
      resolve(error ? { responses, error } : { responses });
    };
    const timer = setTimeout(() => finish(), opts.timeoutMs ?? 5000);
    call.on('data', (r: GetFlowsResponse) => {
      responses.push(r);
      if (opts.until?.(responses)) finish();
    });
    call.on('error', (e: grpc.ServiceError) =>
      finish(e.code === grpc.status.CANCELLED ? undefined : e),
    );
    call.on('end', () => finish());
  });
}

/** One unary call of `method` (a generated descriptor, e.g. `Observer.method.getNodes`). */
export function unary<M extends DescMethod & { methodKind: 'unary' }>(
  address: string,
  method: M,
  init: MessageInitShape<M['input']>,
): Promise<MessageShape<M['output']>> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const m = methodDefinition(method);
  const req = create<M['input']>(method.input, init);
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(m.path, m.requestSerialize, m.responseDeserialize, req, (err, res) => {
      client.close();
      if (err) reject(err);
      else if (res === undefined) reject(new Error(`${m.path}: no response`));
      else resolve(res);
    });
  });
}

/** grpc.health.v1.Health/Check for one service name. */
export function healthCheck(address: string, service: string): Promise<HealthCheckResponse> {
  return unary(address, Health.method.check, { service });
}

/** grpc.health.v1.Health/Watch: each status as it arrives; `stop` cancels the call. */
export function watchHealth(
  address: string,
  service: string,
  onStatus: (r: HealthCheckResponse) => void,
): { stop(): void } {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const m = healthServiceDefinition.watch;
  const call = client.makeServerStreamRequest(
    m.path,
    m.requestSerialize,
    m.responseDeserialize,
    create(Health.method.watch.input, { service }),
  );
  call.on('data', (r: HealthCheckResponse) => onStatus(r));
  call.on('error', () => undefined);
  return {
    stop() {
      call.cancel();
      client.close();
    },
  };
}

export function flowsOf(result: StreamResult) {
  return result.responses.flatMap((r) =>
    r.responseTypes.case === 'flow' ? [r.responseTypes.value] : [],
  );
}

let flowSeq = 0;

/** Forwarded pod-to-pod flows seen by `node` at the given times (epoch ms), unique uuids. */
export function flowsAt(node: string, times: number[]): Flow[] {
  return times.map((ms) => {
    flowSeq += 1;
    return create(FlowSchema, {
      time: timestampFromMs(ms),
      uuid: `00000000-0000-4000-9000-${String(flowSeq).padStart(12, '0')}`,
      nodeName: node,
      verdict: Verdict.FORWARDED,
      source: { namespace: 'shop', podName: 'frontend-1', identity: 12345 },
      destination: { namespace: 'shop', podName: 'backend-1', identity: 12346 },
    });
  });
}
