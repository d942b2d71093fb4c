// CSV of the evidence report: fields quoted as RFC 4180 says, and cells a spreadsheet would
// run as formulas neutralised, since names and labels come from the cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvidenceReport, ReportWorkload } from '@/lib/api/report';
import { CSV_COLUMNS, csvField, reportCsv } from './csv';

/** Splits CSV text the way a spreadsheet reads it (quoted fields may hold , " and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

test('fields with quotes, commas or newlines are quoted; formulas get an apostrophe', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1']) {
    assert.ok(csvField(evil).replace(/^"/, '').startsWith("'"), evil);
  }
  assert.equal(csvField(42), '42');
  assert.equal(csvField(undefined), '');
});

const direction = { enforced: true, selectingPolicies: ['p'], enforcingPolicies: ['p'] };
function workload(id: string): ReportWorkload {
  const [namespace = '', name = ''] = id.split('/');
  return {
    id,
    namespace,
    workload: name,
    labels: [],
    ingress: direction,
    egress: { enforced: false, selectingPolicies: [], enforcingPolicies: [] },
    protected: false,
    allows: { fromInternet: [], fromOtherNamespaces: [], fromOutsideScope: [], toInternet: [] },
    unsupported: [],
    observed: { inbound: [], outbound: [], totals: { allowed: 3, denied: 1, other: 0 } },
  };
}

test('one row per workload and per boundary edge, read back unchanged by a CSV reader', () => {
  const hostile = 'cde/=cmd|" /C calc"!A0,x';
  const report = {
    workloads: [workload('cde/vault'), workload(hostile)],
    boundary: [
      {
        direction: 'in',
        source: '@evil/"name",\nnext',
        target: 'cde/vault',
        port: 5432,
        protocol: 'TCP',
        allowed: 0,
        denied: 7,
        other: 0,
        dropReasons: {},
      },
    ],
  } as unknown as EvidenceReport;
  const rows = parseCsv(reportCsv(report));
  assert.deepEqual(rows[0], [...CSV_COLUMNS]);
  assert.equal(rows.length, 4);
  assert.ok(rows.every((r) => r.length === CSV_COLUMNS.length));
  const col = (r: string[], name: (typeof CSV_COLUMNS)[number]) => r[CSV_COLUMNS.indexOf(name)];
  assert.deepEqual(
    rows.slice(1).map((r) => col(r, 'row_type')),
    ['workload', 'workload', 'boundary'],
  );
  assert.equal(col(rows[1]!, 'ingress_default_deny'), 'yes');
  assert.equal(col(rows[1]!, 'egress_default_deny'), 'no');
  // A workload name starting with a namespace is not a formula, and stays as it is.
  assert.equal(col(rows[2]!, 'workload'), hostile);
  const edge = rows[3]!;
  assert.equal(col(edge, 'source'), `'@evil/"name",\nnext`);
  assert.equal(col(edge, 'denied'), '7');
  assert.equal(col(edge, 'direction'), 'in');
});
