// Shapes of the policy routes as the browser receives them. The server modules own the
// types; they are imported as types only, so no server code reaches the bundle.
import type { FlowExplanation } from '@/server/policies/explain';
import type { PolicyListItem } from '@/server/policies/model';
import type { PolicyDto, PolicyRuleDto } from '@/server/policies/route-params';
import type { EdgeUsage, PolicyUsage, RuleUsage, UsageSeries } from '@/server/policies/usage';

export type { FlowExplanation, PolicyDto, PolicyListItem, PolicyRuleDto, PolicyUsage };
export type { EdgeUsage, RuleUsage, UsageSeries };
export type { NearestRule, PolicyName, RuleDescription } from '@/server/policies/explain';
import type { SelfCheck } from '@/server/policies/self-check';
export type { CheckedFlow } from '@/server/policies/self-check';

/** GET /api/policies/self-check. */
export interface SelfCheckAnswer extends SelfCheck {
  window: { from: number; to: number };
  /** The server stopped reading before the start of the window. */
  truncated: boolean;
}

/** GET /api/policies. */
export interface PolicyList {
  policies: PolicyListItem[];
  /** Problems the policy source met while reading (bad YAML, API errors). */
  errors: string[];
}

/** GET /api/policies/<kind>/<namespace or _>/<name>. */
export interface PolicyView extends PolicyUsage {
  policy: PolicyDto;
  /** The rule of this policy that decided the `?flow=` flow; null without one. */
  matchedRule: { ruleId: string; verdict: string } | null;
  /**
   * For the `?flow=` flow: whether this policy selects its endpoint (the destination at
   * ingress, the source at egress) and puts it into default deny in that direction.
   */
  flowEndpoint?: { direction: 'ingress' | 'egress'; selects: boolean; enforcing: boolean };
  /** The resolved window, epoch ms. */
  window: { from: number; to: number };
  /** The server stopped scanning before the end of the window. */
  truncated: boolean;
}

/** The part of a policy reference a link needs. */
export interface PolicyKeyParts {
  kind: string;
  /** '' (or '_') for cluster-wide policies. */
  namespace: string;
  name: string;
}
