// Turns an edge's L7 digest counts into the JSON summary: methods, status classes, top
// normalised paths and DNS query names.
import 'server-only';
import type { L7Digest } from './l7-digest';
import type { EdgeL7 } from '@/lib/api/aggregate';

const TOP_PATHS = 10;
const TOP_QUERIES = 20;

function bump(rec: Record<string, number>, key: string, n: number): void {
  rec[key] = (rec[key] ?? 0) + n;
}

function top(counts: Map<string, number>, limit: number): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit);
}

interface Side {
  methods: Record<string, number>;
  paths: Map<string, number>;
}

// A request and its response both carry method and url; counting one side keeps the figures
// per exchange. Requests are preferred; proxies that only report responses still show up.
function pickSide(req: Side, resp: Side): Side {
  return req.paths.size > 0 ? req : resp;
}

export function summariseL7(
  digests: readonly (L7Digest | undefined)[],
  counts: ReadonlyMap<number, number> | undefined,
): EdgeL7 {
  const out: EdgeL7 = { httpMethods: {}, httpStatus: {}, httpPaths: [], dnsQueries: [] };
  if (!counts) return out;
  const req: Side = { methods: {}, paths: new Map() };
  const resp: Side = { methods: {}, paths: new Map() };
  const queries = new Map<string, number>();
  for (const [id, n] of counts) {
    const d = digests[id];
    if (!d) continue;
    if (d.kind === 'dns') {
      queries.set(d.query, (queries.get(d.query) ?? 0) + n);
      continue;
    }
    if (d.status) bump(out.httpStatus, d.status, n);
    const side = d.status ? resp : req;
    if (d.method) bump(side.methods, d.method, n);
    side.paths.set(d.path, (side.paths.get(d.path) ?? 0) + n);
  }
  const side = pickSide(req, resp);
  out.httpMethods = side.methods;
  out.httpPaths = top(side.paths, TOP_PATHS).map(([path, count]) => ({ path, count }));
  out.dnsQueries = top(queries, TOP_QUERIES).map(([query, count]) => ({ query, count }));
  return out;
}
