// The header's relay status as a user reads it: a configuration error says to check the
// settings, and a status that could not be refreshed is marked so instead of passing for
// current.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { RelayStatus } from '@/lib/api/types';
import { formatClock } from '@/lib/time-window/time-format';
import { RelayStatusView, type RelayStatusViewProps } from './relay-status-bar';

const AT = Date.UTC(2024, 0, 2, 14, 3, 7);

function status(over: Partial<RelayStatus> = {}): RelayStatus {
  return {
    mode: 'relay',
    address: 'hubble-relay:4245',
    tls: false,
    state: 'connected',
    stateSince: AT,
    reconnects: 0,
    nodes: [],
    connectedNodes: 2,
    unavailableNodes: 0,
    lostEvents: { total: 0, bySource: {} },
    flowsReceived: 10,
    duplicatesDropped: 0,
    undecodable: 0,
    ...over,
  };
}

/** The header's visible text. */
function text(props: RelayStatusViewProps): string {
  const html = renderToStaticMarkup(createElement(RelayStatusView, props));
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

test('a status poll that fails after one succeeded marks the shown status as stale', () => {
  const shown = text({
    status: status(),
    error: new Error('503 Service Unavailable'),
    updatedAt: AT,
  });
  assert.match(shown, /connected/);
  assert.ok(
    shown.includes(`not refreshed since ${formatClock(AT)}: 503 Service Unavailable`),
    shown,
  );
  const html = renderToStaticMarkup(
    createElement(RelayStatusView, { status: status(), error: new Error('x'), updatedAt: AT }),
  );
  assert.match(html, /data-stale="true"/);
});

test('a status that was refreshed is shown without a stale mark', () => {
  const shown = text({ status: status(), error: null, updatedAt: AT });
  assert.doesNotMatch(shown, /not refreshed/);
  const html = renderToStaticMarkup(
    createElement(RelayStatusView, { status: status(), error: null, updatedAt: AT }),
  );
  assert.doesNotMatch(html, /data-stale/);
});

test('without any status the header says the server is unreachable and why', () => {
  const shown = text({ status: undefined, error: new Error('Failed to fetch'), updatedAt: 0 });
  assert.equal(shown, 'unreachable Failed to fetch');
});

test('a relay refusing credentials reads as a configuration error with its retry', () => {
  const s = status({
    state: 'reconnecting',
    lastError: 'configuration error: UNAUTHENTICATED: bad client certificate',
    errorKind: 'configuration',
    nextRetryAt: Date.now() + 60_000,
  });
  const shown = text({ status: s, error: null, updatedAt: AT });
  assert.match(shown, /Check Flowscope's relay settings: configuration error: UNAUTHENTICATED/);
  assert.match(shown, /retry in (59|60)s/);
  const html = renderToStaticMarkup(
    createElement(RelayStatusView, { status: s, error: null, updatedAt: AT }),
  );
  assert.match(html, /data-kind="configuration"/);
});

test('failing relay status polls are shown beside a connected stream', () => {
  const s = status({ pollError: 'ServerStatus: PERMISSION_DENIED: no access' });
  const shown = text({ status: s, error: null, updatedAt: AT });
  assert.match(shown, /status unavailable: ServerStatus: PERMISSION_DENIED: no access/);
});
