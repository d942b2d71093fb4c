'use client';
// The policy's rules with what each allowed and denied in the window (in total, on its
// busiest edges and over time), its unsupported constructs, and a mark on rules that
// matched nothing. Clicking a rule highlights its YAML.
import Link from 'next/link';
import { ruleAnchor } from '@/lib/flow-detail/links';
import { linesText } from '@/lib/policy/explanation';
import { ruleSourceText, type RuleRow } from '@/lib/policy/rules';
import { RuleEdges } from './rule-edges';
import { RuleSeries, type SeriesTimeline } from './rule-series';
import styles from './policy.module.css';
import usageStyles from './rule-usage.module.css';

function Count({ label, count, testId }: { label: string; count: number; testId: string }) {
  return (
    <span data-testid={testId} data-count={count}>
      {label} <strong>{count}</strong>
    </span>
  );
}

function RuleItem({
  row,
  selected,
  linked,
  onSelect,
  timeline,
}: {
  row: RuleRow;
  selected: boolean;
  linked: boolean;
  onSelect: () => void;
  timeline: SeriesTimeline;
}) {
  return (
    <li
      id={ruleAnchor(row.id)}
      className={styles.rule}
      data-testid="policy-rule"
      data-rule-id={row.id}
      data-linked={linked ? 'true' : undefined}
      data-selected={selected ? 'true' : undefined}
      data-unused={row.unused ? 'true' : undefined}
      data-matched-flow={row.matchedFlow ? 'true' : undefined}
    >
      <button
        type="button"
        className={styles.ruleButton}
        aria-pressed={selected}
        data-testid="policy-rule-select"
        onClick={onSelect}
      >
        <span className={styles.ruleHead}>
          <span className={styles.ruleId}>{row.id}</span>
          <span className={styles.tag}>{row.direction}</span>
          <span className={`${styles.tag} ${row.action === 'deny' ? styles.deny : styles.allow}`}>
            {row.action}
          </span>
          <span className={styles.muted}>{linesText(row.lines)}</span>
          {linked ? (
            <span className={`${styles.tag} ${styles.linkedTag}`} data-testid="rule-linked">
              the linked rule
            </span>
          ) : null}
          {row.matchedFlow ? (
            <span className={styles.tag} data-testid="rule-matched-flow">
              decided the chosen flow
            </span>
          ) : null}
        </span>
        <span className={styles.counts}>
          <Count label="allowed" count={row.allowed} testId="rule-allowed" />
          <Count label="denied" count={row.denied} testId="rule-denied" />
          {ruleSourceText(row) ? (
            <span
              className={styles.muted}
              data-testid="rule-source"
              data-reported={row.reportedByHubble}
            >
              {ruleSourceText(row)}
            </span>
          ) : null}
          {row.unused ? (
            <span className={`${styles.tag} ${styles.unused}`} data-testid="rule-unused">
              matched nothing in the window
            </span>
          ) : null}
        </span>
        {row.unsupported.length > 0 ? (
          <span className={styles.muted} data-testid="rule-unsupported">
            Not evaluated by Flowscope: {row.unsupported.join(', ')}
          </span>
        ) : null}
      </button>
      {/* Outside the button: its links must stay links, not parts of a button. */}
      {row.allowed + row.denied > 0 ? (
        <div className={usageStyles.usage}>
          <Link href={row.flowsHref} className={styles.link} data-testid="rule-flows">
            Decisions of this rule
          </Link>
          <RuleSeries series={row.series} timeline={timeline} />
          <RuleEdges edges={row.edges} edgeCount={row.edgeCount} window={timeline.window} />
        </div>
      ) : null}
    </li>
  );
}

export interface PolicyRulesProps {
  rows: readonly RuleRow[];
  selected: string | undefined;
  /** The rule the page's link named (`#rule-<id>`). */
  linked?: string | undefined;
  onSelect: (ruleId: string) => void;
  /** The window the counts cover and the series' buckets; edge links pin this window. */
  timeline: SeriesTimeline;
}

export function PolicyRules({ rows, selected, linked, onSelect, timeline }: PolicyRulesProps) {
  return (
    <section className={styles.panel} data-testid="policy-rules" aria-label="Rules">
      <h2 className={styles.panelTitle}>Rules ({rows.length})</h2>
      {rows.length === 0 ? (
        <p className={styles.muted}>This policy has no rules.</p>
      ) : (
        <ul className={styles.rules}>
          {rows.map((row) => (
            <RuleItem
              key={row.id}
              row={row}
              selected={row.id === selected}
              linked={row.id === linked}
              onSelect={() => onSelect(row.id)}
              timeline={timeline}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
