'use client';
// The sections of a generated evidence report. Names, labels, policy ids and gap details
// come from flows, policies and the relay: rendered as text only (cleanText strips the
// control and bidi characters that could make one name look like another).
import type { ReactNode } from 'react';
import type { DirectionCoverage } from '@/lib/api/coverage';
import type { AllowedBy, EvidenceReport, ReportEdge, ReportWorkload } from '@/lib/api/report';
import { cleanText } from '@/lib/flows/format-flow';
import { countsText } from '@/lib/report/view';
import { formatDateTime } from '@/lib/time-window/time-format';
import styles from './report.module.css';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className={styles.panel} aria-labelledby={`report-${id}`} data-testid={`report-${id}`}>
      <h2 id={`report-${id}`} className={styles.heading}>
        {title}
      </h2>
      {children}
    </section>
  );
}

const t = (s: string) => cleanText(s);
const when = (ts: number) => formatDateTime(ts);

function scopeText(r: EvidenceReport): string {
  if (r.scope.kind === 'namespaces') return `namespaces ${r.scope.namespaces.join(', ')}`;
  const where =
    r.scope.namespaces === 'all'
      ? 'every namespace'
      : `namespaces ${r.scope.namespaces.join(', ')}`;
  return `label selector ${r.scope.selector}, looked for in ${where}`;
}

function Deny({ d }: { d: DirectionCoverage }) {
  if (d.partial) return <span className={styles.warn}>partial</span>;
  return d.enforced ? (
    <span className={styles.ok}>on</span>
  ) : (
    <span className={styles.bad}>off</span>
  );
}

function policiesText(d: DirectionCoverage): string {
  if (d.agent) return d.agent;
  if (d.enforcingPolicies.length > 0) return d.enforcingPolicies.map(t).join(', ');
  if (d.selectingPolicies.length > 0)
    return `selected without default deny by ${d.selectingPolicies.map(t).join(', ')}`;
  return 'no policy selects it';
}

