// Every API route resolves its viewer before answering and reads flows only through the
// viewer's scoped reader; a route added without that would answer across namespaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return routeFiles(p);
    return name === 'route.ts' ? [p] : [];
  });
}

test('every API route goes through the viewer, and only the import writes to the store', () => {
  const files = routeFiles(path.join(process.cwd(), 'app/api'));
  assert.ok(files.length >= 14, `found ${files.length} routes`);
  const rel = (f: string) => path.relative(process.cwd(), f);
  // /api/config answers even a refused viewer: it tells the UI why access is refused.
  const unguarded = files
    .filter((f) => !readFileSync(f, 'utf8').includes('handleViewerRoute('))
    .map(rel);
  assert.deepEqual(unguarded, ['app/api/config/route.ts']);
  const storeUsers = files.filter((f) => /\.store\b|getRuntime\(/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(storeUsers.map(rel).sort(), [
    'app/api/config/route.ts',
    'app/api/flows/import/route.ts',
  ]);
});
