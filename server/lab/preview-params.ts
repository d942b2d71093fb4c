// The `preview` parameter of the flow list: the changed flows of an impact preview the
// viewer ran, as a scan restriction (their ids, within the window the preview read).
import 'server-only';
import type { Scope } from '@/server/access/viewer';
import { ApiError } from '@/server/http/api-error';
import { MAX_PREVIEWS, isPreviewId, previewRegistry } from './preview-registry';

export function previewFlows(
  params: URLSearchParams,
  scope: Scope,
  window: { from: number; to: number },
): { flowIds?: ReadonlySet<string>; from?: number; to?: number } {
  const id = params.get('preview');
  if (id === null) return {};
  if (!isPreviewId(id)) {
    throw ApiError.badRequest(`preview: "${id.slice(0, 40)}" is not a preview id`, 'preview');
  }
  const p = previewRegistry().get(id, scope);
  if (!p) {
    throw new ApiError(
      404,
      `preview: ${id} is not kept (the server keeps the last ${MAX_PREVIEWS} previews); run the preview again`,
      'preview',
    );
  }
  return {
    flowIds: p.flowIds,
    from: Math.max(window.from, p.window.from),
    to: Math.min(window.to, p.window.to),
  };
}
