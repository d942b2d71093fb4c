// Cilium agent settings that change policy decisions, with Cilium's defaults. They are
// Flowscope settings (FLOWSCOPE_ALLOW_LOCALHOST, FLOWSCOPE_POLICY_ENFORCEMENT) because the agent
// does not report them; set them to what the cluster's agents run with.
//
// - allow-localhost: the agent's `--allow-localhost` is `auto` by default, and in Kubernetes
//   mode `auto` becomes `always` (daemon/cmd: "k8s mode: Allowing localhost to reach local
//   endpoints"). `always` puts an allow entry for the local host identity into every
//   endpoint's ingress map state (pkg/policy mapstate determineAllowLocalhostIngress) at the
//   lowest precedence, so a deny rule still wins over it. `policy` treats the host as any peer.
// - policy enforcement (`--enable-policy`): `default` enforces a direction once a policy
//   selects the endpoint there; `always` enforces every endpoint, selected or not; `never`
//   enforces nothing.
import 'server-only';

export type AllowLocalhost = 'always' | 'policy';
export type PolicyEnforcement = 'default' | 'always' | 'never';

export interface AgentSettings {
  allowLocalhost: AllowLocalhost;
  enforcement: PolicyEnforcement;
}

export const CILIUM_DEFAULT_SETTINGS: AgentSettings = Object.freeze({
  allowLocalhost: 'always',
  enforcement: 'default',
});

let current: AgentSettings = CILIUM_DEFAULT_SETTINGS;

/** Set once at start from the configuration. */
export function setAgentSettings(settings: AgentSettings): void {
  current = Object.freeze({ ...settings });
}

export function agentSettings(): AgentSettings {
  return current;
}