function AllowList({ title, list }: { title: string; list: AllowedBy[] }) {
  return (
    <>
      <h4 className={styles.subheading}>{title}</h4>
      {list.length === 0 ? (
        <p className={styles.muted}>nothing</p>
      ) : (
        <ul className={styles.list}>
          {list.map((a, i) => (
            <li key={i} className={styles.mono}>
              {t(a.policy)}
              {a.ruleId ? ` ${t(a.ruleId)}` : ''}: {t(a.peer)} on {t(a.ports)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function EdgeTable({ edges, testId }: { edges: ReportEdge[]; testId: string }) {
  if (edges.length === 0) return <p className={styles.muted}>none seen</p>;
  return (
    <table className={styles.table} data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Destination</th>
          <th scope="col">Port</th>
          <th scope="col" className={styles.num}>
            Allowed
          </th>
          <th scope="col" className={styles.num}>
            Denied
          </th>
          <th scope="col" className={styles.num}>
            Other
          </th>
        </tr>
      </thead>
      <tbody>
        {edges.map((e) => (
          <tr key={`${e.source}>${e.target}:${e.port}/${e.protocol}`}>
            <td className={styles.mono}>{t(e.source)}</td>
            <td className={styles.mono}>{t(e.target)}</td>
            <td className={styles.mono}>
              {e.port}/{t(e.protocol)}
            </td>
            <td className={styles.num}>{e.allowed}</td>
            <td className={styles.num}>{e.denied}</td>
            <td className={styles.num}>{e.other}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Gaps({ r }: { r: EvidenceReport }) {
  const g = r.gaps;
  const clean =
    g.ranges.length === 0 &&
    g.lostEvents === 0 &&
    g.unsupported.length === 0 &&
    g.historyStartsAt === undefined &&
    !g.noHistory;
  return (
    <>
      {clean ? (
        <p data-testid="report-gaps-none">
          No unrecovered range, no lost event, every policy construct read, and the history covers
          the window.
        </p>
      ) : null}
      {g.noHistory ? <p className={styles.bad}>No flow is retained at all.</p> : null}
      {g.historyStartsAt !== undefined ? (
        <p className={styles.warn} data-testid="report-history-start">
          The retained history begins at {when(g.historyStartsAt)}, after the window&apos;s start:
          nothing before it can be shown.
        </p>
      ) : null}
      {g.lostEvents > 0 ? (
        <p className={styles.warn} data-testid="report-lost">
          Hubble reported {g.lostEvents} events lost in the window; they are in no count below.
        </p>
      ) : null}
      {g.ranges.length > 0 ? (
        <ul className={styles.list} data-testid="report-gap-ranges">
          {g.ranges.map((x, i) => (
            <li key={i}>
              {x.kind}: {when(x.from)} – {x.ongoing ? 'ongoing' : when(x.to)}
              {x.node ? `, node ${t(x.node)}` : ''}
              {x.lost ? `, ${x.lost} lost` : ''} — {t(x.detail)}
            </li>
          ))}
        </ul>
      ) : null}
      {g.unsupported.length > 0 ? (
        <>
          <h3 className={styles.subheading}>Policy constructs the evaluator does not read</h3>
          <ul className={styles.list}>
            {g.unsupported.map((u) => (
              <li key={u} className={styles.mono}>
                {t(u)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {g.notes.length > 0 ? (
        <ul className={styles.list}>
          {g.notes.map((n) => (
            <li key={n} className={styles.muted}>
              {t(n)}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function WorkloadAllows({ w }: { w: ReportWorkload }) {
  return (
    <div data-testid="report-allows-workload" data-workload={w.id}>
      <h3 className={styles.subheading}>{t(w.id)}</h3>
      <AllowList title="From the internet" list={w.allows.fromInternet} />
      <AllowList title="From other namespaces" list={w.allows.fromOtherNamespaces} />
      <AllowList title="From outside the scope" list={w.allows.fromOutsideScope} />
      <AllowList title="To the internet" list={w.allows.toInternet} />
    </div>
  );
}

export function ReportSections({ report: r }: { report: EvidenceReport }) {
  return (
    <div className={styles.view} data-testid="report">
      <Section id="scope" title="Scope and window">
        <p>
          Scope: <span className={styles.mono}>{t(scopeText(r))}</span>
        </p>
        <p>
          Window: {when(r.window.from)} – {when(r.window.to)}
        </p>
        <p className={styles.muted}>
          Generated {when(r.generatedAt)} · policy enforcement {r.enforcement} ·{' '}
          {r.totals.workloads} workloads, {r.totals.protected} in default deny both ways · boundary{' '}
          {countsText(r.totals.boundary)}
        </p>
      </Section>
      <Section id="gaps" title="Gaps">
        <Gaps r={r} />
      </Section>
      <Section id="protection" title="Protection">
        {r.workloads.length === 0 ? (
          <p className={styles.muted}>No workload of the scope was seen in the window.</p>
        ) : (
          <table className={styles.table} data-testid="report-protection-table">
            <thead>
              <tr>
                <th scope="col">Workload</th>
                <th scope="col">Ingress default deny</th>
                <th scope="col">Ingress by</th>
                <th scope="col">Egress default deny</th>
                <th scope="col">Egress by</th>
              </tr>
            </thead>
            <tbody>
              {r.workloads.map((w) => (
                <tr key={w.id} data-workload={w.id}>
                  <td className={styles.mono}>{t(w.id)}</td>
                  <td data-testid="report-ingress">
                    <Deny d={w.ingress} />
                  </td>
                  <td className={styles.mono}>{policiesText(w.ingress)}</td>
                  <td data-testid="report-egress">
                    <Deny d={w.egress} />
                  </td>
                  <td className={styles.mono}>{policiesText(w.egress)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section id="allows" title="What the policies allow">
        {r.workloads.map((w) => (
          <WorkloadAllows key={w.id} w={w} />
        ))}
      </Section>
      <Section id="observed" title="Observed traffic">
        {r.workloads.map((w) => (
          <div key={w.id}>
            <h3 className={styles.subheading}>
              {t(w.id)} — {countsText(w.observed.totals)}
            </h3>
            <EdgeTable
              edges={[...w.observed.inbound, ...w.observed.outbound]}
              testId="report-observed-table"
            />
          </div>
        ))}
      </Section>
      <Section id="denied" title="Denied attempts">
        {r.denied.length === 0 ? (
          <p className={styles.muted}>No denied attempt in the window.</p>
        ) : (
          <table className={styles.table} data-testid="report-denied-table">
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">In scope</th>
                <th scope="col" className={styles.num}>
                  Denied
                </th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {r.denied.map((d) => (
                <tr key={d.source}>
                  <td className={styles.mono}>{t(d.source)}</td>
                  <td>{d.inScope ? 'yes' : 'no'}</td>
                  <td className={styles.num}>{d.denied}</td>
                  <td className={styles.mono}>
                    {d.attempts
                      .map((e) => `${t(e.target)}:${e.port}/${t(e.protocol)} (${e.denied})`)
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section id="boundary" title="Boundary crossings">
        <p className={styles.muted}>
          Flows with one end in the scope and the other outside: {countsText(r.totals.boundary)}.
        </p>
        <EdgeTable edges={r.boundary} testId="report-boundary-table" />
      </Section>
      <Section id="revisions" title="Policy revisions">
        {r.revisions.changes.length === 0 ? (
          <p className={styles.muted}>No policy changed revision in the window&apos;s flows.</p>
        ) : (
          <ul className={styles.list}>
            {r.revisions.changes.map((c, i) => (
              <li key={i} className={styles.mono}>
                {when(c.at)}: {t(c.policy)} revision {t(c.from)} → {t(c.to)}
              </li>
            ))}
          </ul>
        )}
        {r.revisions.seen.length > 0 ? (
          <table className={styles.table} data-testid="report-revisions-table">
            <thead>
              <tr>
                <th scope="col">Policy</th>
                <th scope="col">Revisions the flows named</th>
                <th scope="col">Loaded revision</th>
              </tr>
            </thead>
            <tbody>
              {r.revisions.seen.map((s) => (
                <tr key={s.policy}>
                  <td className={styles.mono}>{t(s.policy)}</td>
                  <td className={styles.mono}>{s.revisions.map(t).join(', ')}</td>
                  <td className={styles.mono}>
                    {s.loaded !== undefined ? t(s.loaded) : 'not known'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Section>
    </div>
  );
}
