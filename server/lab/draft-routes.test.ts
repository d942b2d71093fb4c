// The draft routes through their handlers, with access control on: bad bodies answer 400
// naming the field, a viewer sees and saves only drafts of its namespaces, and a draft
// started from a policy in force carries that policy's YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GET as list, POST as create } from '@/app/api/lab/drafts/route';
import { DELETE as remove, GET as read, PUT as save } from '@/app/api/lab/drafts/[id]/route';
import { POST as validate } from '@/app/api/lab/validate/route';
import type { DraftAnswer, DraftListAnswer } from '@/lib/api/lab';
import { PEER_HEADER } from '@/server/access/peer';
import type { Runtime } from '@/server/runtime';
import { parsePolicyYaml } from '@/server/policies/parse';
import { staticSource } from '@/server/policies/source';

process.env.FLOWSCOPE_TRUSTED_PROXIES = '127.0.0.2';
process.env.FLOWSCOPE_ACCESS_GROUPS = 'sre=*; shop-devs=shop';
const dataDir = mkdtempSync(path.join(tmpdir(), 'flowscope-lab-routes-'));

const SHOP = `apiVersion: cilium.io/v2
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
`;
const PAYMENTS = SHOP.replace('namespace: shop', 'namespace: payments').replace(
  'backend-api',
  'ledger',
);
const CLUSTER = `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: deny-metadata
spec:
  endpointSelector: {}
  egressDeny:
    - toCIDR:
        - 169.254.169.254/32
`;

const policies = parsePolicyYaml([SHOP, PAYMENTS, CLUSTER].join('---\n'), 'fixture').policies;
const rt = {
  config: { dataDir },
  policies: async () => staticSource(policies),
} as unknown as Runtime;
(globalThis as Record<symbol, unknown>)[Symbol.for('flowscope.runtime')] = Promise.resolve(rt);
(globalThis as Record<symbol, unknown>)[Symbol.for('flowscope.peer-stamp')] = 'test-secret';

const USERS = { sre: 'sre', shop: 'shop-devs' } as const;

