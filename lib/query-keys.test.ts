import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverageQueryOptions } from './coverage/queries';
import { flowsQueryOptions } from './flows/queries';
import { mapQueryOptions } from './map/queries';
import { readMapFilters } from './map/filters';
import { policyViewQueryOptions, selfCheckQueryOptions } from './policy/queries';
import { timelineQueryOptions } from './timeline/queries';
import { readTimelineFilters } from './timeline/filters';
import type { TimeWindow } from './time-window/time-window';

function windowPart(key: readonly unknown[]): unknown {
  const last = key[key.length - 1] as { window?: unknown };
  return last.window;
}

test('every view keys the same window the same way, so one window is one cache entry per view', () => {
  const windows: [TimeWindow, string][] = [
    [{ kind: 'relative', last: '15m', ms: 900_000 }, 'last:15m'],
    [{ kind: 'absolute', from: 1000, to: 2000 }, '1000-2000'],
  ];
  for (const [w, expected] of windows) {
    const keys = [
      flowsQueryOptions('--verdict DROPPED', w).queryKey,
      mapQueryOptions(w, readMapFilters(new URLSearchParams())).queryKey,
      timelineQueryOptions(w, readTimelineFilters(new URLSearchParams())).queryKey,
      policyViewQueryOptions({ kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'p' }, w)
        .queryKey,
      selfCheckQueryOptions(w).queryKey,
      coverageQueryOptions(w, []).queryKey,
    ];
    for (const key of keys) assert.equal(windowPart(key), expected, JSON.stringify(key));
  }
});
