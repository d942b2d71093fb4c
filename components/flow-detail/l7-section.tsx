// Application layer facts, present when Cilium's L7 proxy saw the flow (event type 129):
// HTTP with its headers, DNS with answers and rcode, or Kafka.
import { formatDnsRcode, formatLatency } from '@/lib/flow-detail/explain';
import type { FlowDns, FlowHttp, FlowKafka, FlowL7 } from '@/lib/api/flow-record';
import { cleanText } from '@/lib/flows/format-flow';
import { Field, Fields, joinList, Section } from './fields';
import styles from './flow-detail.module.css';

function HttpFields({ http }: { http: FlowHttp }) {
  return (
    <>
      <h3 className={styles.subTitle}>HTTP</h3>
      <Fields>
        <Field label="Method" value={cleanText(http.method)} mono />
        <Field label="URL" value={cleanText(http.url)} mono testId="l7-http-url" />
        <Field label="Status" value={http.code > 0 ? http.code : ''} mono />
        <Field label="Protocol" value={cleanText(http.protocol)} mono />
      </Fields>
      {http.headers.length > 0 ? (
        <table className={styles.headers} data-testid="l7-http-headers">
          <thead>
            <tr>
              <th scope="col">Header</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {http.headers.map((h, i) => (
              <tr key={`${i}:${h.key}`}>
                <td>{cleanText(h.key)}</td>
                <td>{cleanText(h.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function DnsFields({ dns }: { dns: FlowDns }) {
  return (
    <>
      <h3 className={styles.subTitle}>DNS</h3>
      <Fields>
        <Field label="Query" value={cleanText(dns.query)} mono />
        <Field label="Answers" value={cleanText(joinList(dns.ips))} mono />
        <Field label="CNAMEs" value={cleanText(joinList(dns.cnames))} mono />
        <Field label="Rcode" value={formatDnsRcode(dns.rcode)} mono />
        <Field label="Query types" value={cleanText(joinList(dns.qtypes))} mono />
        <Field label="Record types" value={cleanText(joinList(dns.rrtypes))} mono />
        <Field label="TTL" value={dns.ttl > 0 ? `${dns.ttl} s` : ''} mono />
        <Field label="Observed by" value={cleanText(dns.observationSource)} />
      </Fields>
    </>
  );
}

function KafkaFields({ kafka }: { kafka: FlowKafka }) {
  return (
    <>
      <h3 className={styles.subTitle}>Kafka</h3>
      <Fields>
        <Field label="API key" value={cleanText(kafka.apiKey)} mono />
        <Field label="API version" value={kafka.apiVersion} mono />
        <Field label="Topic" value={cleanText(kafka.topic)} mono />
        <Field label="Correlation ID" value={kafka.correlationId} mono />
        <Field label="Error code" value={kafka.errorCode} mono />
      </Fields>
    </>
  );
}

export function L7Section({ l7 }: { l7: FlowL7 | undefined }) {
  return (
    <Section title="L7" testId="flow-l7">
      {l7 ? (
        <>
          <Fields>
            <Field label="Type" value={cleanText(l7.type)} mono />
            <Field label="Latency" value={formatLatency(l7.latencyNs)} mono />
          </Fields>
          {l7.http ? <HttpFields http={l7.http} /> : null}
          {l7.dns ? <DnsFields dns={l7.dns} /> : null}
          {l7.kafka ? <KafkaFields kafka={l7.kafka} /> : null}
        </>
      ) : (
        <p className="muted">
          No L7 data: only traffic a policy sends through Cilium’s L7 proxy (HTTP, DNS, Kafka rules)
          carries it.
        </p>
      )}
    </Section>
  );
}
