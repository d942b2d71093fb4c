// Seeded values for the malformed requests of fuzz-routes.ts: a generator over a seeded
// random source, lists of values a parser can trip on, and the query strings, flow ids and
// import bodies built from them.

// Seeded, so a failure replays with the same requests.
export { seededRandom as prng } from '@/lib/seeded-random';

export class Gen {
  constructor(readonly rnd: () => number) {}
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i += 1) out[i] = this.int(256);
    return out;
  }
}

// Values that are wrong for some reason a parser can trip on. Raw entries are already
// percent-encoded (or deliberately broken escapes) and go into the URL as they are.
const RAW = [
  '%ff%fe',
  '%',
  '%zz',
  '%00',
  '%0d%0aX-Injected:%201',
  '%c0%ae%c0%ae',
  '%ed%a0%80',
  '%e2%80%ae',
];
const HOSTILE = [
  '',
  ' ',
  '\u0000',
  '\u0007\u001b[2J',
  '\t\r\n',
  '-1',
  '0',
  '-0',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '9007199254740993',
  '99999999999999999999999',
  '0x1F',
  '1.5',
  '1,2',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  "' OR 1=1 --",
  '"; DROP TABLE flows; --',
  '$(reboot)',
  '`id`',
  '| cat /etc/passwd',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  '\u202egnp.exe',
  '\ud800',
  '\uffff',
  '🙂'.repeat(50),
];
const TIMES = [
  '2026-13-45T99:99:99Z',
  '2026-11-20',
  '2026-11-20T10:00:00',
  '2026-11-20T10:00:00+25:00',
  '20261120T100000Z',
  'yesterday',
  'now',
  '-1',
  '0',
  '1e20',
  '8.64e15',
  '8640000000000001',
  String(Date.now()),
  String(Date.now() + 86_400_000),
  new Date().toISOString(),
  'Sat, 21 Nov 2026 06:00:00 GMT',
];
const DURATIONS = [
  '5m',
  '0m',
  '-5m',
  '1e309m',
  '99999999999d',
  '32d',
  '5',
  'm',
  '5 m',
  '5M',
  '1h30m',
  '5mm',
  '.5h',
];
const FLAGS = [
  '--from-pod',
  '--to-pod',
  '--pod',
  '--namespace',
  '--from-namespace',
  '--ip',
  '--from-ip',
  '--to-ip',
  '--fqdn',
  '--to-fqdn',
  '--label',
  '-l',
  '--port',
  '--to-port',
  '--identity',
  '--workload',
  '--verdict',
  '--drop-reason-desc',
  '--traffic-direction',
  '--http-status',
  '--http-method',
  '--http-path',
  '--http-url',
  '--dns-query',
  '--protocol',
  '--node-name',
  '--uuid',
  '--type',
  '--not',
  '--frm-pod',
  '--',
  '-',
  '---',
  '--port=',
];
const FLAG_VALUES = [
  '(a+)+$',
  '(.*a){20}',
  '([a-zA-Z]+)*$',
  '(?<x>a)\\k<y>',
  '[',
  '(',
  '*',
  '\\',
  '"unbalanced',
  "'unbalanced",
  '"a" "b',
  '10.0.0.0/33',
  '10.0.0.0/-1',
  '300.1.1.1',
  '::ffff:1.2.3.4/129',
  'fe80::1%eth0',
  '99999999',
  '-1',
  '65536',
  '0x50',
  'shop/',
  '/frontend',
  'a/b/c',
  '*.*.*.*',
  '**',
  'app==x',
  'app in (',
  '!',
  'DROPPEDX',
  '5+5',
  '600',
  'GET POST',
  'policy-verdict:9999',
  'l7',
];

function flagText(g: Gen): string {
  const parts: string[] = [];
  const n = 1 + g.int(5);
  for (let i = 0; i < n; i += 1) {
    parts.push(g.pick(FLAGS));
    if (g.chance(0.85)) parts.push(g.chance(0.7) ? g.pick(FLAG_VALUES) : g.pick(HOSTILE));
  }
  return parts.join(' ');
}

