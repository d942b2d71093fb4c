'use client';
// Everything Flowscope knows about one flow, grouped for debugging: header, the verdict and
// why (first, so a panel opens on the answer), policies, both endpoints, L3/L4, L7 and the
// raw JSON. Used by the permalink page and by panels that pass `onClose` (Escape closes
// them too). Fetches through TanStack Query, never directly.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { flowLookupQueryOptions } from '@/lib/flow-detail/queries';
import { configQueryOptions } from '@/lib/queries';
import { useEscapeKey } from '@/lib/use-escape-key';
import { EndpointSection } from './endpoint-section';
import { EventsSection } from './events-section';
import { ExplanationSection } from './explanation-section';
import { FlowDetailHeader } from './flow-detail-header';
import { FlowNotFound } from './flow-not-found';
import { L4Section } from './l4-section';
import { L7Section } from './l7-section';
import { PoliciesSection } from './policies-section';
import { RawSection } from './raw-section';
import { StagedSection } from './staged-section';
import { SuggestionSection } from './suggestion-section';
import { VerdictSection } from './verdict-section';
import styles from './flow-detail.module.css';

export interface FlowDetailProps {
  /** The flow's id: its uuid, or Flowscope's derived `fs-…` id. */
  id: string;
  /** Shows a close button that calls this (for panels); the page leaves it out. */
  onClose?: () => void;
}

export function FlowDetail({ id, onClose }: FlowDetailProps) {
  const lookup = useQuery(flowLookupQueryOptions(id));
  // Only for the share link; the view does not wait for it.
  const config = useQuery(configQueryOptions());
  useEscapeKey(onClose);

  if (lookup.isPending) {
    return (
      <div className={styles.message} data-testid="flow-loading">
        Loading flow…
      </div>
    );
  }
  if (lookup.isError) {
    return (
      <div className={styles.error} data-testid="flow-error" role="alert">
        <p>Could not load this flow: {lookup.error.message}</p>
        <Link href="/flows" className={styles.link} data-testid="flow-back">
          Back to flows
        </Link>
      </div>
    );
  }
  const data = lookup.data;
  if (!data.found) return <FlowNotFound retention={data.retention} />;
  const { flow } = data;
  return (
    <article className={styles.detail} data-testid="flow-detail" data-flow-id={flow.id}>
      <FlowDetailHeader flow={flow} config={config.data} onClose={onClose} />
      <div className={styles.grid}>
        <VerdictSection flow={flow} />
        <ExplanationSection flow={flow} />
        <StagedSection flow={flow} />
        <PoliciesSection flow={flow} />
        <EventsSection flow={flow} />
        <EndpointSection title="Source" testId="flow-source" endpoint={flow.source} />
        <EndpointSection
          title="Destination"
          testId="flow-destination"
          endpoint={flow.destination}
        />
        <L4Section flow={flow} />
        <L7Section l7={flow.l7} />
      </div>
      {flow.verdict === 'DROPPED' ? <SuggestionSection flow={flow} /> : null}
      <RawSection jsonpb={data.jsonpb} />
    </article>
  );
}
