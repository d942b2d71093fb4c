// Path parameters of the policy routes: `<kind>/<namespace or _>/<name>`, refused with 400
// answers that name the bad parameter.
import 'server-only';
import { isNamespaceName } from '@/lib/namespace-name';
import type { PolicyKind } from '@/lib/api/policy';
import { POLICY_KINDS } from '@/server/policies/model';
import type { PolicyKey } from '@/server/policies/route-params';
import { ApiError } from './api-error';

const KIND_ALIASES: Record<string, PolicyKind> = {
  cnp: 'CiliumNetworkPolicy',
  ciliumnetworkpolicy: 'CiliumNetworkPolicy',
  ccnp: 'CiliumClusterwideNetworkPolicy',
  ciliumclusterwidenetworkpolicy: 'CiliumClusterwideNetworkPolicy',
  netpol: 'NetworkPolicy',
  networkpolicy: 'NetworkPolicy',
};
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

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
