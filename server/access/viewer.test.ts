import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, parseConfig } from '@/server/config';
import { ApiError } from '@/server/http/api-error';
import { pod, reserved, flow } from '@/testing/aggregate-flows';
import { installPeerStamp } from './peer';
import {
  flowInScope,
  parseGroupsHeader,
  policyInScope,
  resolveViewer,
  type Viewer,
} from './viewer';

const ENV = {
  FLOWSCOPE_TRUSTED_PROXIES: '127.0.0.2, 10.0.0.0/8, fd00::/8',
  FLOWSCOPE_ACCESS_GROUPS: 'payments-devs=payments,shop; sre=*; auditors=shop',
};

test('access settings: proxies and groups are parsed, and must come together', () => {
  const c = parseConfig(ENV);
  assert.deepEqual(c.access?.trustedProxiesText, ['127.0.0.2', '10.0.0.0/8', 'fd00::/8']);
  assert.deepEqual(c.access?.groups.get('payments-devs'), ['payments', 'shop']);
  assert.deepEqual(c.access?.groups.get('sre'), ['*']);
  assert.equal(c.access?.userHeader, 'x-flowscope-user');
  assert.equal(parseConfig({}).access, undefined);
  assert.throws(() => parseConfig({ FLOWSCOPE_ACCESS_GROUPS: 'sre=*' }), /must be set together/);
  assert.throws(
    () => parseConfig({ ...ENV, FLOWSCOPE_TRUSTED_PROXIES: '10.0.0.0/33' }),
    (err: Error) => err instanceof ConfigError && /10\.0\.0\.0\/33.*not an IP/.test(err.message),
  );
  assert.throws(
    () => parseConfig({ ...ENV, FLOWSCOPE_ACCESS_GROUPS: 'devs=Shop_Prod' }),
    /"Shop_Prod" \(group "devs"\) is not a namespace name/,
  );
  assert.throws(
    () => parseConfig({ ...ENV, FLOWSCOPE_ACCESS_GROUPS: 'devs=' }),
    /lists no namespace/,
  );
});

test('groups header: base64 JSON (Envoy), plain JSON, or a comma list', () => {
  const b64 = Buffer.from(JSON.stringify(['ops', 'sre'])).toString('base64');
  assert.deepEqual(parseGroupsHeader(b64), ['ops', 'sre']);
  assert.deepEqual(parseGroupsHeader('["ops","payments-devs"]'), ['ops', 'payments-devs']);
  assert.deepEqual(parseGroupsHeader('ops, sre,,ops'), ['ops', 'sre']);
  // A plain group name that happens to be valid base64 stays a name.
  assert.deepEqual(parseGroupsHeader('sre'), ['sre']);
  assert.deepEqual(parseGroupsHeader(null), []);
  assert.throws(
    () => parseGroupsHeader('["ops"'),
    (e: Error) => e instanceof ApiError,
  );
});

/** Resolves the viewer of requests reaching a real HTTP server, stamped as Flowscope's are. */
async function withServer(fn: (url: string) => Promise<void>): Promise<void> {
  installPeerStamp();
  const access = parseConfig(ENV).access;
  const server = http.createServer((req, res) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    try {
      res.end(JSON.stringify(resolveViewer(access, headers)));
    } catch (err) {
      const e = err as ApiError;
      res.statusCode = e.status;
      res.end(JSON.stringify({ error: e.message }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    await fn(`http://127.0.0.1:${port}/`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

function get(
  url: string,
  headers: Record<string, string>,
  localAddress?: string,
): Promise<{ status: number; body: Viewer & { error?: string } }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, localAddress, agent: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
  });
}

const identity = { 'x-flowscope-user': 'ana@example.com', 'x-flowscope-groups': 'payments-devs' };

test('identity headers count only from a trusted proxy address, never from a forged header', async () => {
  await withServer(async (url) => {
    // From 127.0.0.1, not a trusted proxy: refused however the request dresses up.
    const direct = await get(url, {
      ...identity,
      'x-forwarded-for': '127.0.0.2',
      'x-flowscope-peer': 'guess 127.0.0.2',
    });
    assert.equal(direct.status, 403);
    assert.match(direct.body.error ?? '', /came from 127\.0\.0\.1, which is not a trusted proxy/);

    // From 127.0.0.2, the proxy: the user is restricted to what their groups grant.
    const viaProxy = await get(url, identity, '127.0.0.2');
    assert.equal(viaProxy.status, 200);
    assert.deepEqual(viaProxy.body, {
      restricted: true,
      user: 'ana@example.com',
      groups: ['payments-devs'],
      scope: ['payments', 'shop'],
    });

    const admin = await get(
      url,
      { ...identity, 'x-flowscope-groups': 'auditors,sre' },
      '127.0.0.2',
    );
    assert.equal(admin.body.scope, undefined, 'a * group sees every namespace');

    const noUser = await get(url, { 'x-flowscope-groups': 'sre' }, '127.0.0.2');
    assert.equal(noUser.status, 401);

    const noGrant = await get(url, { ...identity, 'x-flowscope-groups': 'interns' }, '127.0.0.2');
    assert.equal(noGrant.status, 403);
    assert.match(noGrant.body.error ?? '', /ana@example\.com may see no namespace.*interns/);
  });
});

test('without access settings everyone is unrestricted', () => {
  assert.deepEqual(resolveViewer(undefined, new Headers(identity)), {
    restricted: false,
    scope: undefined,
  });
});

test('a flow is in scope when either end is in a granted namespace', () => {
  const scope = ['shop'];
  assert.ok(flowInScope(flow({ source: pod('shop', 'a'), destination: pod('db', 'b') }), scope));
  assert.ok(
    flowInScope(
      flow({ source: reserved(2, 'reserved:world'), destination: pod('shop', 'a') }),
      scope,
    ),
  );
  assert.ok(
    !flowInScope(flow({ source: pod('db', 'a'), destination: pod('payments', 'b') }), scope),
  );
  assert.ok(
    !flowInScope(
      flow({ source: reserved(1, 'reserved:host'), destination: reserved(2, 'reserved:world') }),
      scope,
    ),
  );
  assert.ok(!flowInScope(flow({ source: pod('shop', 'a') }), []));
  assert.ok(flowInScope(flow({ source: pod('db', 'a') }), undefined));
  assert.ok(policyInScope({ namespace: '' }, scope), 'cluster-wide policies are visible');
  assert.ok(!policyInScope({ namespace: 'payments' }, scope));
});
