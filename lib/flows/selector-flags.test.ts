import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_BROWSER_FLOWS } from '@/lib/flows/queries';
import { parseDuration, type TimeWindow } from '@/lib/time-window/time-window';
import {
  lastParamError,
  MAX_LAST,
  parseGoDuration,
  parseHubbleTime,
  parseLastParam,
  resolveSelectorFlags,
  splitSelectorFlags,
} from './selector-flags';

// The instant Cilium's hubble/pkg/time/time_test.go takes as now.
const NOW = Date.parse('2019-07-01T14:00:00Z');
const FIFTEEN: TimeWindow = { kind: 'relative', last: '15m', ms: 15 * 60_000 };

const at = (text: string): string | undefined => {
  const t = parseHubbleTime(text, NOW);
  return t === undefined ? undefined : new Date(t.ms).toISOString();
};

test('times read as hubble/pkg/time FromString reads them (its test table)', () => {
  assert.equal(at('10s'), '2019-07-01T13:59:50.000Z');
  assert.equal(at('5m'), '2019-07-01T13:55:00.000Z');
  assert.equal(at('20h'), '2019-06-30T18:00:00.000Z');
  assert.equal(at('2019-06-30T18:00:00Z'), '2019-06-30T18:00:00.000Z');
  assert.equal(at('2019-06-30'), '2019-06-30T00:00:00.000Z');
  assert.equal(at('2019-06-30T18Z'), '2019-06-30T18:00:00.000Z');
  assert.equal(at('2019-06-30T18:45Z'), '2019-06-30T18:45:00.000Z');
  assert.equal(at('2019-06-30T18+02:00'), '2019-06-30T16:00:00.000Z');
  assert.equal(at('2019-06-30T18:45+02:00'), '2019-06-30T16:45:00.000Z');
});

test('RFC 3339 with fractions and RFC 1123 with a numeric zone are times too', () => {
  assert.equal(at('2019-06-30T18:00:00.123456789Z'), '2019-06-30T18:00:00.123Z');
  assert.equal(at('2019-06-30T18:00:00.5-01:30'), '2019-06-30T19:30:00.500Z');
  assert.equal(at('Sun, 30 Jun 2019 18:00:00 +0200'), '2019-06-30T16:00:00.000Z');
});

test('what hubble refuses is refused', () => {
  for (const bad of [
    '',
    '5',
    '5 m',
    'm',
    '.m',
    '5y',
    '5M',
    'yesterday',
    '2019-6-30',
    '2019-06-31',
    '2019-02-29T10:00Z',
    '2019-06-30T24:00Z',
    '2019-06-30T18:00:00',
    '2019-06-30 18:00:00Z',
    '2019-06-30t18:00:00z',
    'Sun, 30 Jun 2019 18:00:00 GMT',
  ]) {
    assert.equal(parseHubbleTime(bad, NOW), undefined, bad);
  }
});

test('durations follow Go time.ParseDuration', () => {
  assert.equal(parseGoDuration('1h30m'), 90 * 60_000);
  assert.equal(parseGoDuration('1.5h'), 90 * 60_000);
  assert.equal(parseGoDuration('2h45m30.5s'), (2 * 3600 + 45 * 60 + 30.5) * 1000);
  assert.equal(parseGoDuration('300ms'), 300);
  assert.equal(parseGoDuration('1500us'), 1.5);
  assert.equal(parseGoDuration('1500µs'), 1.5);
  assert.equal(parseGoDuration('.5m'), 30_000);
  assert.equal(parseGoDuration('5.m'), 300_000);
  assert.equal(parseGoDuration('0'), 0);
  assert.equal(parseGoDuration('-5m'), -300_000);
  assert.equal(parseGoDuration('+5m'), 300_000);
  for (const bad of ['', '-', '0.0', '1d', '5', 'h', '1h 30m', '1mh']) {
    assert.equal(parseGoDuration(bad), undefined, bad);
  }
});

test('splitSelectorFlags takes the selector flags out and leaves the filter as typed', () => {
  assert.deepEqual(splitSelectorFlags('--verdict DROPPED --since 5m --http-path "/a  b"'), {
    ok: true,
    rest: '--verdict DROPPED --http-path "/a  b"',
    flags: { since: '5m' },
  });
  assert.deepEqual(splitSelectorFlags('--since=1h --until=30m --last 20'), {
    ok: true,
    rest: '',
    flags: { since: '1h', until: '30m', last: '20' },
  });
  assert.deepEqual(splitSelectorFlags('--since 5m --since 10m -n shop'), {
    ok: true,
    rest: '-n shop',
    flags: { since: '10m' },
  });
  assert.deepEqual(splitSelectorFlags('--namespace shop'), {
    ok: true,
    rest: '--namespace shop',
    flags: {},
  });
});

