// Query and path parameters shared by the flow routes, validated into typed values.
import 'server-only';
import { z } from 'zod';
import { parseFilterText } from '@/server/filter/parse-filter-text';
import type { FlowQuery } from '@/server/filter/filter-types';
import { decisionOf } from '@/server/policies/attribution';
import type { PolicySource } from '@/server/policies/source';
import { ApiError } from './api-error';

const MAX_FILTER_LENGTH = 4000;
const FLOW_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|fs-[0-9a-f]{32})$/i;

/** A flow id from the path or a parameter: a Hubble uuid or a derived `fs-` id. */
export function parseFlowId(value: string, param: string): string {
  if (!FLOW_ID.test(value)) {
    throw ApiError.badRequest(`${param}: not a flow id (a uuid, or fs- and 32 hex digits)`, param);
  }
  return value;
}

export function parseFlowQuery(params: URLSearchParams): FlowQuery {
  const values = params.getAll('q');
  if (values.length > 1) throw ApiError.badRequest('q: give the filter once', 'q');
  const text = values[0] ?? '';
  if (text.length > MAX_FILTER_LENGTH) {
    throw ApiError.badRequest(`q: filter longer than ${MAX_FILTER_LENGTH} characters`, 'q');
  }
  const parsed = parseFilterText(text);
  if (!parsed.ok) throw ApiError.badRequest(`q: ${parsed.error}`, 'q');
  return parsed.query;
}

/**
 * The query with the decisions its `--policy` and `--decision` flags test: each flow's
 * decidedBy under the policies in force when the flow is tested, as the flow list shows it.
 */
export function withDecisions(query: FlowQuery, source: PolicySource): FlowQuery {
  const uses = [...query.whitelist, ...query.blacklist].some(
    (f) => (f.policy?.length ?? 0) > 0 || (f.decision?.length ?? 0) > 0,
  );
  return uses ? { ...query, decide: (f) => decisionOf(source.policies(), f) } : query;
}

const limitSchema = z.coerce.number().int().min(1).max(5000);

export function parseLimit(params: URLSearchParams, fallback: number): number {
  const raw = params.get('limit');
  if (raw === null) return fallback;
  const parsed = limitSchema.safeParse(raw.trim() === '' ? NaN : raw);
  if (!parsed.success) {
    throw ApiError.badRequest(
      `limit: must be a whole number from 1 to 5000, got "${raw.slice(0, 40)}"`,
      'limit',
    );
  }
  return parsed.data;
}

/** Rejects parameters the route does not know, so a typo is an error instead of ignored. */
export function rejectUnknownParams(params: URLSearchParams, known: readonly string[]): void {
  for (const key of params.keys()) {
    if (!known.includes(key)) {
      throw ApiError.badRequest(
        `unknown parameter "${key.slice(0, 40)}" (known: ${known.join(', ')})`,
        key.slice(0, 40),
      );
    }
  }
}