/** A value shaped for the parameter (so it gets past the first checks), or just hostile. */
function valueFor(g: Gen, key: string): { text: string } | { raw: string } {
  const r = g.rnd();
  if (r < 0.06) return { raw: g.pick(RAW) };
  if (r < 0.08) return { text: 'x'.repeat(100 * 1024) };
  if (r < 0.1) return { text: g.pick(HOSTILE).repeat(200) };
  if (r < 0.35) return { text: g.pick(HOSTILE) };
  switch (key) {
    case 'q':
      return { text: flagText(g) };
    case 'window':
      return { text: g.pick(DURATIONS) };
    case 'from':
    case 'to':
    case 'since':
      return { text: g.pick(TIMES) };
    case 'port':
      return { text: g.pick(['-1', '65536', '99999999', '0x50', '80a', '8080', '']) };
    case 'namespace':
      return { text: g.pick(['shop', 'Shop', 'a'.repeat(64), '-x', 'a,b,,', 'kube-system,']) };
    case 'verdict':
      return { text: g.pick(['dropped', 'DROPPED,FORWARDED', 'ALL', 'dropped,,x']) };
    case 'selector':
      return {
        text: g.pick([
          'app=',
          'app in (a,b',
          'reserved:world',
          'shop/frontend',
          '!!',
          'a'.repeat(501),
        ]),
      };
    case 'protocol':
      return { text: g.pick(['tcp', 'TCP', 'http', 'icmp', 'ICMPv6', 'gre']) };
    case 'exclude':
      return { text: g.pick(['world,host', 'world,,', 'galaxy', 'reserved:world']) };
    case 'breakdown':
      return { text: g.pick(['reason', 'policy', 'REASON', 'both']) };
    case 'series':
      return { text: g.pick(['0', '1', '2', 'true']) };
    case 'limit':
      return {
        text: g.pick(['-1', '0', '5001', '1e3', '1.5', ' 5', '9999999999999999999', '0x10']),
      };
    default:
      return { text: flagText(g) };
  }
}

/** Percent-encodes; a lone surrogate cannot be, so it goes as its (invalid) UTF-8 bytes. */
function enc(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ed%a0%80';
  }
}

