'use client';
// Export of the current list as Hubble JSON lines, and import of such a file (or a
// `hubble observe -o json` capture) into Flowscope's history.
import { useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { flowsExportUrl, importFlows } from '@/lib/queries';
import { queryKeys } from '@/lib/query-keys';
import { formatCount } from '@/lib/format-flow';
import type { TimeWindow } from '@/lib/time-window';
import { pinWindow } from '@/lib/time-window';

export function FlowsTransfer({ q, window }: { q: string; window: TimeWindow }) {
  const queryClient = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [exportHref, setExportHref] = useState<string | undefined>();
  const upload = useMutation({
    mutationFn: importFlows,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.flows.all() }),
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
      {result ? (
        <span className="muted" data-testid="flows-import-result" data-imported={result.imported}>
          imported {formatCount(result.imported)}
          {result.duplicates > 0 ? `, ${formatCount(result.duplicates)} already held` : ''}
          {result.skipped > 0
            ? `, ${formatCount(result.skipped)} bad lines (first: line ${result.errors[0]?.line}: ${result.errors[0]?.error})`
            : ''}
        </span>
      ) : null}
      {upload.error ? (
        <span className="flows-error" role="alert" data-testid="flows-import-error">
          Import failed: {upload.error.message}
        </span>
      ) : null}
    </div>
  );
}
