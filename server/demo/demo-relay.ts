// The demo relay: a real gRPC server speaking observer.Observer on 127.0.0.1, fed by the
// seeded scenario (or a replayed capture), so the dashboard exercises the same client code
// it uses against a real Hubble Relay.
import 'server-only';
import { create } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import type { Flow, LostEventSource } from '@/proto/gen/flow/flow_pb';
import {
  GetNamespacesResponseSchema,
  GetNodesResponseSchema,
  ServerStatusResponseSchema,
} from '@/proto/gen/observer/observer_pb';
import type {
  GetFlowsRequest,
  GetFlowsResponse,
  GetNamespacesRequest,
  GetNamespacesResponse,
  GetNodesRequest,
  GetNodesResponse,
  ServerStatusRequest,
  ServerStatusResponse,
} from '@/proto/gen/observer/observer_pb';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import { observerServiceDefinition } from '@/server/grpc/observer-service';
import type { ObserverImplementation } from '@/server/grpc/observer-service';
import { HealthStatus, healthServiceDefinition, ServingStatus } from '@/server/grpc/health-service';
import { DEFAULT_RING_CAPACITY, FlowHub } from './flow-hub';
import { serveGetFlows } from './flow-stream';
import type { GetFlowsCall, StreamSettings } from './flow-stream';
import { loadReplayFile, shiftToNow } from './replay';
import { AGENT_VERSION } from './scenario/flow-builder';
import { DEFAULT_SCENARIO } from './scenario/default-scenario';
import { ScenarioGenerator } from './scenario/generator';
import type { ScenarioSpec } from './scenario/spec';

const getFlowsDefinition = observerServiceDefinition.getFlows;

/** The Observer service with GetFlows accepting pre-encoded responses as they are. */
const demoServiceDefinition = {
  ...observerServiceDefinition,
  getFlows: {
    ...getFlowsDefinition,
    responseSerialize: (value: GetFlowsResponse | Uint8Array): Buffer =>
      value instanceof Uint8Array
        ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
        : getFlowsDefinition.responseSerialize(value),
  } satisfies grpc.MethodDefinition<GetFlowsRequest, GetFlowsResponse | Uint8Array>,
};

/** The demo's handlers: GetFlows writes messages or their cached encoding. */
type DemoImplementation = Omit<ObserverImplementation, 'getFlows'> & {
  getFlows: grpc.handleServerStreamingCall<GetFlowsRequest, GetFlowsResponse | Uint8Array>;
};

export const DEMO_RELAY_VERSION = `${AGENT_VERSION}-flowscope-demo`;

/**
 * The name Hubble Relay reports in its gRPC health service beside "" (Cilium's
 * pkg/hubble/api/v1 ObserverServiceName), and the one `hubble status` asks about.
 */
export const HUBBLE_OBSERVER_HEALTH_NAME = 'hubble.server.Observer';

/** What outlives a relay restart: the agents' rings and the traffic they keep seeing. */
export interface DemoHistory {
  hub: FlowHub;
  generator?: ScenarioGenerator;
}

export interface DemoRelayOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  scenario?: ScenarioSpec;
  /** NDJSON capture to serve instead of the generated scenario. */
  replayFile?: string;
  flowsPerSecond?: number;
  seed?: number;
  /** Node names without the cluster prefix; default the scenario's three kind nodes. */
  nodes?: string[];
  /** Per node; Hubble's default is 4095. */
  ringCapacity?: number;
  /** Minutes of history generated at start (default 10); ignored with `history`. */
  prefillMinutes?: number;
  /** Rings (and scenario) of a previous relay, as if only the relay had restarted. */
  history?: DemoHistory;
  /** Start without generating flows (tests drive the rings through emit). */
  paused?: boolean;
  tickMs?: number;
  sortBufferMaxLen?: number;
  sortBufferDrainMs?: number;
  hideNewestInRing?: boolean;
  /** Serve TLS (and mTLS with a client CA) instead of plaintext. */
  tls?: DemoRelayTls;
  /** Fault mode: peers dialled one by one after the start, a relay's real sort-buffer
   * draining, and nodes running behind (see RelayLike in flow-stream.ts). */
  relayLike?: { peerDialMs: number; lagMs?: Record<string, number> };
}

export interface DemoRelayStopOptions {
  /** As a relay on SIGTERM: refuse new streams but keep serving open ones this long, then
   * end them without a status, as the kill after a pod's grace period does. */
  graceMs?: number;
}

