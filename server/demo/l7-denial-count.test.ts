// An HTTP request the L7 policy denies is one decision, so every count shows it once. The
// proxy logs the request as Denied and its own 403 reply as a Response (cilium/proxy
// cilium/l7policy.cc); Hubble turns them into a DROPPED REQUEST and a FORWARDED RESPONSE
// (Cilium pkg/envoy GetVerdict, pkg/hubble/parser/seven decodeVerdict).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FlowRecord } from '@/lib/api/flow-record';
import { reportedVerdict } from '@/server/policies/evaluate';
import { explainFlow } from '@/server/policies/explain';
import type { Policy } from '@/server/policies/model';
import { loadPolicyFolder } from '@/server/policies/source';
import { toFlowRecord } from '@/server/ingest/to-flow-record';
import { openFlowStore } from '@/server/store/flow-store';
import type { FlowStore } from '@/server/store/flow-store';
import { DEFAULT_SCENARIO } from './scenario/default-scenario';
import { ScenarioGenerator } from './scenario/generator';
import type { ScenarioSpec, StorySpec } from './scenario/spec';

const START_NS = 1_700_000_000_000_000_000n;
const SECONDS = 60;
const POLICY_DIR = path.join(import.meta.dirname, '..', 'policies', 'demo');

/** The demo's frontend -> backend HTTP story with only the routes backend-api denies. */
function deniedOnlySpec(): ScenarioSpec {
  const story = DEFAULT_SCENARIO.stories.find(
    (s): s is Extract<StorySpec, { kind: 'http' }> => s.kind === 'http' && s.to === 'backend',
  );
  assert.ok(story, 'the demo has a frontend -> backend HTTP story');
  const routes = story.routes.filter((r) => !r.allowed);
  assert.ok(routes.length > 0);
  return { ...DEFAULT_SCENARIO, stories: [{ ...story, routes }] };
}

const requestId = (f: FlowRecord): string | undefined =>
  f.l7?.http?.headers.find((h) => h.key === 'x-request-id')?.value;

describe('an L7 denial counts once', () => {
  let records: FlowRecord[];
  let denials: number;
  let store: FlowStore;
  let policies: Policy[];
  const window = { from: 0, to: 0 };

  before(async () => {
    const gen = new ScenarioGenerator({ spec: deniedOnlySpec(), startNs: START_NS, seed: 9 });
    records = gen.advance(START_NS + BigInt(SECONDS) * 1_000_000_000n).map(toFlowRecord);
    const requests = records.filter((f) => f.l7?.type === 'REQUEST' && f.l7.http);
    denials = new Set(requests.map(requestId)).size;
    assert.equal(denials, requests.length, 'one request record per request id');
    store = await openFlowStore({
      limits: { maxFlows: 1_000_000, maxBytes: 2 ** 40, maxAgeMs: 86_400_000 },
    });
    for (const r of records) store.append(r);
    window.from = Math.min(...records.map((r) => r.ts));
    window.to = Math.max(...records.map((r) => r.ts)) + 1;
    const source = await loadPolicyFolder(POLICY_DIR);
    policies = source.policies();
  });
  after(() => store.close());

  it('the relay emits one DROPPED record per denied request, none for its 403', () => {
    assert.ok(denials > 20, `only ${denials} denials`);
    const dropped = records.filter((f) => f.verdict === 'DROPPED');
    assert.equal(dropped.length, denials);
    assert.ok(dropped.every((f) => f.l7?.type === 'REQUEST'));
    const forbidden = records.filter((f) => f.l7?.http?.code === 403);
    assert.equal(forbidden.length, denials);
    assert.ok(forbidden.every((f) => f.verdict === 'FORWARDED' && f.l7?.type === 'RESPONSE'));
  });

  it('the flow list, the timeline and the map count each denial once', () => {
    const list = store.scan({
      ...window,
      query: { whitelist: [{ verdict: ['DROPPED'] }], blacklist: [] },
      order: 'oldest',
      limit: 100_000,
    });
    assert.equal(list.flows.length, denials);
    const timeline = store.timeline({ ...window });
    assert.equal(
      timeline.verdicts.dropped.reduce((a, b) => a + b, 0),
      denials,
    );
    const map = store.serviceMap({ ...window });
    assert.equal(map.totals.dropped, denials);
  });

  it('reportedVerdict gives one decision per denied request, none for its response', () => {
    const decisions = new Map<string, string[]>();
    for (const f of records.filter((r) => r.eventType === 129)) {
      const verdict = reportedVerdict(f);
      if (verdict === undefined) continue;
      const id = requestId(f) ?? f.id;
      decisions.set(id, [...(decisions.get(id) ?? []), verdict]);
    }
    assert.equal(decisions.size, denials);
    for (const verdicts of decisions.values()) assert.deepEqual(verdicts, ['default-deny']);
  });

  it("the 403 response's explanation names the L7 difference and does not claim a disagreement", () => {
    const response = records.find((f) => f.l7?.http?.code === 403);
    assert.ok(response);
    const ex = explainFlow(policies, response);
    assert.equal(ex.evaluation.verdict, 'default-deny');
    assert.equal(ex.nearest[0]?.name, 'backend-api');
    assert.match(ex.nearest[0]?.differences.join() ?? '', /HTTP (method|path)/);
    assert.equal(ex.agrees, undefined);
  });
});
