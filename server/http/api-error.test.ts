// What a failing route answers and what it leaves in the log: an unexpected error answers a
// bare 500 and is logged with its stack and its chain of causes; an ApiError answers itself.
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, handleRoute } from './api-error';

/** Runs `fn` and returns the JSON lines written to stderr meanwhile. */
async function stderrLines(fn: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const write = mock.method(process.stderr, 'write', (chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await fn();
  } finally {
    write.mock.restore();
  }
  return lines
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function failingRead(): never {
  const disk = new Error('EIO: i/o error, read');
  const segment = new Error('segment 12 unreadable', { cause: disk });
  throw new Error('flow scan failed', { cause: segment });
}

test('an unexpected error answers 500 and is logged with its stack and causes', async () => {
  let res: Response | undefined;
  const logged = await stderrLines(async () => {
    res = await handleRoute(async () => failingRead());
  });
  assert.equal(res?.status, 500);
  // Nothing of the error reaches the client.
  assert.deepEqual(await res?.json(), { error: 'internal error' });
  assert.equal(logged.length, 1);
  const line = logged[0]!;
  assert.equal(line.level, 'error');
  assert.equal(line.msg, 'request failed');
  assert.equal(line.error, 'flow scan failed');
  assert.match(String(line.stack), /^Error: flow scan failed\n\s+at failingRead/);
  const cause = String(line.cause);
  assert.match(cause, /^Error: segment 12 unreadable\n\s+at failingRead/);
  assert.match(cause, /\ncaused by: Error: EIO: i\/o error, read\n\s+at failingRead/);
});

test('a cause chain that loops is logged to a bounded depth', async () => {
  const a = new Error('a');
  const b = new Error('b', { cause: a });
  a.cause = b;
  const logged = await stderrLines(() =>
    handleRoute(async () => {
      throw a;
    }),
  );
  const causes = String(logged[0]?.cause).split('\ncaused by: ');
  assert.equal(causes.length, 5);
  assert.match(causes[0]!, /^Error: b/);
  assert.match(causes[1]!, /^Error: a/);
});

test('a thrown value that is not an Error is logged as text', async () => {
  const logged = await stderrLines(() =>
    handleRoute(async () => {
      throw 'relay gone';
    }),
  );
  assert.equal(logged[0]?.error, 'relay gone');
});

test('an ApiError answers its own status and parameter and is not logged as a failure', async () => {
  let res: Response | undefined;
  const logged = await stderrLines(async () => {
    res = await handleRoute(async () => {
      throw ApiError.badRequest('window: too long', 'window');
    });
  });
  assert.equal(res?.status, 400);
  assert.deepEqual(await res?.json(), { error: 'window: too long', param: 'window' });
  assert.deepEqual(logged, []);
});
