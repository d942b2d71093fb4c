'use client';
// Export of the current list as Hubble JSON lines, and import of such a file (or a
// `hubble observe -o json` capture) into Flowscope's history.
import { useRef, useState } from 'react';
import Link from 'next/link';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { flowsExportUrl, importFlows } from '@/lib/flows/queries';
import { formatCount } from '@/lib/flows/format-flow';
import type { TimeWindow } from '@/lib/time-window/time-window';
import { pinWindow, windowPairs } from '@/lib/time-window/time-window';
import { queryString } from '@/lib/url-params';
import type { ImportResult } from '@/lib/api/types';

export function FlowsTransfer({ q, window }: { q: string; window: TimeWindow }) {
  const queryClient = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [exportHref, setExportHref] = useState<string | undefined>();
  const upload = useMutation({
    mutationFn: importFlows,
    // Every view reads the store (list, timeline, map, policies, the history footer): all
    // of them refetch, so imported flows show without a reload.
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const result = upload.data;
  return (
    <div className="flows-transfer">
      <a
        className="button"
        data-testid="flows-export"
        // Pinned at click time, so the file holds exactly the flows of the window shown.
        href={exportHref ?? flowsExportUrl(q, window)}
        onClick={() => setExportHref(flowsExportUrl(q, pinWindow(window, Date.now())))}
        download
      >
        Export
      </a>
      <button type="button" className="button" onClick={() => fileRef.current?.click()}>
        Import…
      </button>
      <input
        ref={fileRef}
        type="file"
        accept=".json,.jsonl,.ndjson,application/json,application/x-ndjson"
        hidden
        data-testid="flows-import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) upload.mutate(file);
          e.target.value = '';
        }}
      />
      {upload.isPending ? <span className="muted">importing…</span> : null}
      {result ? <ImportSummary result={result} /> : null}
      {upload.error ? (
        <span className="flows-error" role="alert" data-testid="flows-import-error">
          Import failed: {upload.error.message}
        </span>
      ) : null}
    </div>
  );
}

/** /flows over the imported flows' own time span. */
function importedFlowsHref(r: ImportResult): string | undefined {
  if (r.from === undefined || r.to === undefined) return undefined;
  const pairs = windowPairs({ kind: 'absolute', from: r.from, to: r.to + 1 });
  return `/flows?${queryString(pairs)}`;
}

function ImportSummary({ result }: { result: ImportResult }) {
  const href = importedFlowsHref(result);
  return (
    <span className="muted" data-testid="flows-import-result" data-imported={result.imported}>
      imported {formatCount(result.imported)}
      {result.duplicates > 0 ? `, ${formatCount(result.duplicates)} already held` : ''}
      {result.notFlows > 0 ? `, ${formatCount(result.notFlows)} non-flow events left out` : ''}
      {href ? (
        <>
          {' '}
          <Link href={href} data-testid="flows-import-show">
            show them
          </Link>
        </>
      ) : null}
      {result.skipped > 0 ? (
        <details className="flows-import-refused" data-testid="flows-import-refused">
          <summary>{formatCount(result.skipped)} lines refused, nothing of them stored</summary>
          <ul>
            {result.errors.map((e) => (
              <li key={e.line}>
                line {e.line}: {e.error}
              </li>
            ))}
            {result.skipped > result.errors.length ? (
              <li>… and {formatCount(result.skipped - result.errors.length)} more</li>
            ) : null}
          </ul>
        </details>
      ) : null}
    </span>
  );
}
