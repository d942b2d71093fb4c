// Links of the flow detail view: only to Flowscope's own routes, each flow-controlled
// segment passed through encodeURIComponent so a crafted name cannot change the path
// (`..`, `/`, `?`, `#` all stay inside their segment).
import type { ClientConfig } from './api-types';
import type { PolicyRef } from './flow-record';

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
