// POST /api/lab/preview through its route handler, and the flow list of a preview's changed
// flows (GET /api/flows?preview=<id>).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { POST } from '@/app/api/lab/preview/route';
import { GET as listFlows } from '@/app/api/flows/route';
import type { ImpactPreview, ImpactPreviewLine } from '@/lib/api/lab';
import type { FlowsPage } from '@/lib/api/types';
import type { Runtime } from '@/server/runtime';
import { dnsAnswers } from '@/server/policies/dns-answers';
import { loadPolicyFolder } from '@/server/policies/source';
import { openFlowStore } from '@/server/store/flow-store';
import { scenarioRecords } from '@/testing/policy-flows';

const DEMO_DIR = path.join(import.meta.dirname, '../policies/demo');
const flows = scenarioRecords(20, 9);
dnsAnswers().clear();
const FROM = new Date(flows[0]!.ts - 1000).toISOString();
const TO = new Date(flows.at(-1)!.ts + 1000).toISOString();

let editedYaml = '';

async function withRuntime(): Promise<void> {
  const store = await openFlowStore({
    limits: { maxFlows: 100_000, maxBytes: 1 << 28, maxAgeMs: 7 * 86_400_000 },
  });
  for (const f of flows) store.append(f);
  const source = await loadPolicyFolder(DEMO_DIR);
  const api = source.policies().find((p) => p.id === 'CiliumNetworkPolicy/shop/backend-api');
  const [doc] = parseAllDocuments(api!.yaml);
  assert.ok(doc && !Array.isArray(doc));
  doc.deleteIn(['spec', 'ingress']);
  editedYaml = doc.toString();
  const rt = { store, policies: async () => source } as unknown as Runtime;
  (globalThis as Record<symbol, unknown>)[Symbol.for('flowscope.runtime')] = Promise.resolve(rt);
}

function post(body: unknown): Promise<Response> {
  return POST(
    new Request('http://127.0.0.1/api/lab/preview', {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

async function error(body: unknown): Promise<{ status: number; error: string; param?: string }> {
  const res = await post(body);
  const json = (await res.json()) as { error: string; param?: string };
  return { status: res.status, ...json };
}

test('a bad body answers 400 naming the field', async () => {
  await withRuntime();
  assert.deepEqual(await error('{'), { status: 400, error: 'body: not JSON', param: 'body' });
  const noChanges = await error({ from: FROM, to: TO });
  assert.equal(noChanges.status, 400);
  assert.equal(noChanges.param, 'changes');
  const action = await error({ from: FROM, to: TO, changes: [{ action: 'drop' }] });
  assert.equal(action.status, 400);
  assert.match(action.param ?? '', /^changes\[0\]/);
  const kind = await error({
    from: FROM,
    to: TO,
    changes: [{ action: 'remove', kind: 'Pod', namespace: 'shop', name: 'x' }],
  });
  assert.equal(kind.param, 'changes[0].kind');
  const half = await error({ from: FROM, changes: [] });
  assert.equal(half.param, 'to');
  const late = await error({ window: 'soon', changes: [] });
  assert.equal(late.param, 'window');
  const broken = await error({
    from: FROM,
    to: TO,
    changes: [{ action: 'apply', yaml: 'kind: Pod\nmetadata: {name: x}\n' }],
  });
  assert.equal(broken.status, 400);
  assert.equal(broken.param, 'changes[0]');
  assert.match(broken.error, /line 1: document 1: kind "Pod" is not a network policy/);
  const missing = await error({
    from: FROM,
    to: TO,
    changes: [{ action: 'remove', kind: 'NetworkPolicy', namespace: 'shop', name: 'nope' }],
  });
  assert.match(missing.error, /NetworkPolicy\/shop\/nope is not in force/);
});

test('the answer streams progress then the result, and the flow list shows the changed flows', async () => {
  await withRuntime();
  const res = await post({ from: FROM, to: TO, changes: [{ action: 'apply', yaml: editedYaml }] });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
  const lines = (await res.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ImpactPreviewLine);
  assert.ok(lines.length >= 2);
  assert.ok('progress' in lines[0]!);
  const last = lines.at(-1)!;
  assert.ok('result' in last, JSON.stringify(last));
  const result: ImpactPreview = last.result;
  assert.ok(result.totals.newlyDenied > 0);
  assert.equal(result.totals.flows, flows.length);
  assert.match(result.previewId, /^p-[0-9a-f]{16}$/);
  assert.equal(result.groups[0]?.destination.workload, 'backend');

  const page = await listFlows(
    new Request(`http://127.0.0.1/api/flows?preview=${result.previewId}&limit=5000`),
  );
  assert.equal(page.status, 200);
  const body = (await page.json()) as FlowsPage;
  assert.equal(body.total, result.totals.newlyDenied);
  const examples = new Set(result.groups.flatMap((g) => g.examples));
  const listed = new Set(body.flows.map((f) => f.id));
  for (const id of examples) assert.ok(listed.has(id), id);
  for (const f of body.flows) {
    assert.equal(f.source.workloads[0]?.name, 'frontend');
    assert.equal(f.destination.workloads[0]?.name, 'backend');
  }

  const unknown = await listFlows(
    new Request('http://127.0.0.1/api/flows?preview=p-0000000000000000'),
  );
  assert.equal(unknown.status, 404);
  const bad = await listFlows(new Request('http://127.0.0.1/api/flows?preview=../x'));
  assert.equal(bad.status, 400);
});
