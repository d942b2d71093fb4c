// Filter text parsed for tests: the query, or the error, failing the test otherwise.
import assert from 'node:assert/strict';
import type { FlowQuery } from '@/server/filter/filter-types';
import { parseFilterText } from '@/server/filter/parse-filter-text';

export function parsedQuery(text: string): FlowQuery {
  const r = parseFilterText(text);
  if (!r.ok) assert.fail(`expected "${text}" to parse, got: ${r.error}`);
  return r.query;
}

export function parseError(text: string): string {
  const r = parseFilterText(text);
  if (r.ok) assert.fail(`expected "${text}" to fail, got ${JSON.stringify(r.query)}`);
  return r.error;
}
