// Keeps the relay's state as the UI shows it, fed by the stream and by status polls.
import 'server-only';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import type { NodeStatusEvent } from '@/proto/gen/relay/relay_pb';
import { LostEventSource } from '@/proto/gen/flow/flow_pb';
import type { LostEvent } from '@/proto/gen/flow/flow_pb';
import type { GetNodesResponse, ServerStatusResponse } from '@/proto/gen/observer/observer_pb';
import type { RelayConnectionState, RelayNodeStatus, RelayStatus } from '@/lib/api/types';

function stateName(state: number): string {
  return NodeState[state] ?? String(state);
}

export class RelayStatusTracker {
  private readonly status: RelayStatus;
  private readonly nodes = new Map<string, RelayNodeStatus>();
  private readonly listeners = new Set<(s: RelayStatus) => void>();

  constructor(mode: RelayStatus['mode'], address: string, tls: boolean, now = Date.now()) {
    this.status = {
      mode,
      address,
      tls,
      state: 'connecting',
      stateSince: now,
      reconnects: 0,
      nodes: [],
      connectedNodes: 0,
      unavailableNodes: 0,
      lostEvents: { total: 0, bySource: {} },
      flowsReceived: 0,
      duplicatesDropped: 0,
      undecodable: 0,
    };
  }

  snapshot(): RelayStatus {
    return {
      ...this.status,
      nodes: [...this.nodes.values()].sort((a, b) => a.name.localeCompare(b.name)),
      lostEvents: { ...this.status.lostEvents, bySource: { ...this.status.lostEvents.bySource } },
    };
  }

  onChange(listener: (s: RelayStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setState(
    state: RelayConnectionState,
    extra: { error?: string; configuration?: boolean; nextRetryAt?: number } = {},
    now = Date.now(),
  ): void {
    const s = this.status;
    if (state === 'reconnecting' && s.state !== 'reconnecting') s.reconnects += 1;
    if (s.state !== state) s.stateSince = now;
    s.state = state;
    if (extra.error !== undefined) {
      s.lastError = extra.error;
      if (extra.configuration) s.errorKind = 'configuration';
      else delete s.errorKind;
    } else if (state === 'connected') {
      delete s.lastError;
      delete s.errorKind;
    }
    if (extra.nextRetryAt !== undefined) s.nextRetryAt = extra.nextRetryAt;
    else delete s.nextRetryAt;
    this.changed();
  }

  /** A status poll failed (`undefined`: one succeeded). True when that changed the status. */
  setPollError(error: string | undefined): boolean {
    if (this.status.pollError === error) return false;
    if (error === undefined) delete this.status.pollError;
    else this.status.pollError = error.slice(0, 300);
    this.changed();
    return true;
  }

  countFlow(timeMs: number): void {
    this.status.flowsReceived += 1;
    if (!this.status.lastFlowAt || timeMs > this.status.lastFlowAt) this.status.lastFlowAt = timeMs;
  }

  countDuplicate(): void {
    this.status.duplicatesDropped += 1;
  }

  /** A message that could not be decoded: skipped, counted, and its error shown. */
  countUndecodable(error: string): void {
    this.status.undecodable += 1;
    this.status.lastDecodeError = error.slice(0, 300);
    this.changed();
  }

  applyNodeStatus(ev: NodeStatusEvent): void {
    const state = stateName(ev.stateChange);
    for (const name of ev.nodeNames) {
      const prev = this.nodes.get(name);
      const node: RelayNodeStatus = { ...prev, name, state };
      if (ev.message) node.message = ev.message;
      else delete node.message;
      this.nodes.set(name, node);
    }
    this.recount();
    this.changed();
  }

  applyLostEvent(ev: LostEvent): void {
    const n = Number(ev.numEventsLost);
    const source = LostEventSource[ev.source] ?? String(ev.source);
    const lost = this.status.lostEvents;
    lost.total += n;
    lost.bySource[source] = (lost.bySource[source] ?? 0) + n;
    this.changed();
  }

  applyServerStatus(r: ServerStatusResponse): void {
    const s = this.status;
    s.relayVersion = r.version || undefined;
    s.numFlows = Number(r.numFlows);
    s.maxFlows = Number(r.maxFlows);
    s.flowsRate = r.flowsRate;
    if (r.numConnectedNodes !== undefined) s.connectedNodes = r.numConnectedNodes;
    if (r.numUnavailableNodes !== undefined) s.unavailableNodes = r.numUnavailableNodes;
    this.changed();
  }

  applyNodes(r: GetNodesResponse): void {
    this.nodes.clear();
    for (const n of r.nodes) {
      this.nodes.set(n.name, {
        name: n.name,
        state: stateName(n.state),
        address: n.address || undefined,
        version: n.version || undefined,
        numFlows: Number(n.numFlows),
        maxFlows: Number(n.maxFlows),
      });
    }
    this.recount();
    this.changed();
  }

  private recount(): void {
    let connected = 0;
    let unavailable = 0;
    for (const n of this.nodes.values()) {
      if (n.state === 'NODE_CONNECTED') connected += 1;
      else unavailable += 1;
    }
    this.status.connectedNodes = connected;
    this.status.unavailableNodes = unavailable;
  }

  private changed(): void {
    for (const l of this.listeners) l(this.snapshot());
  }
}
