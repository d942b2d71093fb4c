// Shapes of Flowscope's HTTP API, shared by route handlers and the browser.
import type { FlowRecord } from './flow-record';
import type { ServiceMap, Timeline } from '@/lib/api/aggregate';
import type { FlowDecision } from '@/lib/api/decisions';
import type { StagedMark } from '@/lib/api/lab';

export type RelayConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'stopped';

export interface RelayNodeStatus {
  name: string;
  /** NODE_CONNECTED, NODE_UNAVAILABLE, NODE_GONE, NODE_ERROR or UNKNOWN_NODE_STATE. */
  state: string;
  address?: string;
  version?: string;
  numFlows?: number;
  maxFlows?: number;
  message?: string;
}

export interface RelayStatus {
  /** "demo" on the embedded demo relay; "none" without a relay (imported flows only). */
  mode: 'demo' | 'relay' | 'none';
  address: string;
  tls: boolean;
  state: RelayConnectionState;
  /** Epoch ms when the current state began. */
  stateSince: number;
  lastError?: string;
  /** Set when the last error is one retrying soon cannot fix (credentials, permissions, a
   * relay that does not serve the API): the header calls it a configuration error, and the
   * client retries slowly. */
  errorKind?: 'configuration';
  /** The last failure of the status polls (ServerStatus, GetNodes), until one succeeds. */
  pollError?: string;
  /** Epoch ms of the next reconnect attempt while reconnecting. */
  nextRetryAt?: number;
  reconnects: number;
  relayVersion?: string;
  nodes: RelayNodeStatus[];
  connectedNodes: number;
  unavailableNodes: number;
  /** Relay ring buffers: flows held now and capacity, summed over nodes. */
  numFlows?: number;
  maxFlows?: number;
  flowsRate?: number;
  lostEvents: { total: number; bySource: Record<string, number> };
  flowsReceived: number;
  duplicatesDropped: number;
  /** Messages from the relay that could not be decoded, skipped. */
  undecodable: number;
  lastDecodeError?: string;
  /** Epoch ms of the newest flow received. */
  lastFlowAt?: number;
}

/**
 * The other event of a paired decision: Hubble reports one denied packet twice, as a
 * policy-verdict event (type 5) and a drop notification (type 1). The list shows one row,
 * the event that counts (the policy verdict), carrying its partner (lib/flows/flow-pairing.ts).
 */
export interface PairedEvent {
  id: string;
  time: string;
  ts: number;
  eventType: number;
  eventSubType: number;
  verdict: string;
  dropReason?: string;
  observationPoint?: string;
  direction: string;
  node: string;
}

/** One row of the flow list: one decision, with the other event of the packet when paired. */
export type FlowRow = FlowRecord & {
  paired?: PairedEvent;
  /** The deciding policy and rule, and whether Hubble reported it or Flowscope derived it. */
  decidedBy?: FlowDecision;
  /** The staged drafts that would deny this allowed flow (server/lab/staged-verdict.ts). */
  staged?: StagedMark[];
};

/** `GET /api/flows/decisions?id=...`: each found flow's decision, by id. */
export interface FlowDecisions {
  decisions: Record<string, FlowDecision>;
  /** For the flows some staged draft would deny: which, and by what rule. */
  staged?: Record<string, StagedMark[]>;
}

export interface FlowsPage {
  flows: FlowRow[];
  /** True when more flows matched than were returned. */
  truncated: boolean;
  /** Rows (decisions) matching the window and filter, not only the ones returned. For a
   * live window the browser adds the rows the stream brings, so it is exact only for a
   * pinned window. */
  total?: number;
}

export interface ApiErrorBody {
  error: string;
  /** Which parameter was wrong, when one was. */
  param?: string;
}

/** Events of the live stream (`GET /api/flows/stream`), sent as server-sent events. */
export type LiveEvent =
  /** Rows as the list shows them: a row whose id or paired id is already shown replaces it
   * (the second event of a pair arrived). */
  | { kind: 'flows'; flows: FlowRow[] }
  | { kind: 'status'; status: RelayStatus }
  /** The client fell behind and updates were dropped: refetch, then continue. */
  | { kind: 'resync'; missed: number };

