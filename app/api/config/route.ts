import { getRuntime } from '@/server/runtime';
import { handleRoute } from '@/server/http/api-error';
import { rejectUnknownParams } from '@/server/http/flow-params';
import type { ClientConfig } from '@/lib/api/types';
import { accessInfo } from '@/server/access/viewer';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleRoute(async () => {
    rejectUnknownParams(new URL(req.url).searchParams, []);
    const rt = await getRuntime();
    const body: ClientConfig = {
      basePath: rt.config.basePath,
      mode: rt.status().mode,
      access: accessInfo(rt.config.access, req.headers),
      retention: {
        maxFlows: rt.config.retention.maxFlows,
        maxAgeMs: rt.config.retention.maxAgeMs,
      },
    };
    if (rt.config.publicUrl) body.publicUrl = rt.config.publicUrl;
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}
