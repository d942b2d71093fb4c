// The answer of GET /api/coverage: per workload seen in a window, whether ingress and egress
// are under a policy (in default deny) and by which policies.

/** One direction of one workload. */
export interface DirectionCoverage {
  /** Default deny is on in this direction: a selecting policy (or the agent setting
   * enable-policy=always) enforces it, for every label set the workload was seen with. */
  enforced: boolean;
  /** Enforced for some of the workload's label sets, not all (pods that differ in labels). */
  partial?: boolean;
  /** Ids (`kind/namespace or _/name`) of the policies selecting it in this direction. */
  selectingPolicies: string[];
  /** Those of them that put it into default deny. */
  enforcingPolicies: string[];
  /** Set when the agent setting, not a policy, decides. */
  agent?: 'enable-policy=always' | 'enable-policy=never';
  /** Selectors Flowscope cannot read that might select it (`<policy id>: <construct>`). */
  unknown?: string[];
}

export interface WorkloadCoverage {
  /** The service map's node id, `namespace/workload`. */
  id: string;
  namespace: string;
  workload: string;
  /** Labels every pod of the workload seen in the window carries (`k8s:` prefix kept). */
  labels: string[];
  /** Distinct label sets seen (pods of one workload may differ). */
  labelSets: number;
  ingress: DirectionCoverage;
  egress: DirectionCoverage;
  /** Enforced both ways. */
  protected: boolean;
  /** No policy selects it in either direction and neither is enforced ("unprotected"). */
  unselected: boolean;
  /** Enforced in neither direction (a policy may still select it without default deny). */
  open: boolean;
}

export interface NamespaceCoverage {
  namespace: string;
  workloads: WorkloadCoverage[];
  /** Workloads enforced both ways. */
  protected: number;
  /** Workloads no policy selects in either direction. */
  unprotected: number;
  /** Workloads enforced in neither direction. */
  open: number;
}

export interface CoverageAnswer {
  window: { from: number; to: number };
  /** The agent's enable-policy setting the answer assumes. */
  enforcement: 'default' | 'always' | 'never';
  namespaces: NamespaceCoverage[];
  /** Every workload no policy selects in either direction, in id order. */
  unprotected: WorkloadCoverage[];
  /** Every workload enforced in neither direction, in id order (includes `unprotected`). */
  open: WorkloadCoverage[];
  totals: { workloads: number; protected: number; unprotected: number; open: number };
}
