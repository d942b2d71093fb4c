// The browser side of the impact preview: the POST whose NDJSON answer is read line by line
// as it streams (progress, then the result), the changed-flow list of a preview, and the
// words the table shows. Everything shown comes from flows and policies: text only.
import { queryOptions } from '@tanstack/react-query';
import type {
  DraftChange,
  ImpactChangeKind,
  ImpactEndpoint,
  ImpactPreview,
  ImpactPreviewLine,
} from '@/lib/api/lab';
import type { FlowsPage } from '@/lib/api/types';
import {
  ApiError,
  apiUrl,
  getJson,
  isApiErrorBody,
  retryUnlessClientError,
} from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { windowParams, type TimeWindow } from '@/lib/time-window/time-window';

/** Splits streamed text into whole lines; the unfinished tail waits for the next chunk. */
export class LineSplitter {
  private rest = '';

  push(text: string): string[] {
    const parts = (this.rest + text).split('\n');
    this.rest = parts.pop() ?? '';
    return parts.filter((l) => l.trim() !== '');
  }

  end(): string[] {
    const tail = this.rest.trim();
    this.rest = '';
    return tail ? [tail] : [];
  }
}

export function parsePreviewLine(line: string): ImpactPreviewLine {
  const v = JSON.parse(line) as unknown;
  if (typeof v === 'object' && v !== null) {
    if ('progress' in v || 'result' in v || 'error' in v) return v as ImpactPreviewLine;
  }
  throw new Error('the preview answered a line it should not');
}

export interface RunPreviewOptions {
  changes: DraftChange[];
  window: TimeWindow;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export async function runImpactPreview(opts: RunPreviewOptions): Promise<ImpactPreview> {
  const res = await fetch(apiUrl('/api/lab/preview'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' },
    body: JSON.stringify({ ...windowParams(opts.window), changes: opts.changes }),
    signal: opts.signal,
  });
  if (!res.ok || !res.body) {
    const body: unknown = await res.json().catch(() => undefined);
    if (isApiErrorBody(body)) throw new ApiError(res.status, body.error, body.param);
    throw new ApiError(res.status, `${res.status} ${res.statusText}`.trim());
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const lines = new LineSplitter();
  const handle = (line: string): ImpactPreview | undefined => {
    const l = parsePreviewLine(line);
    if ('progress' in l) opts.onProgress?.(l.progress.done, l.progress.total);
    else if ('error' in l) throw new ApiError(500, l.error);
    else return l.result;
    return undefined;
  };
  for (;;) {
    const { done, value } = await reader.read();
    for (const line of done ? lines.end() : lines.push(value)) {
      const result = handle(line);
      if (result) return result;
    }
    if (done) throw new ApiError(500, 'the preview ended without a result');
  }
}

/** The page listing a preview's changed flows. */
export function changedFlowsHref(previewId: string): string {
  return `/lab/preview/flows?${new URLSearchParams({ preview: previewId }).toString()}`;
}

export const CHANGED_FLOWS_LIMIT = 1000;

export function changedFlowsQueryOptions(previewId: string) {
  const params = new URLSearchParams({ preview: previewId, limit: String(CHANGED_FLOWS_LIMIT) });
  return queryOptions({
    queryKey: queryKeys.lab.previewFlows(previewId),
    queryFn: ({ signal }) => getJson<FlowsPage>(`/api/flows?${params.toString()}`, signal),
    staleTime: Infinity,
    retry: retryUnlessClientError,
  });
}

/** `shop/frontend`, or for a peer without a workload its name or label. */
export function endpointText(ep: ImpactEndpoint): string {
  if (ep.workload) return `${ep.namespace}/${ep.workload}`;
  return ep.label ?? (ep.namespace || '?');
}

export function portText(port: number | undefined, protocol: string): string {
  return port === undefined ? protocol : `${port}/${protocol}`;
}

export const CHANGE_LABELS: Record<ImpactChangeKind, string> = {
  'newly-denied': 'newly denied',
  'newly-allowed': 'newly allowed',
  'rule-changed': 'rule changed',
  uncertain: 'uncertain',
};

/** Whole percent of the window read; 0 before the total is known. */
export function progressPercent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((done / total) * 100));
}
