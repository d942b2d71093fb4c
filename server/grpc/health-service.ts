// gRPC's standard health service (grpc.health.v1.Health) for grpc-js, keeping one serving
// status per service name as grpc-go's health.Server does: Check answers NOT_FOUND for a
// name never set, Watch sends the current status at once (SERVICE_UNKNOWN for an unknown
// name, without ending the call) and then each change, List returns every known name.
import 'server-only';
import { create } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import {
  Health,
  HealthCheckResponse_ServingStatus as ServingStatus,
  HealthCheckResponseSchema,
  HealthListResponseSchema,
} from '@/proto/gen/grpc/health/v1/health_pb';
import type {
  HealthCheckRequest,
  HealthCheckResponse,
  HealthListRequest,
  HealthListResponse,
} from '@/proto/gen/grpc/health/v1/health_pb';
import { methodDefinition } from './observer-service';
import type { ImplementationOf, ServiceDefinitionOf } from './observer-service';

export { ServingStatus };

/** grpc-js definition of `grpc.health.v1.Health` (Check, List, Watch). */
export const healthServiceDefinition: ServiceDefinitionOf<typeof Health> = {
  check: methodDefinition(Health.method.check),
  list: methodDefinition(Health.method.list),
  watch: methodDefinition(Health.method.watch),
};

export type HealthImplementation = ImplementationOf<typeof Health>;

/** Upstream caps List at this many services (RESOURCE_EXHAUSTED beyond). */
const LIST_LIMIT = 100;

type WatchCall = grpc.ServerWritableStream<HealthCheckRequest, HealthCheckResponse>;

export class HealthStatus {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Map<string, Set<WatchCall>>();

  /** Sets a service's status ("" is the server as a whole) and tells its watchers. */
  set(service: string, status: ServingStatus): void {
    if (this.statuses.get(service) === status) return;
    this.statuses.set(service, status);
    for (const call of this.watchers.get(service) ?? []) send(call, status);
  }

  get(service: string): ServingStatus | undefined {
    return this.statuses.get(service);
  }

  /** Ends every Watch call (the server is stopping). */
  close(): void {
    for (const calls of this.watchers.values()) for (const call of calls) call.end();
    this.watchers.clear();
  }

  /** Handlers to pass to `server.addService(healthServiceDefinition, ...)`. */
  handlers(): HealthImplementation {
    return {
      check: (
        call: grpc.ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>,
        callback: grpc.sendUnaryData<HealthCheckResponse>,
      ) => {
        const status = this.statuses.get(call.request.service);
        if (status === undefined) {
          callback({ code: grpc.status.NOT_FOUND, details: 'unknown service' });
          return;
        }
        callback(null, create(HealthCheckResponseSchema, { status }));
      },
      list: (
        _call: grpc.ServerUnaryCall<HealthListRequest, HealthListResponse>,
        callback: grpc.sendUnaryData<HealthListResponse>,
      ) => {
        if (this.statuses.size > LIST_LIMIT) {
          callback({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'too many services' });
          return;
        }
        const statuses: Record<string, HealthCheckResponse> = {};
        for (const [name, status] of this.statuses) {
          statuses[name] = create(HealthCheckResponseSchema, { status });
        }
        callback(null, create(HealthListResponseSchema, { statuses }));
      },
      watch: (call: WatchCall) => {
        const service = call.request.service;
        let calls = this.watchers.get(service);
        if (!calls) this.watchers.set(service, (calls = new Set()));
        calls.add(call);
        const forget = (): void => {
          calls.delete(call);
          if (calls.size === 0) this.watchers.delete(service);
        };
        call.on('cancelled', forget);
        call.on('close', forget);
        send(call, this.statuses.get(service) ?? ServingStatus.SERVICE_UNKNOWN);
      },
    };
  }
}

function send(call: WatchCall, status: ServingStatus): void {
  call.write(create(HealthCheckResponseSchema, { status }));
}
