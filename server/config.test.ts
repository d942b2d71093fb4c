import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseConfig } from './config';

test('no settings: demo mode with defaults', () => {
  const c = parseConfig({});
  assert.equal(c.relayAddress, undefined);
  assert.equal(c.tls, undefined);
  assert.equal(c.initialFlowsPerNode, 2000);
  assert.equal(c.basePath, '');
});

test('an empty variable counts as unset', () => {
  const c = parseConfig({ HUBBLE_RELAY_ADDR: '', HUBBLE_TLS: '', FLOWSCOPE_DATA_DIR: '' });
  assert.equal(c.relayAddress, undefined);
  assert.equal(c.tls, undefined);
  assert.equal(c.dataDir, undefined);
});

test('a relay with mTLS', () => {
  const c = parseConfig({
    HUBBLE_RELAY_ADDR: 'hubble-relay.kube-system.svc:443',
    HUBBLE_TLS: 'true',
    HUBBLE_TLS_CA_FILE: '/certs/ca.crt',
    HUBBLE_TLS_CERT_FILE: '/certs/tls.crt',
    HUBBLE_TLS_KEY_FILE: '/certs/tls.key',
    HUBBLE_TLS_SERVER_NAME: 'ui.hubble-relay.cilium.io',
  });
  assert.equal(c.relayAddress, 'hubble-relay.kube-system.svc:443');
  assert.deepEqual(c.tls, {
    caFile: '/certs/ca.crt',
    certFile: '/certs/tls.crt',
    keyFile: '/certs/tls.key',
    serverName: 'ui.hubble-relay.cilium.io',
  });
});

test('bad settings are named in one clear error', () => {
  assert.throws(
    () => parseConfig({ HUBBLE_RELAY_ADDR: 'hubble-relay' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /HUBBLE_RELAY_ADDR: must be host:port/);
      return true;
    },
  );
  assert.throws(() => parseConfig({ HUBBLE_INITIAL_FLOWS: 'lots' }), /HUBBLE_INITIAL_FLOWS/);
  assert.throws(() => parseConfig({ HUBBLE_TLS: 'maybe' }), /HUBBLE_TLS/);
  assert.throws(
    () =>
      parseConfig({ HUBBLE_RELAY_ADDR: 'r:443', HUBBLE_TLS: 'true', HUBBLE_TLS_CERT_FILE: '/c' }),
    /must be set together/,
  );
  assert.throws(
    () => parseConfig({ HUBBLE_RELAY_ADDR: 'r:443', HUBBLE_TLS_CA_FILE: '/ca' }),
    /HUBBLE_TLS is not true/,
  );
  assert.throws(() => parseConfig({ FLOWSCOPE_BASE_PATH: 'flowscope' }), /FLOWSCOPE_BASE_PATH/);
});

test('the public URL is an absolute http(s) URL without a trailing slash', () => {
  assert.equal(
    parseConfig({ FLOWSCOPE_PUBLIC_URL: 'https://flowscope.example.com/flowscope' }).publicUrl,
    'https://flowscope.example.com/flowscope',
  );
  assert.throws(
    () => parseConfig({ FLOWSCOPE_PUBLIC_URL: 'flowscope.example.com' }),
    /FLOWSCOPE_PUBLIC_URL/,
  );
  assert.throws(
    () => parseConfig({ FLOWSCOPE_PUBLIC_URL: 'https://x.example/' }),
    /trailing slash/,
  );
  assert.throws(
    () => parseConfig({ FLOWSCOPE_PUBLIC_URL: 'javascript:alert(1)' }),
    /FLOWSCOPE_PUBLIC_URL/,
  );
});
