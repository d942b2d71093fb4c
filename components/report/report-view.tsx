'use client';
// The evidence report page: a scope (namespaces or a label selector) and a window, generated
// on demand. Generating pins the window and writes every parameter into the URL, so the link
// reproduces the report. The sections render names and labels from flows as text only.
import { useState, type FormEvent } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { TimeWindowPicker } from '@/components/time-window/time-window-picker';
import { ApiError, apiUrl } from '@/lib/api-client';
import { reportQueryOptions } from '@/lib/report/queries';
import { formFromParams, reportApiPath, reportQuery, type ReportForm } from '@/lib/report/view';
import { useTimeWindow } from '@/lib/time-window/use-time-window';
import { ReportSections } from './report-sections';
import styles from './report.module.css';

export function ReportView() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { window } = useTimeWindow();
  const [form, setForm] = useState<ReportForm>(() =>
    formFromParams(new URLSearchParams(searchParams.toString())),
  );
  const [requested, setRequested] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const report = useQuery({ ...reportQueryOptions(requested ?? ''), enabled: requested !== null });

  const generate = (e: FormEvent) => {
    e.preventDefault();
    const q = reportQuery(form, window, Date.now());
    if (!q.ok) {
      setFormError(q.error);
      return;
    }
    setFormError(null);
    router.replace(`${pathname}?${q.query}`, { scroll: false });
    setRequested(q.query);
    if (q.query === requested) void report.refetch();
  };

  const loading = requested !== null && report.isFetching;
  const error = report.error;
  return (
    <div className={styles.page} data-report-page>
      <div className={styles.view}>
        <h1 className={styles.title}>Segmentation evidence report</h1>
        <form
          className={styles.form}
          onSubmit={generate}
          data-print-hide
          data-testid="report-form"
          aria-label="Report scope and window"
        >
          <div className={styles.row} role="radiogroup" aria-label="Scope">
            <label>
              <input
                type="radio"
                name="mode"
                checked={form.mode === 'namespaces'}
                onChange={() => setForm({ ...form, mode: 'namespaces' })}
                data-testid="report-mode-namespaces"
              />{' '}
              Namespaces
            </label>
            <label>
              <input
                type="radio"
                name="mode"
                checked={form.mode === 'selector'}
                onChange={() => setForm({ ...form, mode: 'selector' })}
                data-testid="report-mode-selector"
              />{' '}
              Label selector
            </label>
            {form.mode === 'namespaces' ? (
              <input
                className={styles.input}
                value={form.namespaces}
                onChange={(e) => setForm({ ...form, namespaces: e.target.value })}
                placeholder="payments, cde"
                aria-label="Namespaces (comma-separated)"
                data-testid="report-namespaces"
              />
            ) : (
              <input
                className={styles.input}
                value={form.selector}
                onChange={(e) => setForm({ ...form, selector: e.target.value })}
                placeholder="pci-zone=cde"
                aria-label="Label selector"
                data-testid="report-selector"
              />
            )}
          </div>
          <TimeWindowPicker />
          <div className={styles.row}>
            <button
              type="submit"
              className="button primary"
              disabled={loading}
              data-testid="report-generate"
            >
              Generate
            </button>
            {requested !== null && report.data ? (
              <>
                <a
                  className="button"
                  href={apiUrl(reportApiPath(requested, 'csv'))}
                  download
                  data-testid="report-download-csv"
                >
                  Download CSV
                </a>
                <a
                  className="button"
                  href={apiUrl(reportApiPath(requested))}
                  download="flowscope-evidence.json"
                  data-testid="report-download-json"
                >
                  Download JSON
                </a>
                <button type="button" className="button" onClick={() => globalThis.print()}>
                  Print
                </button>
              </>
            ) : null}
            {formError ? (
              <span className={styles.error} role="alert" data-testid="report-form-error">
                {formError}
              </span>
            ) : null}
          </div>
        </form>
        {loading ? (
          <div className={styles.progress} role="status" data-testid="report-progress">
            <span className={styles.spinner} aria-hidden />
            Generating the report…
          </div>
        ) : null}
        {error && !loading ? (
          <div className={styles.error} role="alert" data-testid="report-error">
            {error instanceof ApiError ? error.message : 'The report could not be generated.'}
          </div>
        ) : null}
        {report.data && !loading ? <ReportSections report={report.data} /> : null}
        {requested === null ? (
          <p className={styles.muted} data-print-hide>
            Choose the scope and the window, then Generate. The URL then reproduces the report.
          </p>
        ) : null}
      </div>
    </div>
  );
}
