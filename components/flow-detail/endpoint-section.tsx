// One side of the flow (source or destination): who it is in Kubernetes and Cilium terms
// and where it was on the network.
import { formatIdentity } from '@/lib/flow-detail/explain';
import type { FlowEndpoint } from '@/lib/api/flow-record';
import { cleanText, formatEndpoint } from '@/lib/flows/format-flow';
import { Field, Fields, joinList, Section } from './fields';
import { LabelChips } from './label-chips';
import styles from './flow-detail.module.css';

export interface EndpointSectionProps {
  title: string;
  testId: string;
  endpoint: FlowEndpoint;
}

export function EndpointSection({ title, testId, endpoint: ep }: EndpointSectionProps) {
  const workloads = ep.workloads.map((w) => cleanText(w.kind ? `${w.name} (${w.kind})` : w.name));
  return (
    <Section title={title} testId={testId}>
      <p className={styles.subTitle} data-testid="endpoint-name">
        {formatEndpoint(ep)}
      </p>
      <Fields>
        <Field label="Pod" value={cleanText(ep.pod)} mono />
        <Field
          label={workloads.length > 1 ? 'Workloads' : 'Workload'}
          value={joinList(workloads)}
        />
        <Field label="Namespace" value={cleanText(ep.namespace)} />
        <Field label="Cluster" value={cleanText(ep.cluster ?? '')} />
        <Field
          label="Identity"
          value={formatIdentity(ep.identity)}
          mono
          testId="endpoint-identity"
        />
        <Field label="Endpoint ID" value={ep.endpointId} mono />
        <Field label="IP" value={cleanText(ep.ip)} mono testId="endpoint-ip" />
        <Field label="Port" value={ep.port} mono />
        <Field
          label="Service"
          value={ep.service ? cleanText(`${ep.service.namespace}/${ep.service.name}`) : ''}
          mono
        />
        <Field label="DNS names" value={cleanText(joinList(ep.names))} mono />
        <Field
          label={`Labels (${ep.labels.length})`}
          value={ep.labels.length > 0 ? <LabelChips labels={ep.labels} /> : ''}
        />
      </Fields>
    </Section>
  );
}
