import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRetention, prettyJson } from './format';

const HOUR = 3_600_000;

test('retention shows the span and the limits', () => {
  const r = describeRetention({
    oldest: new Date(2024, 0, 2, 10, 0, 0, 5).getTime(),
    newest: new Date(2024, 0, 2, 14, 0, 0, 0).getTime(),
    flows: 1000,
    maxFlows: 1_000_000,
    maxAgeMs: 24 * HOUR,
  });
  assert.equal(r.span, '2024-01-02 10:00:00.005 → 2024-01-02 14:00:00.000');
  assert.equal(r.limits, 'up to 1,000,000 flows, for at most 24 hours');
  assert.equal(r.likelyAgedOut, false);
});

test('a full or an old history means the flow likely aged out', () => {
  const full = describeRetention({
    flows: 100,
    maxFlows: 100,
    maxAgeMs: HOUR,
    oldest: 0,
    newest: 1,
  });
  assert.equal(full.likelyAgedOut, true);
  const old = describeRetention({
    flows: 1,
    maxFlows: 100,
    maxAgeMs: HOUR,
    oldest: 0,
    newest: HOUR,
  });
  assert.equal(old.likelyAgedOut, true);
  assert.equal(
    describeRetention({ flows: 0, maxFlows: 100, maxAgeMs: 1.5 * HOUR }).span,
    'the history is empty',
  );
  assert.match(
    describeRetention({ flows: 0, maxFlows: 100, maxAgeMs: 1.5 * HOUR }).limits,
    /1\.5 hours/,
  );
});

test('pretty JSON is indented and escapes bidi and invisible characters', () => {
  const out = prettyJson('{"uuid":"u1","name":"a\u202eb\u200bc"}');
  assert.equal(out, '{\n  "uuid": "u1",\n  "name": "a\\u202eb\\u200bc"\n}');
  assert.deepEqual(JSON.parse(out), { uuid: 'u1', name: 'a\u202eb\u200bc' });
  assert.equal(prettyJson('not json\u202e'), 'not json\\u202e');
});
