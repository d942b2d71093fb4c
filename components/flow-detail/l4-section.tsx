// Network and transport layer facts of the flow.
import type { FlowRecord } from '@/lib/api/flow-record';
import { cleanText } from '@/lib/flows/format-flow';
import { Field, Fields, joinList, Section } from './fields';

export function L4Section({ flow }: { flow: FlowRecord }) {
  const ports =
    flow.source.port !== undefined || flow.destination.port !== undefined
      ? `${flow.source.port ?? '-'} → ${flow.destination.port ?? '-'}`
      : '';
  return (
    <Section title="L3 / L4" testId="flow-l4">
      <Fields>
        <Field label="Protocol" value={cleanText(flow.protocol) || 'unknown'} mono />
        <Field label="Ports" value={ports} mono />
        <Field label="TCP flags" value={cleanText(joinList(flow.tcpFlags))} mono />
        <Field
          label="ICMP"
          value={flow.icmp ? `type ${flow.icmp.type}, code ${flow.icmp.code}` : ''}
          mono
        />
        <Field label="IP version" value={cleanText(flow.ipVersion)} mono />
        <Field label="Encrypted" value={flow.encrypted ? 'yes' : 'no'} />
        <Field label="Flow type" value={cleanText(flow.type)} mono />
      </Fields>
    </Section>
  );
}
