// The browser's EventSource is not run here: a fake EventSource stands in for it, and the
// tests drive it as the browser would (open, messages, errors, its readyState).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EVENT_SOURCE_CLOSED,
  LiveStreams,
  type EventSourceLike,
  type LiveStreamEvent,
  type LiveStreamState,
} from './live-stream';

const CONNECTING = 0;
const OPEN = 1;

class FakeEventSource implements EventSourceLike {
  static made: FakeEventSource[] = [];
  readyState = CONNECTING;
  closed = false;
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;

  constructor(readonly url: string) {
    FakeEventSource.made.push(this);
  }
  close() {
    this.closed = true;
    this.readyState = EVENT_SOURCE_CLOSED;
  }
  /** The server answered 200 with an event stream. */
  opened() {
    this.readyState = OPEN;
    this.onopen?.(new Event('open'));
  }
  send(data: unknown) {
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    this.onmessage?.(new MessageEvent('message', { data: text }));
  }
  /** The connection dropped; the browser retries by itself. */
  dropped() {
    this.readyState = CONNECTING;
    this.onerror?.(new Event('error'));
  }
  /** The server answered with an HTTP error: the browser gives up on this source. */
  refused() {
    this.readyState = EVENT_SOURCE_CLOSED;
    this.onerror?.(new Event('error'));
  }
}

function streams() {
  FakeEventSource.made = [];
  return new LiveStreams({ open: (url) => new FakeEventSource(url), reopenMs: 5000 });
}

function recorder() {
  const r = {
    events: [] as LiveStreamEvent[],
    states: [] as LiveStreamState[],
    onEvent: (e: LiveStreamEvent) => r.events.push(e),
    onState: (s: LiveStreamState) => r.states.push(s),
  };
  return r;
}

test('with a fake EventSource: subscribers of one URL share one connection, other URLs get theirs', () => {
  const live = streams();
  const a = recorder();
  const b = recorder();
  const other = recorder();
  live.subscribe('/api/flows/stream?q=', a);
  live.subscribe('/api/flows/stream?q=', b);
  live.subscribe('/api/flows/stream?q=verdict%3ADROPPED', other);
  assert.deepEqual(
    FakeEventSource.made.map((es) => es.url),
    ['/api/flows/stream?q=', '/api/flows/stream?q=verdict%3ADROPPED'],
  );
  assert.equal(live.subscriberCount('/api/flows/stream?q='), 2);
  const [all, drops] = FakeEventSource.made;
  all!.opened();
  all!.send({ kind: 'flows', flows: [{ id: 'f1' }] });
  drops!.send({ kind: 'flows', flows: [{ id: 'f2' }] });
  assert.deepEqual(a.events, [{ kind: 'flows', flows: [{ id: 'f1' }] }]);
  assert.deepEqual(b.events, a.events);
  assert.deepEqual(other.events, [{ kind: 'flows', flows: [{ id: 'f2' }] }]);
  assert.deepEqual(a.states, ['live']);
  assert.deepEqual(other.states, []);
  // One joining a stream that is already live is told so at once.
  const late = recorder();
  live.subscribe('/api/flows/stream?q=', late);
  assert.deepEqual(late.states, ['live']);
  assert.equal(FakeEventSource.made.length, 2);
});

test('with a fake EventSource: a dropped connection reads as reconnecting until the browser is back', () => {
  const live = streams();
  const sub = recorder();
  live.subscribe('/s', sub);
  const es = FakeEventSource.made[0]!;
  es.opened();
  es.dropped();
  es.opened();
  assert.deepEqual(sub.states, ['live', 'reconnecting', 'live']);
  // The browser did the retrying on the same source: none was opened by us.
  assert.equal(FakeEventSource.made.length, 1);
});

test('with a fake EventSource: after an HTTP error the stream is reopened after the delay', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const live = streams();
  const sub = recorder();
  live.subscribe('/s', sub);
  const first = FakeEventSource.made[0]!;
  first.opened();
  first.refused();
  assert.deepEqual(sub.states, ['live', 'closed']);
  t.mock.timers.tick(4999);
  assert.equal(FakeEventSource.made.length, 1);
  t.mock.timers.tick(1);
  assert.equal(FakeEventSource.made.length, 2);
  const second = FakeEventSource.made[1]!;
  assert.equal(second.url, '/s');
  // The given-up source says nothing more, even if its handlers are called late.
  first.send({ kind: 'status', status: { state: 'stale' } });
  second.opened();
  second.send({ kind: 'status', status: { state: 'connected' } });
  assert.deepEqual(sub.states, ['live', 'closed', 'live']);
  assert.deepEqual(sub.events, [{ kind: 'status', status: { state: 'connected' } }]);
  // Refused again: retried again, as long as someone listens.
  second.refused();
  t.mock.timers.tick(5000);
  assert.equal(FakeEventSource.made.length, 3);
});

test('with a fake EventSource: resync events reach every subscriber, in order with the flows', () => {
  const live = streams();
  const a = recorder();
  const b = recorder();
  live.subscribe('/s', a);
  live.subscribe('/s', b);
  const es = FakeEventSource.made[0]!;
  es.opened();
  es.send({ kind: 'flows', flows: [{ id: 'f1' }] });
  es.send({ kind: 'resync', missed: 1200 });
  es.send({ kind: 'flows', flows: [{ id: 'f2' }] });
  const kinds = (r: ReturnType<typeof recorder>) =>
    r.events.map((e) => ('missed' in e ? `${e.kind}:${String(e.missed)}` : e.kind));
  assert.deepEqual(kinds(a), ['flows', 'resync:1200', 'flows']);
  assert.deepEqual(kinds(b), kinds(a));
});

test('with a fake EventSource: a malformed event is counted and skipped, the stream goes on', () => {
  const live = streams();
  const sub = recorder();
  live.subscribe('/s', sub);
  const es = FakeEventSource.made[0]!;
  es.opened();
  es.send('<html>502 Bad Gateway</html>');
  es.send('{"kind":"flows","flows":[');
  es.send('null');
  es.send('[1,2]');
  es.send('{"flows":[]}');
  es.send({ kind: 'map-delta', delta: { totals: { flows: 3 } } });
  assert.equal(live.malformedCount, 5);
  assert.deepEqual(sub.events, [{ kind: 'map-delta', delta: { totals: { flows: 3 } } }]);
  assert.deepEqual(sub.states, ['live']);
});

test('with a fake EventSource: the last subscriber leaving closes the source and clears the reopen', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const live = streams();
  const a = recorder();
  const b = recorder();
  const leaveA = live.subscribe('/s', a);
  const leaveB = live.subscribe('/s', b);
  const es = FakeEventSource.made[0]!;
  es.opened();
  leaveA();
  assert.equal(es.closed, false);
  es.send({ kind: 'resync', missed: 1 });
  assert.equal(a.events.length, 0);
  assert.equal(b.events.length, 1);
  leaveB();
  leaveB();
  assert.equal(es.closed, true);
  assert.equal(live.connectionCount, 0);

  // Left while waiting to reopen: the timer is cleared, nothing opens afterwards.
  const c = recorder();
  const leaveC = live.subscribe('/s', c);
  const refused = FakeEventSource.made[1]!;
  refused.refused();
  assert.deepEqual(c.states, ['closed']);
  leaveC();
  t.mock.timers.tick(60_000);
  assert.equal(FakeEventSource.made.length, 2);
  assert.equal(live.connectionCount, 0);

  // Coming back later opens a fresh source.
  live.subscribe('/s', recorder());
  assert.equal(FakeEventSource.made.length, 3);
  assert.equal(FakeEventSource.made[2]!.closed, false);
});
