// Top of the flow detail: verdict, who talked to whom, when (local and exact), where it was
// seen, its id, and the permalink. Flow text is cleaned and rendered as React text only.
import Link from 'next/link';
import type { ClientConfig } from '@/lib/api/types';
import { flowPath, flowShareUrl } from '@/lib/flow-detail/links';
import type { FlowRecord } from '@/lib/api/flow-record';
import { cleanText, formatEndpoint, formatFlowDateTime } from '@/lib/flows/format-flow';
import { verdictClass } from '@/components/flows/flow-row';
import { zoneLabel } from '@/lib/time-window/time-format';
import { CopyButton } from './copy-button';
import styles from './flow-detail.module.css';

export interface FlowDetailHeaderProps {
  flow: FlowRecord;
  config: ClientConfig | undefined;
  onClose?: () => void;
}

export function FlowDetailHeader({ flow, config, onClose }: FlowDetailHeaderProps) {
  return (
    <header className={styles.header} data-testid="flow-header">
      <div className={styles.headerTop}>
        <span className={`verdict ${verdictClass(flow.verdict)}`} data-testid="flow-verdict-badge">
          {cleanText(flow.verdict)}
        </span>
        <h1 className={styles.title} data-testid="flow-title">
          {formatEndpoint(flow.source)} → {formatEndpoint(flow.destination)}
        </h1>
        <div className={styles.actions}>
          <Link
            href={flowPath(flow.id)}
            className={styles.link}
            data-testid="flow-permalink"
            prefetch={false}
          >
            Permalink
          </Link>
          <CopyButton
            label="Copy link"
            testId="flow-copy-link"
            text={() => flowShareUrl(flow.id, config, window.location.origin)}
          />
          {onClose ? (
            <button
              type="button"
              className="button"
              data-testid="flow-detail-close"
              aria-label="Close flow detail"
              onClick={onClose}
            >
              Close
            </button>
          ) : null}
        </div>
      </div>
      <div className={styles.headerMeta}>
        <span data-testid="flow-time-local">
          <strong>{formatFlowDateTime(flow.ts)}</strong> {zoneLabel()}
        </span>
        <span className={styles.mono} data-testid="flow-time-exact" title="Exact time (UTC)">
          {cleanText(flow.time)}
        </span>
        <span data-testid="flow-node">
          node <strong>{cleanText(flow.node) || 'unknown'}</strong>
        </span>
        <span data-testid="flow-id">
          {flow.hasUuid ? 'uuid ' : 'id '}
          <strong className={styles.mono}>{cleanText(flow.id)}</strong>
          {flow.hasUuid ? null : (
            <span data-testid="flow-derived-id">
              {' '}
              (derived id: Hubble sent no uuid, so Flowscope derived one from the flow’s content)
            </span>
          )}
        </span>
      </div>
    </header>
  );
}