test('splitSelectorFlags explains a missing value or a negation', () => {
  assert.deepEqual(splitSelectorFlags('--since'), { ok: false, error: '--since needs a value' });
  assert.deepEqual(splitSelectorFlags('--last --verdict DROPPED'), {
    ok: false,
    error: '--last needs a value',
  });
  assert.deepEqual(splitSelectorFlags('--not --since 5m'), {
    ok: false,
    error: '--not cannot negate --since: it is not a filter',
  });
});

test('--since with a duration is a live window of that length', () => {
  const win = (since: string) => resolveSelectorFlags({ since }, NOW, FIFTEEN);
  assert.deepEqual(win('5m'), { ok: true, window: { kind: 'relative', last: '5m', ms: 300_000 } });
  assert.deepEqual(win('1h30m'), {
    ok: true,
    window: { kind: 'relative', last: '90m', ms: 5_400_000 },
  });
  assert.deepEqual(win('48h'), {
    ok: true,
    window: { kind: 'relative', last: '2d', ms: 172_800_000 },
  });
  assert.deepEqual(win('1500ms'), {
    ok: true,
    window: { kind: 'relative', last: '2s', ms: 2000 },
  });
  // Every label is one the URL's window parameter reads back to the same length.
  for (const since of ['5m', '1h30m', '48h', '1500ms', '90s', '7h']) {
    const r = win(since);
    assert.ok(r.ok && r.window?.kind === 'relative', since);
    assert.equal(parseDuration(r.window.last), r.window.ms, since);
  }
});

test('--since with a time reads up to now; with --until it is a fixed window', () => {
  assert.deepEqual(resolveSelectorFlags({ since: '2019-07-01T13:00:00Z' }, NOW, FIFTEEN), {
    ok: true,
    window: { kind: 'absolute', from: Date.parse('2019-07-01T13:00:00Z'), to: NOW },
  });
  assert.deepEqual(resolveSelectorFlags({ since: '10m', until: '5m' }, NOW, FIFTEEN), {
    ok: true,
    window: { kind: 'absolute', from: NOW - 600_000, to: NOW - 300_000 },
  });
  assert.deepEqual(
    resolveSelectorFlags({ since: '2019-07-01T10:00Z', until: '2019-07-01T11:00Z' }, NOW, FIFTEEN),
    {
      ok: true,
      window: {
        kind: 'absolute',
        from: Date.parse('2019-07-01T10:00Z'),
        to: Date.parse('2019-07-01T11:00Z'),
      },
    },
  );
});

test('--until alone keeps the length of the current window', () => {
  assert.deepEqual(resolveSelectorFlags({ until: '1h' }, NOW, FIFTEEN), {
    ok: true,
    window: { kind: 'absolute', from: NOW - 3_600_000 - 900_000, to: NOW - 3_600_000 },
  });
});

test('bad --since/--until values get a clear error', () => {
  const error = (flags: Parameters<typeof resolveSelectorFlags>[0]) => {
    const r = resolveSelectorFlags(flags, NOW, FIFTEEN);
    return r.ok ? 'ok' : r.error;
  };
  assert.equal(
    error({ since: '5 minutes' }),
    '--since: "5 minutes" is not a time; give a duration back from now such as 5m or 1h30m, or a time such as 2026-11-20T10:00:00Z',
  );
  assert.match(error({ until: 'noon' }), /^--until: "noon" is not a time; /);
  assert.equal(error({ since: '-5m' }), '--since: "-5m" is not in the past');
  assert.equal(error({ since: '5m', until: '10m' }), '--until must be after --since');
  assert.equal(error({ since: '800h' }), '--since: the window would be longer than 31 days');
  assert.equal(
    error({ since: '2019-01-01', until: '2019-03-01' }),
    'the window would be longer than 31 days',
  );
});

test('--last is a row count from 1 to what the page keeps', () => {
  assert.equal(MAX_LAST, MAX_BROWSER_FLOWS);
  assert.deepEqual(resolveSelectorFlags({ last: '20' }, NOW, FIFTEEN), { ok: true, last: 20 });
  for (const bad of ['0', '-1', '1.5', 'ten', '10001']) {
    const r = resolveSelectorFlags({ last: bad }, NOW, FIFTEEN);
    assert.ok(!r.ok, bad);
    assert.equal(r.error, `--last: "${bad}" is not a number of flows from 1 to 10,000`);
  }
  assert.equal(parseLastParam('20'), 20);
  assert.equal(parseLastParam(null), undefined);
  assert.equal(parseLastParam('lots'), undefined);
  assert.equal(lastParamError('20'), undefined);
  assert.equal(lastParamError(null), undefined);
  assert.equal(
    lastParamError('lots'),
    'the link\'s last parameter: "lots" is not a number of flows from 1 to 10,000',
  );
});