export interface DemoRelay {
  address: string;
  port: number;
  /** Pass to the next startDemoRelay to keep the rings across a restart. */
  history: DemoHistory;
  stop(opts?: DemoRelayStopOptions): Promise<void>;
  /** Appends flows to their nodes' rings (by node_name) as if the agents saw them now. */
  emit(flows: Flow[]): void;
  pauseGeneration(): void;
  resumeGeneration(): void;
  /** Flows currently held in all rings. */
  totalFlows(): number;
  /** Makes a node unreachable for the relay (its agent keeps recording), or reachable again. */
  setNodeAvailable(node: string, available: boolean): void;
  /** A node's agent reports lost events: following streams get a LostEvent. */
  reportLost(report: {
    node: string;
    count: number;
    source?: LostEventSource;
    firstMs?: number;
    lastMs?: number;
  }): void;
}

const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

async function prepareHistory(opts: DemoRelayOptions): Promise<DemoHistory> {
  if (opts.history) return opts.history;
  const hub = new FlowHub(opts.ringCapacity ?? DEFAULT_RING_CAPACITY);
  if (opts.replayFile) {
    const load = await loadReplayFile(opts.replayFile);
    if (load.flows.length === 0) {
      throw new Error(`replay file ${opts.replayFile} has no flows (${load.skipped} bad lines)`);
    }
    hub.append(shiftToNow(load.flows));
    return { hub };
  }
  const base = opts.scenario ?? DEFAULT_SCENARIO;
  const spec = opts.nodes ? { ...base, nodes: opts.nodes } : base;
  const prefillMs = (opts.prefillMinutes ?? 10) * 60_000;
  if (!(prefillMs >= 0)) throw new Error('prefillMinutes must be >= 0');
  const generator = new ScenarioGenerator({
    spec,
    startNs: nowNs() - BigInt(Math.round(prefillMs)) * 1_000_000n,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.flowsPerSecond !== undefined ? { flowsPerSecond: opts.flowsPerSecond } : {}),
  });
  for (const node of generator.nodeNames()) hub.ensureNode(node, Date.now() - prefillMs);
  return { hub, generator };
}

/** PEM material for serving TLS, as a relay with `hubble.relay.tls.server.enabled` does. */
export interface DemoRelayTls {
  cert: Buffer;
  key: Buffer;
  /** With a client CA, clients must present a certificate it signed (mTLS). */
  clientCa?: Buffer;
}

function credentials(tls: DemoRelayTls | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(
    tls.clientCa ?? null,
    [{ cert_chain: tls.cert, private_key: tls.key }],
    Boolean(tls.clientCa),
  );
}

function bind(server: grpc.Server, address: string, tls?: DemoRelayTls): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials(tls), (err, port) => (err ? reject(err) : resolve(port)));
  });
}

