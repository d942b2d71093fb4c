'use client';
// What a draft's changes would do to recorded traffic: run the preview over a window, watch
// it read the window, then the totals and the changed edges with the rules before and after.
// Workload names, rules and flow ids come from flows and policies: rendered as text only.
import { useEffect, useRef, useState } from 'react';
import Link from 'next/link';
import type { DraftChange, ImpactGroup, ImpactPreview as Preview } from '@/lib/api/lab';
import { cleanText, formatFlowTime } from '@/lib/flows/format-flow';
import {
  CHANGE_LABELS,
  changedFlowsHref,
  endpointText,
  portText,
  progressPercent,
  runImpactPreview,
} from '@/lib/lab/preview';
import type { TimeWindow } from '@/lib/time-window/time-window';
import styles from './preview.module.css';

export interface ImpactPreviewProps {
  changes: DraftChange[];
  window: TimeWindow;
}

type State =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number }
  | { phase: 'done'; result: Preview }
  | { phase: 'failed'; message: string };

function changeClass(g: ImpactGroup): string {
  if (g.change === 'newly-denied') return styles.denied ?? '';
  if (g.change === 'newly-allowed') return styles.allowed ?? '';
  return styles.other ?? '';
}

function time(rfc3339: string): string {
  const ts = Date.parse(rfc3339);
  return Number.isFinite(ts) ? formatFlowTime(ts) : cleanText(rfc3339);
}

function GroupRow({ g }: { g: ImpactGroup }) {
  return (
    <tr data-testid="impact-group" data-change={g.change}>
      <td data-testid="impact-edge">
        {cleanText(endpointText(g.source))} → {cleanText(endpointText(g.destination))}
      </td>
      <td className={styles.mono} data-testid="impact-port">
        {cleanText(portText(g.port, g.protocol))}
      </td>
      <td className={changeClass(g)} data-testid="impact-change" title={cleanText(g.reason ?? '')}>
        {CHANGE_LABELS[g.change]}
        {g.reason ? <div className={styles.mono}>{cleanText(g.reason)}</div> : null}
      </td>
      <td data-testid="impact-count">{g.count}</td>
      <td className={styles.mono}>
        {time(g.firstSeen)} – {time(g.lastSeen)}
      </td>
      <td className={styles.mono} data-testid="impact-rules">
        {cleanText(g.oldRule)} → {cleanText(g.newRule)}
      </td>
      <td>
        {g.examples.map((id) => (
          <div key={id}>
            <Link
              href={`/flows/${encodeURIComponent(id)}`}
              className={`${styles.link} ${styles.mono}`}
              prefetch={false}
              data-testid="impact-example"
            >
              {cleanText(id)}
            </Link>
          </div>
        ))}
      </td>
    </tr>
  );
}

function Result({ result }: { result: Preview }) {
  const t = result.totals;
  return (
    <>
      <p className={styles.totals} data-testid="impact-totals">
        <span>{t.flows} flows read</span>
        <span data-testid="impact-evaluated">{t.evaluated} decisions evaluated</span>
        <span>{t.unchanged} unchanged</span>
        <span className={styles.denied} data-testid="impact-newly-denied">
          {t.newlyDenied} newly denied
        </span>
        <span className={styles.allowed}>{t.newlyAllowed} newly allowed</span>
        <span>{t.ruleChanged} rule changed</span>
        <span>{t.uncertain} uncertain</span>
      </p>
      {result.truncated ? (
        <p className={styles.note} data-testid="impact-truncated">
          The window holds more flows than one preview reads; its newest flows were left out.
        </p>
      ) : null}
      {result.groups.length === 0 ? (
        <p className={styles.note} data-testid="impact-none">
          No decision of the window would change.
        </p>
      ) : (
        <>
          <Link
            href={changedFlowsHref(result.previewId)}
            className={styles.link}
            data-testid="impact-changed-flows"
          >
            Only changed flows
          </Link>
          <table className={styles.table} data-testid="impact-groups">
            <thead>
              <tr>
                <th>Edge</th>
                <th>Port</th>
                <th>Change</th>
                <th>Flows</th>
                <th>First – last seen</th>
                <th>Old → new rule</th>
                <th>Examples</th>
              </tr>
            </thead>
            <tbody>
              {result.groups.map((g) => (
                <GroupRow key={g.key} g={g} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

export function ImpactPreview({ changes, window }: ImpactPreviewProps) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const run = () => {
    abort.current?.abort();
    const ctl = new AbortController();
    abort.current = ctl;
    setState({ phase: 'running', done: 0, total: 0 });
    runImpactPreview({
      changes,
      window,
      signal: ctl.signal,
      onProgress: (done, total) => setState({ phase: 'running', done, total }),
    }).then(
      (result) => !ctl.signal.aborted && setState({ phase: 'done', result }),
      (err: unknown) =>
        !ctl.signal.aborted &&
        setState({ phase: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
  };

  return (
    <section className={styles.panel} data-testid="impact-preview">
      <h2 className={styles.panelTitle}>Impact on recorded traffic</h2>
      <div className={styles.row}>
        <button
          type="button"
          onClick={run}
          disabled={state.phase === 'running' || changes.length === 0}
          data-testid="impact-run"
        >
          Run preview
        </button>
        {state.phase === 'running' ? (
          <>
            <progress
              className={styles.progress}
              max={100}
              value={progressPercent(state.done, state.total)}
              data-testid="impact-progress"
              aria-label="Flows read"
            />
            <span>
              {state.done} / {state.total} flows
            </span>
          </>
        ) : null}
      </div>
      {state.phase === 'failed' ? (
        <p className={styles.error} role="alert" data-testid="impact-error">
          {cleanText(state.message)}
        </p>
      ) : null}
      {state.phase === 'done' ? <Result result={state.result} /> : null}
    </section>
  );
}
