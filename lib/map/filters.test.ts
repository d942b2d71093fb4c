import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mapFilterParams,
  readCollapsed,
  readMapFilters,
  readSelection,
  writeCollapsed,
  writeMapFilters,
  writeSelection,
} from './filters';

test('filters read from repeated and comma-separated parameters', () => {
  const p = new URLSearchParams(
    'namespace=shop&namespace=payments,shop&verdict=DROPPED&port=8080&exclude=host,health',
  );
  const f = readMapFilters(p);
  assert.deepEqual(f.namespaces, ['payments', 'shop']);
  assert.equal(f.verdict, 'DROPPED');
  assert.equal(f.port, '8080');
  assert.deepEqual(f.exclude, ['health', 'host']);
  assert.deepEqual(mapFilterParams(f), [
    ['namespace', 'payments'],
    ['namespace', 'shop'],
    ['verdict', 'DROPPED'],
    ['port', '8080'],
    ['exclude', 'health,host'],
  ]);
});

test('writing filters keeps the window, selection and collapse state', () => {
  const p = new URLSearchParams('window=1h&verdict=DROPPED&collapsed=shop&node=shop/backend');
  const out = writeMapFilters(p, { ...readMapFilters(p), verdict: '', selector: 'k8s:app=x' });
  assert.equal(
    out.toString(),
    'window=1h&collapsed=shop&node=shop%2Fbackend&selector=k8s%3Aapp%3Dx',
  );
});

test('large maps start collapsed, small ones expanded, and the URL overrides both', () => {
  const ns = ['a', 'b'];
  assert.deepEqual([...readCollapsed(new URLSearchParams(), ns, 10)], []);
  assert.deepEqual([...readCollapsed(new URLSearchParams(), ns, 2000)], ['a', 'b']);
  assert.deepEqual([...readCollapsed(new URLSearchParams('collapsed='), ns, 2000)], []);
  assert.deepEqual([...readCollapsed(new URLSearchParams('expand=all'), ns, 2000)], []);
  assert.deepEqual([...readCollapsed(new URLSearchParams('collapsed=b'), ns, 10)], ['b']);
  const written = writeCollapsed(new URLSearchParams('expand=all&window=5m'), ['b', 'a']);
  assert.equal(written.toString(), 'window=5m&collapsed=a%2Cb');
});

test('selection is a node or an edge, never both', () => {
  assert.deepEqual(readSelection(new URLSearchParams('edge=a>b')), { kind: 'link', id: 'a>b' });
  const p = writeSelection(new URLSearchParams('edge=a>b'), { kind: 'node', id: 'shop/x' });
  assert.deepEqual(readSelection(p), { kind: 'node', id: 'shop/x' });
  assert.equal(writeSelection(p, undefined).toString(), '');
});