function req(who: keyof typeof USERS, url: string, method = 'GET', body?: unknown): Request {
  return new Request(`http://127.0.0.1${url}`, {
    method,
    headers: {
      [PEER_HEADER]: 'test-secret 127.0.0.2',
      'x-flowscope-user': who,
      'x-flowscope-groups': USERS[who],
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

async function json<T = Record<string, unknown>>(res: Response | Promise<Response>) {
  const r = await res;
  return { status: r.status, body: (await r.json()) as T };
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

test('malformed bodies and wrong field types answer 400 naming the field', async () => {
  const notJson = await json(create(req('sre', '/api/lab/drafts', 'POST', '{"name": ')));
  assert.equal(notJson.status, 400);
  assert.match(String(notJson.body.error), /not JSON/);
  const name = await json(create(req('sre', '/api/lab/drafts', 'POST', { name: 3 })));
  assert.deepEqual([name.status, name.body.param], [400, 'name']);
  const yaml = await json(
    create(req('sre', '/api/lab/drafts', 'POST', { name: 'a', changes: [{ action: 'apply' }] })),
  );
  assert.deepEqual([yaml.status, yaml.body.param], [400, 'changes[0].yaml']);
  const staged = await json(
    create(req('sre', '/api/lab/drafts', 'POST', { name: 'a', staged: 'yes' })),
  );
  assert.deepEqual([staged.status, staged.body.param], [400, 'staged']);
  const unknown = await json(create(req('sre', '/api/lab/drafts', 'POST', { name: 'a', x: 1 })));
  assert.deepEqual([unknown.status, unknown.body.param], [400, 'x']);
  const from = await json(
    create(req('sre', '/api/lab/drafts', 'POST', { name: 'a', from: { kind: 'Pod', name: 'x' } })),
  );
  assert.deepEqual([from.status, from.body.param], [400, 'from.kind']);
  const id = await json(read(req('sre', '/api/lab/drafts/a.b'), params('a.b')));
  assert.deepEqual([id.status, id.body.param], [400, 'id']);
  const changes = await json(validate(req('sre', '/api/lab/validate', 'POST', { changes: {} })));
  assert.deepEqual([changes.status, changes.body.param], [400, 'changes']);
});

test('a draft from a policy in force carries its YAML; saving keeps problems beside it', async () => {
  const made = await json<DraftAnswer>(
    create(
      req('shop', '/api/lab/drafts', 'POST', {
        name: 'shop change',
        from: { kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'backend-api' },
      }),
    ),
  );
  assert.equal(made.status, 201);
  const draft = made.body.draft;
  assert.equal(draft.updatedBy, 'shop');
  assert.equal(draft.changes[0]!.action === 'apply' && draft.changes[0]!.yaml, SHOP);
  assert.deepEqual(made.body.problems, []);

  const broken = SHOP.replace('  ingress:', '  ingres:');
  const saved = await json<DraftAnswer>(
    save(
      req('shop', `/api/lab/drafts/${draft.id}`, 'PUT', {
        changes: [{ action: 'apply', yaml: broken }],
      }),
      params(draft.id),
    ),
  );
  assert.equal(saved.status, 200);
  assert.equal(saved.body.draft.name, 'shop change');
  assert.ok(saved.body.problems.some((p) => p.line === 10 && /spec\.ingres/.test(p.message)));
  const again = await json<DraftAnswer>(
    read(req('shop', `/api/lab/drafts/${draft.id}`), params(draft.id)),
  );
  assert.equal(
    again.body.draft.changes[0]!.action === 'apply' && again.body.draft.changes[0]!.yaml,
    broken,
  );

  const checked = await json(
    validate(
      req('shop', '/api/lab/validate', 'POST', {
        changes: [
          { action: 'remove', kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'nope' },
        ],
      }),
    ),
  );
  assert.equal(checked.status, 200);
  assert.match(JSON.stringify(checked.body), /no CiliumNetworkPolicy shop\/nope is in force/);
});

test('a viewer of one namespace sees and saves only drafts of that namespace', async () => {
  const payments = await json<DraftAnswer>(
    create(
      req('sre', '/api/lab/drafts', 'POST', {
        name: 'payments change',
        changes: [{ action: 'apply', yaml: PAYMENTS }],
      }),
    ),
  );
  assert.equal(payments.status, 201);
  const cluster = await json<DraftAnswer>(
    create(
      req('sre', '/api/lab/drafts', 'POST', {
        name: 'cluster change',
        from: { kind: 'CiliumClusterwideNetworkPolicy', namespace: '', name: 'deny-metadata' },
      }),
    ),
  );
  assert.equal(cluster.status, 201);

  const shopList = await json<DraftListAnswer>(list(req('shop', '/api/lab/drafts')));
  assert.deepEqual(
    shopList.body.drafts.map((d) => d.name),
    ['shop change'],
  );
  const sreList = await json<DraftListAnswer>(list(req('sre', '/api/lab/drafts')));
  assert.deepEqual(sreList.body.drafts.map((d) => d.name).sort(), [
    'cluster change',
    'payments change',
    'shop change',
  ]);

  const id = payments.body.draft.id;
  assert.equal((await read(req('shop', `/api/lab/drafts/${id}`), params(id))).status, 404);
  const cid = cluster.body.draft.id;
  assert.equal((await read(req('shop', `/api/lab/drafts/${cid}`), params(cid))).status, 404);
  assert.equal(
    (await remove(req('shop', `/api/lab/drafts/${id}`, 'DELETE'), params(id))).status,
    404,
  );

  const outside = await json(
    create(
      req('shop', '/api/lab/drafts', 'POST', {
        name: 'sneaky',
        changes: [{ action: 'apply', yaml: PAYMENTS }],
      }),
    ),
  );
  assert.equal(outside.status, 403);
  assert.equal(outside.body.param, 'changes[0]');
  const fromCluster = await json(
    create(
      req('shop', '/api/lab/drafts', 'POST', {
        name: 'sneaky',
        from: { kind: 'CiliumClusterwideNetworkPolicy', namespace: '', name: 'deny-metadata' },
      }),
    ),
  );
  assert.equal(fromCluster.status, 404);

  assert.equal(
    (await remove(req('sre', `/api/lab/drafts/${id}`, 'DELETE'), params(id))).status,
    200,
  );
  assert.equal((await read(req('sre', `/api/lab/drafts/${id}`), params(id))).status, 404);
});

test('a draft over 1 MiB answers 413 and is not kept', async () => {
  const before = (await json<DraftListAnswer>(list(req('sre', '/api/lab/drafts')))).body.drafts;
  const yaml = `${SHOP}# ${'x'.repeat(1024 * 1024)}\n`;
  const big = await json(
    create(
      req('sre', '/api/lab/drafts', 'POST', { name: 'big', changes: [{ action: 'apply', yaml }] }),
    ),
  );
  assert.equal(big.status, 413);
  assert.match(String(big.body.error), /at most 1048576 bytes/);
  const huge = await json(
    create(req('sre', '/api/lab/drafts', 'POST', { name: 'x'.repeat(2 * 1024 * 1024) })),
  );
  assert.equal(huge.status, 413);
  const after = (await json<DraftListAnswer>(list(req('sre', '/api/lab/drafts')))).body.drafts;
  assert.equal(after.length, before.length);
});
