// The draft store: drafts survive a restart (the same folder opened again), files are
// written whole, a corrupt file is listed and left in place, and the limits answer clearly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiError } from '@/server/http/api-error';
import { isDraftId, openDraftStore, parseChanges } from './drafts';

const YAML = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'flowscope-drafts-'));
}

test('a draft saved in a data folder is there after reopening it, and a deleted one is not', async () => {
  const dir = tempDir();
  const first = await openDraftStore({ dataDir: dir });
  const kept = await first.create(
    { name: 'tighten shop', changes: [{ action: 'apply', yaml: YAML }], staged: false },
    'ana',
  );
  const gone = await first.create({ name: 'scratch', changes: [], staged: false });
  assert.ok(isDraftId(kept.id), kept.id);
  assert.notEqual(kept.id, gone.id);
  await first.update(kept.id, {
    name: 'tighten shop v2',
    changes: [
      { action: 'apply', yaml: YAML },
      { action: 'remove', kind: 'NetworkPolicy', namespace: 'shop', name: 'old' },
    ],
    staged: true,
  });
  assert.equal(await first.delete(gone.id), true);
  // Nothing half-written stays beside the drafts.
  assert.deepEqual(readdirSync(path.join(dir, 'drafts')), [`${kept.id}.json`]);

  const second = await openDraftStore({ dataDir: dir });
  assert.deepEqual(
    second.list().map((d) => d.id),
    [kept.id],
  );
  const again = second.get(kept.id)!;
  assert.equal(again.name, 'tighten shop v2');
  assert.equal(again.staged, true);
  assert.deepEqual(again.changes[1], {
    action: 'remove',
    kind: 'NetworkPolicy',
    namespace: 'shop',
    name: 'old',
  });
  assert.equal(again.changes[0]!.action === 'apply' && again.changes[0]!.yaml, YAML);
  assert.equal(second.get(gone.id), undefined);
  assert.deepEqual(second.errors(), []);
});

test('a corrupt draft file is listed as an error and left on disk; the others load', async () => {
  const dir = tempDir();
  const store = await openDraftStore({ dataDir: dir });
  const good = await store.create({ name: 'good', changes: [], staged: false });
  const bad = path.join(dir, 'drafts', 'broken1.json');
  writeFileSync(bad, '{"id": "broken1", "name": ');
  writeFileSync(
    path.join(dir, 'drafts', 'wrong2.json'),
    JSON.stringify({ id: 'other', name: 'x' }),
  );

  const reopened = await openDraftStore({ dataDir: dir });
  assert.deepEqual(
    reopened.list().map((d) => d.id),
    [good.id],
  );
  const errors = reopened.errors();
  assert.deepEqual(
    errors.map((e) => e.file),
    ['broken1.json', 'wrong2.json'],
  );
  assert.match(errors[0]!.error, /not JSON/);
  assert.match(errors[1]!.error, /is not its file name/);
  assert.equal(readFileSync(bad, 'utf8'), '{"id": "broken1", "name": ');
});

test('without a data folder drafts live in memory; limits answer 400 and 413', async () => {
  const store = await openDraftStore({ limits: { maxDrafts: 2, maxDraftBytes: 2000 } });
  await store.create({ name: 'one', changes: [], staged: false });
  const big = 'x'.repeat(3000);
  await assert.rejects(
    store.create({ name: 'big', changes: [{ action: 'apply', yaml: big }], staged: false }),
    (err: unknown) =>
      err instanceof ApiError && err.status === 413 && /at most 2000 bytes/.test(err.message),
  );
  await store.create({ name: 'two', changes: [], staged: false });
  await assert.rejects(
    store.create({ name: 'three', changes: [], staged: false }),
    (err: unknown) =>
      err instanceof ApiError && err.status === 400 && /already 2 drafts/.test(err.message),
  );
  assert.equal(store.list().length, 2);
  assert.equal(await store.update('nope', { name: 'x', changes: [], staged: false }), undefined);
});

test('changes of the wrong shape are refused naming the field', () => {
  const field = (v: unknown) => {
    try {
      parseChanges(v);
    } catch (err) {
      return err instanceof ApiError ? err.param : 'other';
    }
    return 'accepted';
  };
  assert.equal(field('apply'), 'changes');
  assert.equal(field([{ action: 'apply', yaml: 3 }]), 'changes[0].yaml');
  assert.equal(field([{ action: 'apply', yaml: '' }, { action: 'drop' }]), 'changes[1].action');
  assert.equal(
    field([{ action: 'remove', kind: 'Pod', namespace: 'a', name: 'b' }]),
    'changes[0].kind',
  );
  assert.equal(
    field([{ action: 'remove', kind: 'NetworkPolicy', namespace: 'a' }]),
    'changes[0].name',
  );
  assert.equal(
    field([{ action: 'remove', kind: 'NetworkPolicy', namespace: 'a', name: 'b' }]),
    'accepted',
  );
});
