import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCsp, createNonce, nonceOf } from './csp';

function directives(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    assert.ok(name, `empty directive in ${csp}`);
    assert.ok(!out.has(name), `directive ${name} twice`);
    out.set(name, values);
  }
  return out;
}

test('the policy allows scripts only with the nonce and keeps everything else same-origin', () => {
  const nonce = createNonce();
  const csp = directives(buildCsp(nonce));
  assert.deepEqual(csp.get('script-src'), [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`]);
  assert.deepEqual(csp.get('default-src'), [`'self'`]);
  assert.deepEqual(csp.get('connect-src'), [`'self'`]);
  assert.deepEqual(csp.get('img-src'), [`'self'`, 'blob:', 'data:']);
  assert.deepEqual(csp.get('worker-src'), [`'self'`, 'blob:']);
  assert.deepEqual(csp.get('object-src'), [`'none'`]);
  assert.deepEqual(csp.get('base-uri'), [`'none'`]);
  assert.deepEqual(csp.get('frame-ancestors'), [`'none'`]);
  assert.deepEqual(csp.get('form-action'), [`'self'`]);
  for (const [name, values] of csp) {
    if (name === 'style-src') continue;
    assert.ok(!values.includes(`'unsafe-inline'`), `${name} allows inline code`);
    assert.ok(!values.includes(`'unsafe-eval'`), `${name} allows eval`);
    assert.ok(!values.includes('*'), `${name} allows any origin`);
  }
});

test('only development gets unsafe-eval', () => {
  assert.ok(
    directives(buildCsp(createNonce(), { dev: true }))
      .get('script-src')
      ?.includes(`'unsafe-eval'`),
  );
  assert.ok(!buildCsp(createNonce(), { dev: false }).includes('unsafe-eval'));
});

test('nonces are base64, long and differ every time', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i += 1) {
    const n = createNonce();
    assert.match(n, /^[A-Za-z0-9+/]+=*$/);
    assert.ok(n.length >= 24);
    seen.add(n);
  }
  assert.equal(seen.size, 1000);
});

test('the nonce reads back from the policy, as Next.js reads it', () => {
  const nonce = createNonce();
  assert.equal(nonceOf(buildCsp(nonce)), nonce);
  assert.equal(nonceOf(`default-src 'self'`), undefined);
});

test('a nonce that could break out of the header value is refused', () => {
  for (const bad of ['', 'short', `abcdefghijklmnop'; script-src *`, 'abcdefghijklmnop\r\nX: y']) {
    assert.throws(() => buildCsp(bad), /nonce/);
  }
});
