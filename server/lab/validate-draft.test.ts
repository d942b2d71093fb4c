// Draft validation: each problem is reported at the line of the YAML where it is, and the
// demo's own policies (in force in the demo) have none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { validateChanges, validateDocument } from './validate-draft';

const CNP = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: backend-api
  namespace: shop
spec:
  endpointSelector:
    matchLabels:
      app: backend
  ingress:
    - fromEndpoints:
        - matchLabels:
            app: frontend
      toPorts:
        - ports:
            - port: '8080'
              protocol: TCP
`;

const lineOf = (text: string, needle: string) =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1;

test('every document of the demo policies validates without a problem', async () => {
  const dir = path.join(process.cwd(), 'server/policies/demo');
  let documents = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const doc of parseAllDocuments(text) as { toString(): string }[]) {
      documents++;
      assert.deepEqual(await validateDocument(doc.toString(), 0), [], file);
    }
  }
  assert.ok(documents >= 7, `${documents} documents`);
  assert.deepEqual(await validateDocument(CNP, 0), []);
});

test('a misspelt field is reported at its own line', async () => {
  const text = CNP.replace('      toPorts:', '      toPort:');
  const problems = await validateDocument(text, 2);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.equal(problems[0]!.change, 2);
  assert.equal(problems[0]!.line, lineOf(text, 'toPort:'));
  assert.equal(problems[0]!.column, 7);
  assert.match(problems[0]!.message, /spec\.ingress\[0\]\.toPort:/);

  // The only direction misspelt: the spec has none (at the spec line), and the field its line.
  const noDirection = CNP.replace('  ingress:', '  ingres:');
  assert.deepEqual(
    (await validateDocument(noDirection, 0)).map((p) => [p.line, p.message.slice(0, 40)]),
    [
      [6, 'spec: needs one of the fields ingress, i'],
      [lineOf(noDirection, 'ingres:'), 'spec.ingres: not evaluated by Flowscope '],
    ],
  );
});

test('a value of the wrong type is reported by the schema at its line', async () => {
  const text = CNP.replace("port: '8080'", 'port: 8080');
  const problems = await validateDocument(text, 0);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.equal(problems[0]!.line, lineOf(text, 'port: 8080'));
  assert.match(
    problems[0]!.message,
    /spec\.ingress\[0\]\.toPorts\[0\]\.ports\[0\]\.port: must be string/,
  );

  const netpol = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: payments
spec:
  podSelector: {}
  ingress: everyone
`;
  const np = await validateDocument(netpol, 0);
  assert.deepEqual(
    np.map((p) => [p.line, p.message]),
    [[8, 'spec.ingress: must be array']],
  );
});

test('another kind is refused at its kind line; broken YAML at the broken line', async () => {
  const text = CNP.replace('kind: CiliumNetworkPolicy', 'kind: Deployment');
  const problems = await validateDocument(text, 0);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.line, 2);
  assert.match(problems[0]!.message, /kind "Deployment"/);

  const broken = await validateDocument('metadata:\n  name: x\nspec: [a\n', 0);
  assert.ok(broken.length > 0);
  assert.ok(
    broken.every((p) => p.line >= 3),
    JSON.stringify(broken),
  );
});

test('a removal must name a policy in force; two documents of one policy are refused', async () => {
  const inForce = [
    { kind: 'CiliumNetworkPolicy' as const, namespace: 'shop', name: 'backend-api' },
  ];
  const problems = await validateChanges(
    [
      { action: 'remove', kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'backend-api' },
      { action: 'remove', kind: 'NetworkPolicy', namespace: 'shop', name: 'backend-api' },
      { action: 'apply', yaml: CNP },
      { action: 'apply', yaml: CNP },
    ],
    inForce,
  );
  assert.deepEqual(
    problems.map((p) => p.change),
    [1, 3],
  );
  assert.match(problems[0]!.message, /no NetworkPolicy shop\/backend-api is in force/);
  assert.match(problems[1]!.message, /change 3 already applies/);
});