/** Events of the live map stream (`GET /api/map/stream`). */
export type MapLiveEvent =
  | { kind: 'status'; status: RelayStatus }
  /** The map of the flows that arrived since the previous delta (its window is the span
   * they cover): add its counts to the map on screen. */
  | { kind: 'map-delta'; delta: ServiceMap };

/** `GET /api/flows/<id>`: one flow from Flowscope's own history, or why it is not there. */
export type FlowLookup =
  | {
      found: true;
      /** The decision: asked by the id of a paired drop notification, its policy-verdict
       * event, with the notification in `paired`. */
      flow: FlowRow;
      /** The flow as `hubble observe -o jsonpb` prints it. */
      jsonpb: string;
    }
  | {
      found: false;
      /** What the history holds now, so the page can say the flow aged out of it. */
      retention: {
        oldest?: number;
        newest?: number;
        flows: number;
        maxFlows: number;
        maxAgeMs: number;
      };
    };

/** `POST /api/flows/import`: how a file of Hubble JSON lines went in. */
export interface ImportResult {
  imported: number;
  duplicates: number;
  /** Lines refused as not a flow (every one is stored nothing). */
  skipped: number;
  /** Lines of other Hubble responses (node status, lost events), read and left out. */
  notFlows: number;
  /** The first 100 refused lines, with their line numbers and reasons. */
  errors: { line: number; error: string }[];
  /** Time span (epoch ms) of the flows imported, when any was. */
  from?: number;
  to?: number;
}

/** `GET /api/config`: what the browser needs to know about this deployment. */
/** What the signed-in user may see (access control from the gateway's identity headers). */
export type AccessInfo =
  /** No access control configured: everyone who reaches Flowscope sees every namespace. */
  | { state: 'unrestricted' }
  | { state: 'granted'; user: string; namespaces: string[] | 'all' }
  /** The request was refused (untrusted peer, no user, no namespace granted). */
  | { state: 'denied'; reason: string };

export interface ClientConfig {
  /** Base of shareable links, e.g. https://flowscope.example.com/flowscope; absent: the
   * browser's own origin plus the base path. */
  publicUrl?: string;
  basePath: string;
  mode: RelayStatus['mode'];
  /** Retention limits of the store, for "this flow has aged out" messages. */
  retention: { maxFlows: number; maxAgeMs: number };
  access: AccessInfo;
}

/** `GET /api/store`: what Flowscope's own history holds, and its limits. */
export interface HistoryStats {
  flows: number;
  bytes: number;
  oldestTs?: number;
  newestTs?: number;
  /** Flows removed by the limits since the process started. */
  evicted: number;
  limits: { maxFlows: number; maxBytes: number; maxAgeMs: number };
  /** True when the history is kept in files and survives a restart. */
  persistent: boolean;
}

/** Why flows of a time range are missing from Flowscope's history. */
export type TimelineGapKind = 'relay-unreachable' | 'node-unavailable' | 'lost-events';

/** A time range whose flows Flowscope could not recover: shown on the timeline, never
 * hidden. `node`, `source` and `detail` come from the relay: display them as text only. */
export interface TimelineGap {
  kind: TimelineGapKind;
  /** Epoch ms. */
  from: number;
  /** Epoch ms; while `ongoing`, the time of the answer. */
  to: number;
  /** Not over yet: the relay is still unreachable (what it still holds is checked once it
   * is back), or the node still unavailable. */
  ongoing: boolean;
  /** The node whose flows are missing; absent when it concerns every node. */
  node?: string;
  /** Events Hubble reported lost (lost-events). */
  lost?: number;
  /** Hubble's LostEventSource name, e.g. HUBBLE_RING_BUFFER (lost-events). */
  source?: string;
  /** Why, in words: the relay's error or node message, or what Flowscope found. */
  detail: string;
}

/** `GET /api/timeline`: the timeline and the ranges of its window that were not recovered. */
export type TimelineAnswer = Timeline & { gaps: TimelineGap[] };
