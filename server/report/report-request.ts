// GET /api/report: parameters (a scope of namespaces or a label selector, the window, the
// format) checked into a report request, the viewer's access applied, the answer as JSON or
// CSV. A namespace the viewer may not see is refused (403); a selector is looked for only in
// the viewer's namespaces.
import 'server-only';
import type { ViewerContext } from '@/server/access/route';
import { policyInScope, type Scope } from '@/server/access/viewer';
import { parseLabelSelector } from '@/server/filter/label-selector';
import { ApiError } from '@/server/http/api-error';
import { rejectUnknownParams } from '@/server/http/flow-params';
import { WINDOW_PARAMS, parseNamespaces, parseWindow } from '@/server/http/view-params';
import { reportCsv } from './csv';
import { evidenceReport, type ScopeRequest } from './evidence';

export const REPORT_PARAMS = [...WINDOW_PARAMS, 'namespace', 'selector', 'format'] as const;

const MAX_SELECTOR = 500;

export function parseReportScope(params: URLSearchParams, viewer: Scope): ScopeRequest {
  const namespaces = parseNamespaces(params);
  const selectorText = params.get('selector')?.trim();
  if (namespaces && selectorText) {
    throw ApiError.badRequest('give either namespace or selector, not both', 'selector');
  }
  if (selectorText) {
    if (selectorText.length > MAX_SELECTOR) {
      throw ApiError.badRequest(`selector: longer than ${MAX_SELECTOR} characters`, 'selector');
    }
    const parsed = parseLabelSelector(selectorText);
    if (!parsed.ok) throw ApiError.badRequest(`selector: ${parsed.error}`, 'selector');
    return { kind: 'selector', selector: selectorText, reqs: parsed.reqs };
  }
  if (!namespaces) {
    throw ApiError.badRequest(
      'the report needs a scope: namespace=a,b or selector=key=value',
      'namespace',
    );
  }
  const hidden = viewer ? namespaces.filter((n) => !viewer.includes(n)) : [];
  if (hidden.length > 0) {
    throw new ApiError(
      403,
      `you may not report on namespace ${hidden.join(', ')}: it is not among the namespaces you can see`,
      'namespace',
    );
  }
  return { kind: 'namespaces', namespaces: [...new Set(namespaces)] };
}

function formatOf(params: URLSearchParams): 'json' | 'csv' {
  const f = params.get('format') ?? 'json';
  if (f !== 'json' && f !== 'csv')
    throw ApiError.badRequest('format: must be json or csv', 'format');
  return f;
}

/** A file name made only of safe characters, whatever the scope's text. */
function fileName(scope: ScopeRequest, from: number, ext: string): string {
  const what = scope.kind === 'namespaces' ? scope.namespaces.join('-') : 'selector';
  const safe = what.replace(/[^a-z0-9-]/gi, '_').slice(0, 80);
  const day = new Date(from)
    .toISOString()
    .slice(0, 16)
    .replace(/[^0-9T]/g, '');
  return `flowscope-evidence-${safe}-${day}.${ext}`;
}

export async function answerReport(req: Request, ctx: ViewerContext): Promise<Response> {
  const params = new URL(req.url).searchParams;
  rejectUnknownParams(params, REPORT_PARAMS);
  const window = parseWindow(params);
  const format = formatOf(params);
  const scope = parseReportScope(params, ctx.viewer.scope);
  const source = await ctx.rt.policies();
  const report = evidenceReport({
    scope,
    window,
    viewerScope: ctx.viewer.scope,
    flows: ctx.flows,
    policies: source.policies().filter((p) => policyInScope(p, ctx.viewer.scope)),
    // Unrecovered ranges concern the whole cluster (nodes, the relay), as on the timeline.
    gaps: ctx.rt.gaps.overlapping(window.from, window.to),
  });
  if (format === 'csv') {
    return new Response(reportCsv(report), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${fileName(scope, window.from, 'csv')}"`,
        'cache-control': 'no-store',
      },
    });
  }
  return Response.json(report, { headers: { 'cache-control': 'no-store' } });
}
