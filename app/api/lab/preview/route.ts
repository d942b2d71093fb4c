import type { ImpactPreview, ImpactPreviewLine } from '@/lib/api/lab';
import { handleViewerRoute } from '@/server/access/route';
import { ApiError } from '@/server/http/api-error';
import { proposedPolicies } from '@/server/lab/apply-changes';
import { runPreview } from '@/server/lab/preview';
import { previewRegistry } from '@/server/lab/preview-registry';
import { readPreviewRequest } from '@/server/lab/preview-request';
import { errorFields, log } from '@/server/log';

export const dynamic = 'force-dynamic';

/**
 * What a draft's changes would do to the window's flows: NDJSON, progress lines while the
 * window is read, then the result (or an error). Problems in the changes are a 400.
 */
export function POST(req: Request): Promise<Response> {
  return handleViewerRoute(req, async ({ viewer, flows, rt }) => {
    const { window, changes } = await readPreviewRequest(req);
    const baseline = (await rt.policies()).policies();
    const { policies: proposed, problems } = proposedPolicies(baseline, changes);
    const first = problems[0];
    if (first) {
      const field = `changes[${first.change}]`;
      throw ApiError.badRequest(`${field}: line ${first.line}: ${first.message}`, field);
    }
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (line: ImpactPreviewLine) =>
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        try {
          const out = await runPreview({
            reader: flows,
            window,
            baseline,
            proposed,
            signal: req.signal,
            onProgress: (done, total) => send({ progress: { done, total } }),
          });
          const previewId = previewRegistry().add(viewer.scope, {
            window,
            flowIds: new Set(out.changedIds),
            idsTruncated: out.changedIdsTruncated,
          });
          const result: ImpactPreview = {
            previewId,
            window,
            totals: out.totals,
            groups: out.groups,
            truncated: out.truncated,
            listTruncated: out.changedIdsTruncated,
            problems,
          };
          send({ result });
        } catch (err) {
          if (req.signal.aborted) return;
          log.error('impact preview failed', errorFields(err));
          send({ error: 'the preview failed' });
        }
        controller.close();
      },
    });
    return new Response(stream, {
      headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' },
    });
  });
}
