// The report page's parameters: the scope (namespaces or a label selector) and the window,
// read from and written to the URL so a link reproduces the report. Relative windows are
// pinned when the report is generated: the same link then shows the same flows later.
import { listParam } from '@/lib/url-params';
import { pinWindow, windowParams, type TimeWindow } from '@/lib/time-window/time-window';

export type ScopeMode = 'namespaces' | 'selector';

export interface ReportForm {
  mode: ScopeMode;
  /** Comma-separated namespaces, as typed. */
  namespaces: string;
  selector: string;
}

export function formFromParams(params: URLSearchParams): ReportForm {
  const selector = params.get('selector') ?? '';
  const namespaces = listParam(params, 'namespace').join(',');
  return { mode: selector && !namespaces ? 'selector' : 'namespaces', namespaces, selector };
}

/** The report's query string, or the reason the form cannot make one. */
export function reportQuery(
  form: ReportForm,
  window: TimeWindow,
  now: number,
): { ok: true; query: string } | { ok: false; error: string } {
  const params = new URLSearchParams();
  if (form.mode === 'namespaces') {
    const list = form.namespaces
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    if (list.length === 0) return { ok: false, error: 'name at least one namespace' };
    params.set('namespace', [...new Set(list)].join(','));
  } else {
    const selector = form.selector.trim();
    if (!selector) return { ok: false, error: 'give a label selector such as pci-zone=cde' };
    params.set('selector', selector);
  }
  for (const [k, v] of Object.entries(windowParams(pinWindow(window, now)))) params.set(k, v);
  return { ok: true, query: params.toString() };
}

/** Whether the page's URL already names a scope (the report can be generated as it is). */
export function hasScope(params: URLSearchParams): boolean {
  return listParam(params, 'namespace').length > 0 || Boolean(params.get('selector')?.trim());
}

export function reportApiPath(query: string, format: 'json' | 'csv' = 'json'): string {
  return format === 'json' ? `/api/report?${query}` : `/api/report?${query}&format=${format}`;
}

/** `1 234 allowed · 56 denied`, the counts a row shows. */
export function countsText(c: { allowed: number; denied: number; other: number }): string {
  const parts = [`${c.allowed} allowed`, `${c.denied} denied`];
  if (c.other > 0) parts.push(`${c.other} other`);
  return parts.join(' · ');
}
