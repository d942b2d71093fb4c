import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCustomRange } from './custom-range';

test('a custom range needs both ends, in order', () => {
  assert.deepEqual(parseCustomRange('', '2026-11-20 09:05'), {
    ok: false,
    error: 'Choose a start time.',
  });
  assert.equal(parseCustomRange('2026-11-20 10:00', '2026-11-20 09:00').ok, false);
  const ok = parseCustomRange('2026-11-20 09:00', '2026-11-20T10:00');
  assert.ok(ok.ok && ok.to - ok.from === 3_600_000);
});

test('a typed time in a locale format is refused with the format to use', () => {
  const res = parseCustomRange('11/20/2026 09:00 AM', '2026-11-20 10:00');
  assert.deepEqual(res, { ok: false, error: 'Write the start as YYYY-MM-DD HH:MM.' });
  assert.equal(parseCustomRange('2026-02-31 10:00', '2026-03-01 10:00').ok, false);
});
