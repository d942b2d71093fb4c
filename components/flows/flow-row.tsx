// One flow as a table row. Every flow field reaches the DOM only as React text or as an
// escaped attribute value; CSS classes come from a fixed list, never from flow data.
import { memo } from 'react';
import type { FlowRow as FlowRowData } from '@/lib/api/types';
import { eventTypeName } from '@/lib/flows/flow-pairing';
import { decidedByCell } from '@/lib/flows/flow-decision';
import {
  cleanText,
  formatDropReason,
  formatEndpoint,
  formatFlowDateTime,
  formatL7,
  formatPort,
} from '@/lib/flows/format-flow';
import type { FlowDecision } from '@/lib/api/decisions';
import type { StagedMark } from '@/lib/api/lab';
import { stagedDenialText } from '@/lib/lab/readiness';

const VERDICT_CLASSES: Record<string, string> = {
  FORWARDED: 'verdict-forwarded',
  DROPPED: 'verdict-dropped',
  ERROR: 'verdict-error',
  AUDIT: 'verdict-audit',
  REDIRECTED: 'verdict-redirected',
  TRACED: 'verdict-traced',
  TRANSLATED: 'verdict-traced',
};

export function verdictClass(verdict: string): string {
  return VERDICT_CLASSES[verdict] ?? 'verdict-other';
}

export interface FlowRowProps {
  flow: FlowRowData;
  /** Vertical offset in the virtualized list, in pixels. */
  top: number;
  height: number;
  index: number;
  selected: boolean;
  onSelect: (id: string) => void;
  /** The decision fetched for a row that came without one (a live row). */
  decision?: FlowDecision | undefined;
  /** The staged drafts that would deny this allowed flow. */
  staged?: StagedMark[] | undefined;
}

export const FlowRow = memo(function FlowRow({
  flow,
  top,
  height,
  index,
  selected,
  onSelect,
  decision,
  staged,
}: FlowRowProps) {
  const source = formatEndpoint(flow.source);
  const destination = formatEndpoint(flow.destination);
  const l7 = formatL7(flow);
  const verdict = cleanText(flow.verdict);
  return (
    <div
      className={`flow-row flow-grid${index % 2 === 0 ? '' : ' is-odd'}${selected ? ' is-selected' : ''}`}
      role="row"
      data-testid="flow-row"
      data-verdict={flow.verdict}
      data-flow-id={flow.id}
      data-paired-id={flow.paired?.id}
      aria-selected={selected}
      tabIndex={0}
      onClick={() => onSelect(flow.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onSelect(flow.id);
      }}
      style={{ height, transform: `translateY(${top}px)` }}
    >
      <span className="cell mono" role="cell" data-testid="flow-time">
        {formatFlowDateTime(flow.ts)}
      </span>
      <span className="cell" role="cell" title={`${source} (${cleanText(flow.source.ip)})`}>
        {source}
      </span>
      <span
        className="cell"
        role="cell"
        title={`${destination} (${cleanText(flow.destination.ip)})`}
      >
        {destination}
      </span>
      <span className="cell mono" role="cell">
        {formatPort(flow)}
      </span>
      <span className="cell mono" role="cell" title={l7 || undefined}>
        {l7}
      </span>
      <span className="cell" role="cell">
        <span className={`verdict ${verdictClass(flow.verdict)}`}>{verdict}</span>
        {flow.paired ? (
          <span
            className="muted"
            data-testid="flow-paired"
            title={`One decision reported twice: ${eventTypeName(flow.eventType)} and ${eventTypeName(flow.paired.eventType)} events`}
          >
            {' '}
            ×2
          </span>
        ) : null}
        {staged && staged.length > 0 ? (
          <span
            className="staged-mark"
            data-testid="flow-staged-mark"
            title={stagedDenialText(staged)}
          >
            {' '}
            staged deny
          </span>
        ) : null}
      </span>
      <span className="cell mono drop-reason" role="cell">
        {formatDropReason(flow)}
      </span>
      <DecidedBy decision={flow.decidedBy ?? decision} />
      <span className="cell" role="cell" title={cleanText(flow.node)}>
        {cleanText(flow.node)}
      </span>
    </div>
  );
});

/** Which policy and rule decided the flow, and who says so (Hubble's fields or Flowscope). */
function DecidedBy({ decision: d }: { decision: FlowDecision | undefined }) {
  if (!d) return <span className="cell" role="cell" />;
  const cell = decidedByCell(d);
  return (
    <span
      className="cell"
      role="cell"
      title={cell.title}
      data-testid="flow-decided-by"
      data-source={d.source}
    >
      {cell.text} <span className="muted">· {cell.source}</span>
    </span>
  );
}
