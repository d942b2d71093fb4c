import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromLocalInput, parseCustomRange, toLocalInput } from './local-time';

test('local input values round-trip to the minute', () => {
  const ms = new Date(2026, 10, 20, 9, 5).getTime();
  assert.equal(toLocalInput(ms), '2026-11-20T09:05');
  assert.equal(fromLocalInput('2026-11-20T09:05'), ms);
  assert.equal(fromLocalInput('2026-11-20T09:05:30'), ms + 30_000);
  assert.equal(fromLocalInput('yesterday'), undefined);
});

test('a custom range needs both ends, in order', () => {
  assert.deepEqual(parseCustomRange('', '2026-11-20T09:05'), {
    ok: false,
    error: 'Choose a start time.',
  });
  assert.equal(parseCustomRange('2026-11-20T10:00', '2026-11-20T09:00').ok, false);
  const ok = parseCustomRange('2026-11-20T09:00', '2026-11-20T10:00');
  assert.ok(ok.ok && ok.to - ok.from === 3_600_000);
});
