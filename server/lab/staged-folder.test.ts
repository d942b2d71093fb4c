import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { staticSource } from '@/server/policies/source';
import { demoPolicies } from '@/testing/staged-sets';
import { FOLDER_DRAFT_ID, folderStagedSource } from './staged-folder';

test('a staged folder replaces the policies of the same name and keeps the others', async () => {
  const inForce = demoPolicies();
  const src = await folderStagedSource(
    path.join(process.cwd(), 'e2e/fixtures/staged-policies'),
    staticSource(inForce),
  );
  const [set, ...rest] = src.staged();
  assert.equal(rest.length, 0);
  assert.ok(set);
  assert.equal(set.draft.id, FOLDER_DRAFT_ID);
  assert.equal(set.draft.staged, true);
  assert.equal(set.policies.length, inForce.length);
  const api = set.policies.filter((p) => p.namespace === 'shop' && p.name === 'backend-api');
  assert.equal(api.length, 1);
  assert.match(api[0]?.yaml ?? '', /app: storefront/);
  assert.deepEqual(set.policies.map((p) => p.id).sort(), inForce.map((p) => p.id).sort());
});
