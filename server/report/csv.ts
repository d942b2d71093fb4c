// The evidence report as CSV for spreadsheets: one row per workload and one per boundary
// edge, told apart by `row_type`. Fields are quoted as RFC 4180 says, and a cell that a
// spreadsheet would read as a formula (= + - @, or a tab or carriage return first) gets a
// leading apostrophe: workload names, labels and policy names come from the cluster.
import 'server-only';
import type { AllowedBy, EvidenceReport } from '@/lib/api/report';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: formula-neutralised, then quoted when it holds a quote, comma or newline. */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly (string | number | boolean | undefined)[]): string {
  return fields.map(csvField).join(',');
}

export const CSV_COLUMNS = [
  'row_type',
  'workload',
  'namespace',
  'ingress_default_deny',
  'ingress_enforced_by',
  'egress_default_deny',
  'egress_enforced_by',
  'allows_from_internet',
  'allows_from_other_namespaces',
  'allows_from_outside_scope',
  'allows_to_internet',
  'unsupported',
  'direction',
  'source',
  'target',
  'port',
  'protocol',
  'allowed',
  'denied',
  'other',
] as const;

function allows(list: readonly AllowedBy[]): string {
  return list
    .map((a) => `${a.policy}${a.ruleId ? ` ${a.ruleId}` : ''}: ${a.peer} ${a.ports}`)
    .join('; ');
}

function deny(d: { enforced: boolean; partial?: boolean }): string {
  return d.partial ? 'partial' : d.enforced ? 'yes' : 'no';
}

export function reportCsv(r: EvidenceReport): string {
  const lines = [csvLine(CSV_COLUMNS)];
  for (const w of r.workloads) {
    const t = w.observed.totals;
    lines.push(
      csvLine([
        'workload',
        w.id,
        w.namespace,
        deny(w.ingress),
        w.ingress.enforcingPolicies.join('; '),
        deny(w.egress),
        w.egress.enforcingPolicies.join('; '),
        allows(w.allows.fromInternet),
        allows(w.allows.fromOtherNamespaces),
        allows(w.allows.fromOutsideScope),
        allows(w.allows.toInternet),
        w.unsupported.join('; '),
        '',
        '',
        '',
        '',
        '',
        t.allowed,
        t.denied,
        t.other,
      ]),
    );
  }
  for (const e of r.boundary) {
    lines.push(
      csvLine([
        'boundary',
        e.direction === 'in' ? e.target : e.source,
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        e.direction,
        e.source,
        e.target,
        e.port,
        e.protocol,
        e.allowed,
        e.denied,
        e.other,
      ]),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
