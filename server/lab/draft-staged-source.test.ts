import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { flow, pod } from '@/testing/policy-flows';
import { demoPolicies } from '@/testing/staged-sets';
import { staticSource } from '@/server/policies/source';
import { openDraftStore } from './drafts';
import { draftStagedSource } from './draft-staged-source';
import { StagedTracker } from './staged-tracker';

const frontend = pod('shop', { app: 'frontend' }, '10.0.1.1');
const backend = pod('shop', { app: 'backend' }, '10.0.1.2');
const BACKEND_YAML = readFileSync(
  path.join(import.meta.dirname, '..', 'policies', 'demo', 'shop-backend.yaml'),
  'utf8',
);
/** The backend's policy as a draft edits it: its API open to `app: storefront` only. */
const EDITED = BACKEND_YAML.replace('            app: frontend', '            app: storefront');

test('a draft saved as staged is tracked on new flows; unstaged, it is not', async () => {
  assert.notEqual(EDITED, BACKEND_YAML);
  const store = await openDraftStore();
  const source = draftStagedSource(store, staticSource(demoPolicies()));
  const tracker = new StagedTracker({ source: () => source, flushMs: 0 });
  await tracker.start();
  tracker.resubscribe();

  const plain = await store.create({
    name: 'not staged',
    changes: [{ action: 'apply', yaml: EDITED }],
    staged: false,
  });
  assert.equal(tracker.tracking(plain.id), undefined);

  const d = await store.create({
    name: 'backend from storefront',
    changes: [{ action: 'apply', yaml: EDITED }],
    staged: true,
  });
  assert.ok(tracker.tracking(d.id), 'a new staged draft is tracked at once');
  tracker.observe({
    ...flow({ src: frontend, dst: backend, direction: 'INGRESS', port: 8080 }),
    id: 'f1',
    ts: Date.now(),
    verdict: 'FORWARDED',
  });
  const t = tracker.tracking(d.id);
  assert.deepEqual(
    t?.tuples.map((x) => [x.source, x.destination, x.port, x.count]),
    [['shop/frontend', 'shop/backend', 8080, 1]],
  );

  await store.update(d.id, { name: d.name, changes: d.changes, staged: false });
  assert.equal(tracker.tracking(d.id), undefined, 'unstaged, tracking stops');
  await tracker.stop();
});

test('a staged draft whose document does not parse adds nothing to the policies in force', async () => {
  const store = await openDraftStore();
  const inForce = demoPolicies();
  const source = draftStagedSource(store, staticSource(inForce));
  await store.create({
    name: 'broken',
    changes: [{ action: 'apply', yaml: 'kind: [' }],
    staged: true,
  });
  const [set] = source.staged();
  assert.deepEqual(
    set?.policies.map((p) => p.id),
    inForce.map((p) => p.id),
  );
});
