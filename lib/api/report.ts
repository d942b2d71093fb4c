// The answer of GET /api/report: segmentation evidence for a scope (namespaces or a label
// selector) over a time window. What protects each workload, what its policies allow, what
// was seen, what was denied, what crossed the scope's boundary, and what the report cannot
// vouch for (gaps). Every name and label in it comes from flows or policies: text only.
import type { DirectionCoverage } from '@/lib/api/coverage';
import type { TimelineGap } from '@/lib/api/types';

export type ReportScope =
  | { kind: 'namespaces'; namespaces: string[] }
  /** `namespaces`: where the selector was looked for (the viewer's namespaces), or 'all'. */
  | { kind: 'selector'; selector: string; namespaces: string[] | 'all' };

/** Decisions of an edge: allowed (forwarded or redirected to the proxy), denied (dropped),
 * and the rest (error, audit, other). Replies are not decisions and are not counted. */
export interface ReportCounts {
  allowed: number;
  denied: number;
  other: number;
}

/** One rule that admits peers of a kind, as the evaluator reads it. */
export interface AllowedBy {
  policy: string;
  ruleId: string;
  /** The peer in words: `world`, `CIDR 0.0.0.0/0`, `endpoints k8s:app=x, ...`, `any peer`. */
  peer: string;
  /** `5432/TCP`, `443/ANY`, or `every port`. */
  ports: string;
}

export interface ReportAllows {
  fromInternet: AllowedBy[];
  fromOtherNamespaces: AllowedBy[];
  fromOutsideScope: AllowedBy[];
  toInternet: AllowedBy[];
}

/** One service-map edge: `source` and `target` are node ids (`ns/workload`, `reserved:world`). */
export interface ReportEdge extends ReportCounts {
  source: string;
  target: string;
  port: number;
  protocol: string;
  /** Drop reason -> count. */
  dropReasons: Record<string, number>;
}

export interface ReportWorkload {
  id: string;
  namespace: string;
  workload: string;
  labels: string[];
  ingress: DirectionCoverage;
  egress: DirectionCoverage;
  /** Default deny both ways. */
  protected: boolean;
  allows: ReportAllows;
  /** Constructs of the selecting policies the evaluator does not read (`<policy>: <path>`). */
  unsupported: string[];
  observed: { inbound: ReportEdge[]; outbound: ReportEdge[]; totals: ReportCounts };
}

export interface DeniedSource {
  /** Node id of the source. */
  source: string;
  inScope: boolean;
  denied: number;
  /** Denied edges of this source, highest count first. */
  attempts: ReportEdge[];
}

export interface BoundaryEdge extends ReportEdge {
  /** `in`: from outside into the scope; `out`: from the scope to outside. */
  direction: 'in' | 'out';
}

export interface PolicyRevisionSeen {
  policy: string;
  /** Revisions named by the window's flows, in the order first seen. */
  revisions: string[];
  /** Revision of the loaded policy, when the source knows it. */
  loaded?: string;
}

export interface ReportGaps {
  /** Ranges whose flows were not recovered (relay, nodes, lost events), cluster-wide. */
  ranges: TimelineGap[];
  /** Events Hubble reported lost in the window. */
  lostEvents: number;
  /** Constructs of the policies selecting the scope that the evaluator does not read. */
  unsupported: string[];
  /** Set when the retained history begins after the window's start (epoch ms). */
  historyStartsAt?: number;
  /** No flow at all is retained. */
  noHistory?: boolean;
  /** Things the report could not read completely, in words. */
  notes: string[];
}

export interface EvidenceReport {
  generatedAt: number;
  window: { from: number; to: number };
  scope: ReportScope;
  /** The agent's enable-policy setting the protection assumes. */
  enforcement: 'default' | 'always' | 'never';
  gaps: ReportGaps;
  workloads: ReportWorkload[];
  denied: DeniedSource[];
  boundary: BoundaryEdge[];
  revisions: {
    changes: { policy: string; from: string; to: string; at: number }[];
    seen: PolicyRevisionSeen[];
  };
  totals: { workloads: number; protected: number; boundary: ReportCounts; denied: number };
}