export async function startDemoRelay(opts: DemoRelayOptions = {}): Promise<DemoRelay> {
  const host = opts.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('the demo relay only binds 127.0.0.1');
  const history = await prepareHistory(opts);
  const { hub, generator } = history;
  let paused = opts.paused ?? false;
  // Agents keep observing while the relay is down, so a restarted relay catches up.
  if (generator && !paused) hub.append(generator.advance(nowNs()));

  const settings: StreamSettings = {
    sortBufferMaxLen: opts.sortBufferMaxLen ?? 100,
    sortBufferDrainMs: opts.sortBufferDrainMs ?? 1000,
    hideNewestInRing: opts.hideNewestInRing ?? true,
    relayNodeName: 'hubble-relay',
    ...(opts.relayLike
      ? {
          relayLike: {
            startedAtMs: Date.now(),
            peerDialMs: opts.relayLike.peerDialMs,
            lagMs: new Map(Object.entries(opts.relayLike.lagMs ?? {})),
          },
        }
      : {}),
  };
  const streams = new Set<() => void>();
  const nodeAddress = (name: string, i: number): string => {
    const host = generator?.topology.hosts.get(name)?.ip ?? `172.18.0.${i + 2}`;
    return `${host}:4244`;
  };

  // As pkg/hubble/relay/server/health.go: SERVING while at least one node is reachable.
  const health = new HealthStatus();
  const updateHealth = (): void => {
    const reachable = [...hub.rings.keys()].some((node) => !hub.unavailable.has(node));
    const status = reachable ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    health.set('', status);
    health.set(HUBBLE_OBSERVER_HEALTH_NAME, status);
  };
  updateHealth();

  const server = new grpc.Server();
  server.addService(healthServiceDefinition, health.handlers());
  const observer: DemoImplementation = {
    getFlows(call: GetFlowsCall) {
      const close = serveGetFlows(hub, settings, call);
      streams.add(close);
      call.on('close', () => streams.delete(close));
    },
    serverStatus(
      _call: grpc.ServerUnaryCall<ServerStatusRequest, ServerStatusResponse>,
      callback: grpc.sendUnaryData<ServerStatusResponse>,
    ) {
      const all = [...hub.rings.values()];
      const rings = all.filter((r) => !hub.unavailable.has(r.node));
      const down = all.filter((r) => hub.unavailable.has(r.node)).map((r) => r.node);
      const now = Date.now();
      const sum = (f: (r: (typeof rings)[number]) => number): bigint =>
        BigInt(rings.reduce((acc, r) => acc + f(r), 0));
      callback(
        null,
        create(ServerStatusResponseSchema, {
          numFlows: sum((r) => r.size),
          maxFlows: sum((r) => r.capacity),
          seenFlows: sum((r) => r.seen),
          uptimeNs: BigInt(Math.max(0, ...rings.map((r) => now - r.startedAtMs))) * 1_000_000n,
          numConnectedNodes: rings.length,
          numUnavailableNodes: down.length,
          unavailableNodes: down.slice(0, 10),
          version: DEMO_RELAY_VERSION,
          flowsRate: hub.flowsRate(now),
        }),
      );
    },
    getNodes(
      _call: grpc.ServerUnaryCall<GetNodesRequest, GetNodesResponse>,
      callback: grpc.sendUnaryData<GetNodesResponse>,
    ) {
      const now = Date.now();
      const nodes = [...hub.rings.values()].map((r, i) =>
        hub.unavailable.has(r.node)
          ? {
              name: r.node,
              address: nodeAddress(r.node, i),
              state: NodeState.NODE_UNAVAILABLE,
              tls: { enabled: false, serverName: '' },
            }
          : {
              name: r.node,
              version: AGENT_VERSION,
              address: nodeAddress(r.node, i),
              state: NodeState.NODE_CONNECTED,
              tls: { enabled: false, serverName: '' },
              uptimeNs: BigInt(now - r.startedAtMs) * 1_000_000n,
              numFlows: BigInt(r.size),
              maxFlows: BigInt(r.capacity),
              seenFlows: BigInt(r.seen),
            },
      );
      callback(null, create(GetNodesResponseSchema, { nodes }));
    },
    getNamespaces(
      _call: grpc.ServerUnaryCall<GetNamespacesRequest, GetNamespacesResponse>,
      callback: grpc.sendUnaryData<GetNamespacesResponse>,
    ) {
      callback(null, create(GetNamespacesResponseSchema, { namespaces: hub.namespaces() }));
    },
  };
  server.addService(demoServiceDefinition, observer);
  const port = await bind(server, `${host}:${opts.port ?? 0}`, opts.tls);

  const tick = setInterval(() => {
    if (generator && !paused) hub.append(generator.advance(nowNs()));
  }, opts.tickMs ?? 200);
  tick.unref();

  let stopped: Promise<void> | undefined;
  return {
    address: `${host}:${port}`,
    port,
    history,
    stop(stopOpts = {}) {
      stopped ??= new Promise<void>((resolve) => {
        clearInterval(tick);
        const kill = (): void => {
          for (const close of streams) close();
          streams.clear();
          health.close();
          server.forceShutdown();
          resolve();
        };
        if (!stopOpts.graceMs) {
          kill();
          return;
        }
        // The agents keep recording while the old relay drains its open streams.
        const keepGenerating = setInterval(() => {
          if (generator && !paused) hub.append(generator.advance(nowNs()));
        }, opts.tickMs ?? 200);
        server.unbind(`${host}:${port}`);
        setTimeout(() => {
          clearInterval(keepGenerating);
          kill();
        }, stopOpts.graceMs).unref();
      });
      return stopped;
    },
    emit(flows) {
      hub.append(flows);
      updateHealth();
    },
    pauseGeneration() {
      paused = true;
    },
    resumeGeneration() {
      if (!paused) return;
      generator?.skipTo(nowNs());
      paused = false;
    },
    totalFlows: () => hub.totalFlows(),
    setNodeAvailable(node, available) {
      hub.setAvailable(node, available);
      updateHealth();
    },
    reportLost({ node, count, source, firstMs, lastMs }) {
      const ns = (ms: number | undefined) =>
        ms === undefined ? undefined : BigInt(Math.round(ms)) * 1_000_000n;
      hub.reportLost({
        node,
        count,
        ...(source !== undefined ? { source } : {}),
        ...(firstMs !== undefined && lastMs !== undefined
          ? { firstNs: ns(firstMs), lastNs: ns(lastMs) }
          : {}),
      });
    },
  };
}
