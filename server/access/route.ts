// Route handlers of the API go through here: the viewer is resolved (or the request refused)
// before the handler runs, and the handler reads flows only through `flows`, which narrows
// every read to the viewer's namespaces. The store itself is not handed out, so a route
// cannot read around the viewer's scope by forgetting a filter.
import 'server-only';
import { config } from '@/server/config';
import { handleRoute } from '@/server/http/api-error';
import { getRuntime, type Runtime } from '@/server/runtime';
import type { FlowReader } from '@/server/store/flow-store';
import { scopedReader } from './scoped-reader';
import { resolveViewer, type Viewer } from './viewer';

export interface ViewerContext {
  viewer: Viewer;
  flows: FlowReader;
  rt: Omit<Runtime, 'store'>;
}

export function handleViewerRoute(
  req: Request,
  fn: (ctx: ViewerContext) => Promise<Response>,
): Promise<Response> {
  return handleRoute(async () => {
    const viewer = resolveViewer(config().access, req.headers);
    const rt = await getRuntime();
    return fn({ viewer, flows: scopedReader(rt.store, viewer.scope), rt });
  });
}
