// Parsing: rule ids and YAML line ranges, the three kinds, bad documents, and the folder source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cnp } from '@/testing/eval-table';
import { explainFlow } from './explain';
import { listItem } from './model';
import { parsePolicyYaml } from './parse';
import { loadPolicyFolder } from './source';
import { flow, pod } from '@/testing/policy-flows';

const TWO_DOCS = `# header comment
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: a
  namespace: shop
spec:
  endpointSelector: {}
  ingress:
    - fromEndpoints:
        - matchLabels:
            app: frontend
      toPorts:
        - ports:
            - port: '8080'
  egressDeny:
    - toCIDR: [169.254.169.254/32]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: b
spec:
  podSelector: {}
  egress:
    - to:
        - podSelector: {}
`;

test('rule ids and line ranges are relative to each policy document', () => {
  const r = parsePolicyYaml(TWO_DOCS, 'x.yaml');
  assert.deepEqual(r.errors, []);
  const [a, b] = r.policies;
  assert.ok(a && b);
  assert.equal(a.id, 'CiliumNetworkPolicy/shop/a');
  assert.deepEqual(
    a.rules.map((x) => [x.id, x.lines.start, x.lines.end]),
    [
      ['ingress[0]', 9, 14],
      ['egressDeny[0]', 16, 16],
    ],
  );
  // A comment above the first document belongs to the file, not to the policy.
  assert.equal(a.yaml.split('\n')[0], 'apiVersion: cilium.io/v2');
  assert.equal(a.yaml.split('\n')[8], '    - fromEndpoints:');
  // The second document's namespace defaults to "default", as kubectl would apply it.
  assert.equal(b.id, 'NetworkPolicy/default/b');
  assert.equal(b.yaml.split('\n')[0], 'apiVersion: networking.k8s.io/v1');
  assert.deepEqual(b.rules[0]?.lines, { start: 8, end: 9 });
  assert.deepEqual(b.sections[0]?.directions, ['ingress', 'egress']);
});

test('documents that are not policies, or broken, are reported and skipped', () => {
  const r = parsePolicyYaml(
    `kind: ConfigMap\napiVersion: v1\n---\napiVersion: cilium.io/v1\nkind: CiliumNetworkPolicy\n---\nkey: [unclosed\n---\napiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: ok}\nspec: {endpointSelector: {}}\n`,
    'mixed.yaml',
  );
  assert.equal(r.policies.length, 1);
  assert.equal(r.policies[0]?.id, 'CiliumClusterwideNetworkPolicy/_/ok');
  assert.equal(r.errors.length, 3);
  assert.match(r.errors.join('\n'), /ConfigMap/);
  assert.match(r.errors.join('\n'), /apiVersion cilium.io\/v2/);
});

test('policy text stays text: markup in a policy is returned verbatim', () => {
  const yaml = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: x, namespace: shop}\nspec:\n  description: "<img src=x onerror=alert(1)>"\n  endpointSelector: {}\n`;
  const p = parsePolicyYaml(yaml, 'x.yaml').policies[0];
  assert.ok(p?.yaml.includes('<img src=x onerror=alert(1)>'));
});

test('loadPolicyFolder reads .yaml and .yml files, multi-document, and ignores others', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'flowscope-policies-'));
  await writeFile(path.join(dir, 'one.yaml'), TWO_DOCS);
  await writeFile(
    path.join(dir, 'two.yml'),
    `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: c}\nspec: {endpointSelector: {}, egress: [{toEntities: [world]}]}\n`,
  );
  await writeFile(path.join(dir, 'notes.txt'), 'not yaml');
  await writeFile(path.join(dir, 'dup.yaml'), TWO_DOCS.split('---')[0] ?? '');
  const source = await loadPolicyFolder(dir);
  assert.deepEqual(
    source
      .policies()
      .map((p) => p.id)
      .sort(),
    ['CiliumClusterwideNetworkPolicy/_/c', 'CiliumNetworkPolicy/shop/a', 'NetworkPolicy/default/b'],
  );
  assert.match(source.errors().join(), /defined more than once/);
});

test('the explanation names the port, protocol and label that differ', () => {
  const { policies } = parsePolicyYaml(TWO_DOCS, 'x.yaml');
  const f = flow({
    src: pod('shop', { app: 'frontnd' }),
    dst: pod('shop', { app: 'backend' }),
    direction: 'INGRESS',
    port: 9090,
    protocol: 'UDP',
  });
  const ex = explainFlow(policies, f);
  assert.equal(ex.evaluation.verdict, 'default-deny');
  assert.deepEqual(
    ex.selecting.map((p) => p.name),
    ['a'],
  );
  const near = ex.nearest[0];
  assert.equal(near?.ruleId, 'ingress[0]');
  assert.match(near?.differences.join('\n') ?? '', /label app: wants frontend, has frontnd/);
  assert.match(near?.differences.join('\n') ?? '', /port 9090 is not in 8080\/ANY/);
  assert.deepEqual(near?.lines, { start: 9, end: 14 });
});

test('the policy list names every construct a policy has that the evaluator does not evaluate', () => {
  const yaml = cnp(
    'backend',
    `  egress:
  - toGroups: [{aws: {securityGroupsIds: [sg-1]}}]
  - toServices: [{k8sService: {serviceName: db, namespace: shop}}]
  - toEndpoints: [{matchLabels: {app: db}}]
`,
  );
  const parsed = parsePolicyYaml(yaml, 'p.yaml');
  assert.deepEqual(parsed.errors, []);
  const item = listItem(parsed.policies[0]!);
  assert.deepEqual(item.unsupported, ['egress[0].toGroups', 'egress[1].toServices']);
  assert.equal(item.rules, 3);
});