/** A query string of 0-5 parameters: known ones, repeated ones, unknown and odd keys. */
export function queryString(g: Gen, known: readonly string[]): string {
  const n = g.int(6);
  const parts: string[] = [];
  for (let i = 0; i < n; i += 1) {
    let key: string;
    if (known.length > 0 && g.chance(0.75)) key = g.pick(known);
    else
      key = g.pick([
        'unknown',
        '',
        'q[]',
        '__proto__',
        'constructor',
        'Q',
        'limit ',
        g.pick(HOSTILE),
      ]);
    const value = valueFor(g, key);
    const encoded = 'raw' in value ? value.raw : enc(value.text);
    parts.push(`${enc(key)}=${encoded}`);
    if (g.chance(0.1)) parts.push(`${enc(key)}=${encoded}`);
  }
  if (g.chance(0.05)) parts.push('novalue', '=', '&&');
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/**
 * Path segments for /api/flows/<id>. Not `export`, `stream` or `import`: those are routes of
 * their own, fuzzed with the route table (and a stream never ends).
 */
export function flowId(g: Gen): string {
  const hex = (n: number) => Array.from({ length: n }, () => g.int(16).toString(16)).join('');
  const uuid = `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
  return g.pick([
    uuid,
    uuid.toUpperCase(),
    `fs-${hex(32)}`,
    `fs-${hex(31)}`,
    `${uuid}x`,
    '..%2F..%2Fstatus',
    '..%252F..%252Fetc%252Fpasswd',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '%ff%fe',
    '%00',
    '%0d%0a',
    enc(g.pick(HOSTILE)) || 'x',
    'a'.repeat(4000),
    `${uuid};DROP`,
    encodeURIComponent("' OR '1'='1"),
  ]);
}

export function importBody(g: Gen): Buffer {
  const goodish = (extra: Record<string, unknown>) =>
    JSON.stringify({
      flow: {
        time: '2001-01-01T00:00:00Z',
        uuid: `f0220000-0000-4000-8000-${String(g.int(1e12)).padStart(12, '0')}`,
        verdict: 'FORWARDED',
        IP: { source: '10.9.9.1', destination: '10.9.9.2', ipVersion: 'IPv4' },
        source: { namespace: 'fuzz', pod_name: 'fuzz-a' },
        destination: { namespace: 'fuzz', pod_name: 'fuzz-b' },
        ...extra,
      },
    });
  switch (g.int(10)) {
    case 0:
      return g.bytes(1 + g.int(8192));
    case 1:
      // A line longer than the importer's 1 MiB limit, rarely: it costs the server a MiB.
      return g.chance(0.1) ? Buffer.alloc(1024 * 1024 + 10, 'a') : Buffer.alloc(64 * 1024, '{');
    case 2:
      return Buffer.from(
        g.pick(['{', '}', '{"flow":', 'nul', '[1,2', '"\\u12"', '\u0000', '{"a":1}}']),
      );
    case 3:
      return Buffer.from(
        g.pick([
          '[]',
          '1',
          '"s"',
          'null',
          'true',
          '{"flow":5}',
          '{"flow":[]}',
          '{"flow":null}',
          '{"flow":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}',
        ]),
      );
    case 4:
      return Buffer.from(
        goodish(
          g.pick<Record<string, unknown>>([
            { time: 12345 },
            { time: 'yesterday' },
            { verdict: 12345.5 },
            { verdict: 'MAYBE' },
            { uuid: 5 },
            { IP: 'x' },
            { l4: [] },
            { l4: { TCP: { destination_port: -1 } } },
            { l4: { TCP: { destination_port: 99999999999 } } },
            { source: { labels: {} } },
            { source: { identity: 'x' } },
            { source: { workloads: 'x' } },
            { l7: { http: { headers: 'x' } } },
            { event_type: { type: '129' } },
            { egress_denied_by: [{ revision: -1 }] },
          ]),
        ),
      );
    case 5:
      return Buffer.from(Array.from({ length: 1 + g.int(50) }, () => g.pick(HOSTILE)).join('\n'));
    case 6:
      return Buffer.from(`${goodish({})}\n${g.pick(HOSTILE)}\n`);
    case 7:
      return Buffer.from('\n\n\r\n  \n');
    case 8:
      return Buffer.concat([Buffer.from(goodish({}).slice(0, 40)), g.bytes(200)]);
    default:
      return Buffer.from(
        JSON.stringify({
          flow: { time: '2001-01-01T00:00:00Z', l7: { http: { url: 'x'.repeat(50_000) } } },
        }),
      );
  }
}

/** Bodies for POST /api/lab/validate: broken JSON, wrong shapes, hostile YAML. */
export function validateBody(g: Gen): Buffer {
  const yaml = g.pick([
    'kind: [',
    '*a',
    'a: &a [*a, *a]',
    '---\n---\nkind: NetworkPolicy',
    'kind: CiliumNetworkPolicy\nspec: 5',
    'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: x}\nspec: {ingress: 1}',
    '\u0000\t\r\n',
    'x'.repeat(1 + g.int(5000)),
  ]);
  switch (g.int(6)) {
    case 0:
      return g.bytes(1 + g.int(4096));
    case 1:
      return Buffer.from(g.pick(['{', '{"changes":', 'null', '[]', '"s"', '{"changes":[1]}']));
    case 2:
      return Buffer.from(JSON.stringify({ changes: [{ action: g.pick(['apply', 'remove', 7]) }] }));
    case 3:
      return Buffer.from(
        JSON.stringify({
          changes: [
            { action: 'remove', kind: g.pick(HOSTILE), namespace: g.pick(HOSTILE), name: 'x' },
          ],
        }),
      );
    default:
      return Buffer.from(JSON.stringify({ changes: [{ action: 'apply', yaml }] }));
  }
}
