// Path parameters and the response shape of the policy routes, kept out of app/ so the route
// handlers stay thin. Policy text goes out as JSON strings; the UI renders it as text.
import 'server-only';
import { ApiError } from '@/server/http/api-error';
import type { Policy } from './model';
import { POLICY_KINDS } from './model';
import { isNamespaceName } from '@/lib/namespace-name';
import type { PolicyDto, PolicyKind } from '@/lib/api/policy';

const KIND_ALIASES: Record<string, PolicyKind> = {
  cnp: 'CiliumNetworkPolicy',
  ciliumnetworkpolicy: 'CiliumNetworkPolicy',
  ccnp: 'CiliumClusterwideNetworkPolicy',
  ciliumclusterwidenetworkpolicy: 'CiliumClusterwideNetworkPolicy',
  netpol: 'NetworkPolicy',
  networkpolicy: 'NetworkPolicy',
};
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export interface PolicyKey {
  kind: PolicyKind;
  namespace: string;
  name: string;
}

/** `<kind>/<namespace or _>/<name>` from the URL; `_` stands for cluster-wide. */
export function parsePolicyKey(raw: { kind: string; namespace: string; name: string }): PolicyKey {
  const kind = KIND_ALIASES[raw.kind.toLowerCase()];
  if (!kind) {
    throw ApiError.badRequest(
      `kind: must be one of ${POLICY_KINDS.join(', ')} (or cnp, ccnp, netpol)`,
      'kind',
    );
  }
  const clusterwide = kind === 'CiliumClusterwideNetworkPolicy';
  const namespace = raw.namespace === '_' ? '' : raw.namespace;
  if (clusterwide !== (namespace === '')) {
    throw ApiError.badRequest(
      clusterwide
        ? 'namespace: cluster-wide policies have none, use "_"'
        : 'namespace: a namespaced policy needs its namespace',
      'namespace',
    );
  }
  if (namespace && !isNamespaceName(namespace)) {
    throw ApiError.badRequest('namespace: not a namespace name', 'namespace');
  }
  if (!NAME.test(raw.name)) throw ApiError.badRequest('name: not a policy name', 'name');
  return { kind, namespace, name: raw.name };
}

export function policyDto(p: Policy): PolicyDto {
  const dto: PolicyDto = {
    id: p.id,
    kind: p.kind,
    namespace: p.namespace,
    name: p.name,
    source: p.source,
    yaml: p.yaml,
    rules: p.rules.map((r) => ({
      id: r.id,
      direction: r.direction,
      action: r.action,
      lines: r.lines,
      unsupported: r.unsupported,
    })),
  };
  if (p.revision !== undefined) dto.revision = p.revision;
  return dto;
}
