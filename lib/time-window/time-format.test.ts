import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scaleTime } from 'd3';
import {
  formatClock,
  formatDateTime,
  fromZoneInput,
  setZoneMode,
  timeTicks,
  toZoneInput,
  zoneLabel,
} from './time-format';

const ts = Date.UTC(2026, 11, 2, 21, 4, 5, 6);

test('times are 24-hour in ISO date order, in UTC when chosen', () => {
  assert.equal(formatClock(ts, {}, 'utc'), '21:04:05');
  assert.equal(formatClock(ts, { ms: true }, 'utc'), '21:04:05.006');
  assert.equal(formatDateTime(ts, {}, 'utc'), '2026-12-02 21:04:05');
  assert.equal(formatClock(Number.NaN, {}, 'utc'), '');
  assert.equal(zoneLabel('utc'), 'UTC');
});

test('local times follow the process zone and name its offset', () => {
  const d = new Date(ts);
  const hh = String(d.getHours()).padStart(2, '0');
  assert.equal(formatClock(ts, { minutes: true }, 'local').slice(0, 2), hh);
  assert.match(zoneLabel('local', ts), /^UTC[+-]\d\d:\d\d/);
});

test('the module zone is what the formatters use by default', () => {
  setZoneMode('utc');
  try {
    assert.equal(formatDateTime(ts, { ms: true }), '2026-12-02 21:04:05.006');
  } finally {
    setZoneMode('local');
  }
});

test('time inputs round-trip to the minute in either zone and refuse other formats', () => {
  const minute = Date.UTC(2026, 10, 20, 9, 5);
  assert.equal(toZoneInput(minute, 'utc'), '2026-11-20 09:05');
  assert.equal(fromZoneInput('2026-11-20 09:05', 'utc'), minute);
  assert.equal(fromZoneInput('2026-11-20T09:05:30', 'utc'), minute + 30_000);
  assert.equal(fromZoneInput(toZoneInput(minute, 'local'), 'local'), minute);
  for (const bad of ['yesterday', '11/20/2026 09:05', '2026-11-20 9:05 PM', '2026-02-30 10:00'])
    assert.equal(fromZoneInput(bad, 'utc'), undefined, bad);
});

test('axis ticks are 24-hour clock labels, with the date where the day changes', () => {
  const x = scaleTime()
    .domain([new Date(Date.UTC(2026, 11, 2, 22, 0)), new Date(Date.UTC(2026, 11, 3, 2, 0))])
    .range([0, 800]);
  const ticks = timeTicks(x, 8, 'utc');
  assert.ok(ticks.length >= 4);
  assert.ok(
    ticks.every((t) => /^(\d\d-\d\d )?\d\d:\d\d$/.test(t.label)),
    JSON.stringify(ticks),
  );
  assert.ok(
    ticks.some((t) => t.label === '12-03 00:00'),
    JSON.stringify(ticks),
  );
  assert.ok(!ticks.some((t) => /AM|PM/.test(t.label)));
});
