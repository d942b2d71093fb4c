// Links of the flow detail view: only to Flowscope's own routes, each flow-controlled
// segment passed through encodeURIComponent so a crafted name cannot change the path
// (`..`, `/`, `?`, `#` all stay inside their segment).
import type { ClientConfig } from '@/lib/api/types';
import type { PolicyRef } from '@/lib/api/flow-record';

/** Path of a flow's permalink page, e.g. `/flows/3f6d...`; Next's Link adds the base path. */
export function flowPath(id: string): string {
  return `/flows/${encodeURIComponent(id)}`;
}

function segment(value: string, empty: string): string {
  return value === '' ? empty : encodeURIComponent(value);
}

// `.` and `..` survive encodeURIComponent, and URL parsers resolve them (even as %2E%2E)
// as path steps. No Kubernetes object or kind can be named so, so such refs get no link.
function isDotSegment(value: string): boolean {
  return value === '.' || value === '..';
}

/**
 * Path of a policy's page: `/policies/<kind>/<namespace or _>/<name>`; undefined when a
 * part could only be a path step (`.` or `..`), which no real policy has. With `flowId`
 * the page opens on that flow (`?flow=<id>`), so the rule that decided it is highlighted.
 */
export function policyPath(
  policy: Pick<PolicyRef, 'kind' | 'namespace' | 'name'>,
  flowId?: string,
): string | undefined {
  if ([policy.kind, policy.namespace, policy.name].some(isDotSegment)) return undefined;
  const kind = segment(policy.kind, 'unknown');
  const path = `/policies/${kind}/${segment(policy.namespace, '_')}/${segment(policy.name, '_')}`;
  return flowId ? `${path}?flow=${encodeURIComponent(flowId)}` : path;
}

/** The fragment naming one rule on a policy page: `rule-egressDeny-0` for `egressDeny[0]`. */
export function ruleAnchor(ruleId: string): string {
  return `rule-${ruleId.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '')}`;
}

/**
 * A policy's page opened on one rule (`#rule-<id>`): the page scrolls to that rule and
 * highlights it, whether or not it decided the flow (a nearest allow rule did not).
 */
export function policyRulePath(
  policy: Pick<PolicyRef, 'kind' | 'namespace' | 'name'>,
  ruleId: string,
  flowId?: string,
): string | undefined {
  const path = policyPath(policy, flowId);
  return path ? `${path}#${ruleAnchor(ruleId)}` : undefined;
}

/** The rule a page fragment names, among the policy's rule ids. */
export function ruleFromHash(hash: string, ruleIds: readonly string[]): string | undefined {
  const fragment = hash.replace(/^#/, '');
  if (!fragment) return undefined;
  return ruleIds.find((id) => ruleAnchor(id) === fragment);
}

/**
 * The absolute link to share: the deployment's public URL when configured (it includes
 * the base path), else this browser's origin plus the build's base path.
 */
export function flowShareUrl(
  id: string,
  config: Pick<ClientConfig, 'publicUrl' | 'basePath'> | undefined,
  origin: string,
): string {
  const base = config?.publicUrl
    ? config.publicUrl.replace(/\/+$/, '')
    : `${origin}${config?.basePath ?? process.env.NEXT_PUBLIC_BASE_PATH ?? ''}`;
  return `${base}${flowPath(id)}`;
}
