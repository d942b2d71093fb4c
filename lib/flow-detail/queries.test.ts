import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { fetchFlowLookup } from './queries';
import { ApiError } from '@/lib/api-client';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

function answer(status: number, body: unknown): void {
  globalThis.fetch = async (input) => {
    answer.lastUrl = String(input);
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
}
answer.lastUrl = '';

test('a 404 lookup is data, with the retention', async () => {
  const retention = { flows: 3, maxFlows: 10, maxAgeMs: 1000 };
  answer(404, { found: false, retention });
  const got = await fetchFlowLookup('00000000-0000-4000-8000-000000000000');
  assert.deepEqual(got, { found: false, retention });
});

test('a 400 becomes an ApiError with the server message; the id is encoded', async () => {
  answer(400, { error: 'id: not a flow id', param: 'id' });
  await assert.rejects(fetchFlowLookup('x/../y'), (err: unknown) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 400);
    assert.equal(err.message, 'id: not a flow id');
    return true;
  });
  assert.equal(answer.lastUrl, '/api/flows/x%2F..%2Fy');
});

test('a 404 without a lookup body (e.g. a proxy page) is an error', async () => {
  answer(404, { nope: true });
  await assert.rejects(fetchFlowLookup('a'), ApiError);
});
