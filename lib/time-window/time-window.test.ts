import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWindowParams, pinWindow, resolveWindow, windowParams } from './time-window';

const parse = (q: string) => parseWindowParams(new URLSearchParams(q));

test('relative and absolute windows parse and round-trip through URL parameters', () => {
  const rel = parse('window=1h');
  assert.deepEqual(rel, { ok: true, window: { kind: 'relative', last: '1h', ms: 3_600_000 } });
  const abs = parse('from=2026-11-20T10:00:00Z&to=2026-11-20T10:15:00.5Z');
  assert.ok(abs.ok);
  assert.deepEqual(resolveWindow(abs.window, 0), {
    from: Date.parse('2026-11-20T10:00:00Z'),
    to: Date.parse('2026-11-20T10:15:00.500Z'),
  });
  assert.deepEqual(parse(new URLSearchParams(windowParams(abs.window)).toString()), abs);
  assert.deepEqual(parse('from=1000&to=2000'), {
    ok: true,
    window: { kind: 'absolute', from: 1000, to: 2000 },
  });
  const none = parse('');
  assert.equal(none.ok && none.window.kind, 'relative');
});

test('a live window pinned for sharing covers the same span, fixed', () => {
  const now = Date.parse('2026-11-21T08:00:00Z');
  const pinned = pinWindow({ kind: 'relative', last: '15m', ms: 900_000 }, now);
  assert.deepEqual(pinned, { kind: 'absolute', from: now - 900_000, to: now });
});

test('bad windows say what is wrong and which parameter', () => {
  const cases: [string, string, RegExp][] = [
    ['window=15x', 'window', /not a duration/],
    ['window=40d', 'window', /at most 31d/],
    ['window=5m&from=1', 'window', /either window or from\/to/],
    ['from=1000', 'to', /go together/],
    ['from=yesterday&to=1', 'from', /not a time/],
    ['from=2000&to=1000', 'to', /after from/],
    ['from=0&to=99999999999999', 'to', /31 days/],
  ];
  for (const [q, param, message] of cases) {
    const r = parse(q);
    assert.equal(r.ok, false, q);
    if (!r.ok) {
      assert.equal(r.param, param, q);
      assert.match(r.error, message, q);
    }
  }
});
