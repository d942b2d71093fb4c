import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PreviewRegistry, isPreviewId } from './preview-registry';

const entry = (ids: string[]) => ({
  window: { from: 1, to: 2 },
  flowIds: new Set(ids),
  idsTruncated: false,
});

test('the registry keeps the newest previews only', () => {
  const r = new PreviewRegistry(3);
  const ids = [1, 2, 3, 4].map((n) => r.add(undefined, entry([`f${n}`])));
  assert.ok(ids.every(isPreviewId));
  assert.equal(new Set(ids).size, 4);
  assert.equal(r.size, 3);
  assert.equal(r.get(ids[0]!, undefined), undefined);
  assert.deepEqual([...(r.get(ids[3]!, undefined)?.flowIds ?? [])], ['f4']);
});

test('a preview reads as absent to a viewer of other namespaces', () => {
  const r = new PreviewRegistry();
  const id = r.add(['shop', 'payments'], entry(['a']));
  assert.ok(r.get(id, ['payments', 'shop']));
  assert.equal(r.get(id, ['shop']), undefined);
  assert.equal(r.get(id, undefined), undefined);
  const open = r.add(undefined, entry(['b']));
  assert.equal(r.get(open, ['shop']), undefined);
});
