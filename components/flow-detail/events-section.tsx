// The Hubble events behind one decision. A denied packet is reported twice, as a
// policy-verdict event and a drop notification (lib/flows/flow-pairing.ts); the list shows one
// row and this section both events, each with its own type, time, drop reason and id.
import Link from 'next/link';
import type { FlowRow, PairedEvent } from '@/lib/api/types';
import { flowPath } from '@/lib/flow-detail/links';
import { eventTypeName, pairedEventOf } from '@/lib/flows/flow-pairing';
import { cleanText, formatFlowDateTime } from '@/lib/flows/format-flow';
import { Section } from './fields';
import styles from './flow-detail.module.css';

function EventLine({ event, role }: { event: PairedEvent; role: 'decision' | 'partner' }) {
  return (
    <li data-testid={`flow-event-${role}`} data-event-id={event.id}>
      <strong data-testid="flow-event-type">
        {eventTypeName(event.eventType)} (type {event.eventType})
      </strong>{' '}
      <span data-testid="flow-event-time">{formatFlowDateTime(event.ts)}</span>{' '}
      <span className={styles.mono}>{cleanText(event.time)}</span>
      {event.dropReason ? (
        <>
          {' '}
          · drop reason{' '}
          <span data-testid="flow-event-drop-reason">{cleanText(event.dropReason)}</span>
        </>
      ) : null}
      {event.observationPoint ? <> · {cleanText(event.observationPoint)}</> : null} ·{' '}
      <Link href={flowPath(event.id)} prefetch={false} className={`${styles.link} ${styles.mono}`}>
        {cleanText(event.id)}
      </Link>
      {role === 'decision' ? ' (counted)' : ' (same decision, not counted again)'}
    </li>
  );
}

export function EventsSection({ flow }: { flow: FlowRow }) {
  if (!flow.paired) return null;
  return (
    <Section title="Events of this decision" testId="flow-events">
      <p>Hubble reported this packet twice; Flowscope counts it once.</p>
      <ul>
        <EventLine event={pairedEventOf(flow)} role="decision" />
        <EventLine event={flow.paired} role="partner" />
      </ul>
    </Section>
  );
}
