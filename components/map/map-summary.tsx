// The counts of a node or link, as the tooltip and the detail panel show them: flows per
// verdict, replies, drop reasons, top L7 (methods, status classes, paths, DNS names) and
// first/last seen. Everything is React text; names pass through cleanText.
import type { EdgeL7 } from '@/lib/api/aggregate';
import { cleanText, formatCount, formatFlowDateTime } from '@/lib/flows/format-flow';
import type { EdgeCounts } from '@/lib/map/merge';
import styles from './map-panel.module.css';

export interface SummaryData {
  counts: EdgeCounts;
  dropReasons?: Record<string, number>;
  l7?: EdgeL7;
  ports?: string[];
  firstSeen?: number;
  lastSeen?: number;
}

const VERDICT_ROWS = [
  ['forwarded', 'Forwarded', styles.vForwarded],
  ['dropped', 'Dropped', styles.vDropped],
  ['audit', 'Audit', styles.vCaution],
  ['error', 'Error', styles.vDropped],
  ['redirected', 'Redirected', styles.vForwarded],
  ['other', 'Other', styles.vCaution],
  ['replies', 'Replies', styles.vMuted],
] as const;

function top(record: Record<string, number>, n: number): [string, number][] {
  return Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
}

function Pairs({ title, items }: { title: string; items: [string, number][] }) {
  if (items.length === 0) return null;
  return (
    <div className={styles.summaryBlock}>
      <div className={styles.summaryTitle}>{title}</div>
      <ul className={styles.pairs}>
        {items.map(([k, v]) => (
          <li key={k}>
            <span className={styles.pairKey}>{cleanText(k)}</span>
            <span className={styles.pairValue}>{formatCount(v)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function MapSummary({ data, compact = false }: { data: SummaryData; compact?: boolean }) {
  const n = compact ? 3 : 8;
  const { counts, l7 } = data;
  return (
    <div className={styles.summary}>
      <dl className={styles.verdicts} data-testid="map-counts">
        {VERDICT_ROWS.filter(([k]) => counts[k] > 0 || k === 'forwarded' || k === 'dropped').map(
          ([k, label, cls]) => (
            <div key={k} className={styles.verdictRow} data-verdict={k} data-count={counts[k]}>
              <dt className={cls}>{label}</dt>
              <dd>{formatCount(counts[k])}</dd>
            </div>
          ),
        )}
      </dl>
      {data.ports && data.ports.length > 0 ? (
        <div className={styles.summaryLine}>
          <span className={styles.summaryTitle}>Ports</span>{' '}
          {data.ports.slice(0, n).map(cleanText).join(', ')}
          {data.ports.length > n ? ` +${data.ports.length - n}` : ''}
        </div>
      ) : null}
      <Pairs title="Drop reasons" items={top(data.dropReasons ?? {}, n)} />
      {l7 ? (
        <>
          <Pairs title="HTTP methods" items={top(l7.httpMethods, n)} />
          <Pairs title="HTTP status" items={top(l7.httpStatus, n)} />
          <Pairs
            title="HTTP paths"
            items={l7.httpPaths.slice(0, n).map((p) => [p.path, p.count])}
          />
          <Pairs
            title="DNS names"
            items={l7.dnsQueries.slice(0, n).map((q) => [q.query, q.count])}
          />
        </>
      ) : null}
      {data.firstSeen && data.lastSeen ? (
        <div className={styles.summaryLine}>
          <span className={styles.summaryTitle}>Seen</span> {formatFlowDateTime(data.firstSeen)} –{' '}
          {formatFlowDateTime(data.lastSeen)}
        </div>
      ) : null}
    </div>
  );
}
