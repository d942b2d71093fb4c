// Route handlers that answer with flow data go through here: the viewer is resolved (or the
// request refused) before the handler runs, and the handler narrows every read to its scope.
import { config } from '@/server/config';
import { handleRoute } from '@/server/http/api-error';
import { resolveViewer, type Viewer } from './viewer';

export function handleViewerRoute(
  req: Request,
  fn: (viewer: Viewer) => Promise<Response>,
): Promise<Response> {
  return handleRoute(() => fn(resolveViewer(config().access, req.headers)));
}
