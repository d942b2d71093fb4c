// TLS to the relay, with certificates this test makes: the relay's server certificate is
// issued for *.hubble-relay.cilium.io as Cilium's Helm chart issues it, so the client must
// verify the name ui.hubble-relay.cilium.io rather than the address it dials.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoRelay } from '@/server/demo/demo-relay';
import type { FlowRecord } from '@/lib/api/flow-record';
import { waitFor } from '@/testing/wait';
import type { TlsConfig } from '@/server/config';
import { RelayClient } from './relay-client';

const dir = mkdtempSync(path.join(os.tmpdir(), 'flowscope-tls-'));
const file = (name: string) => path.join(dir, name);

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

/** `openssl req` arguments for a new unencrypted P-256 key written to `<name>.key`. */
function newKey(name: string): string[] {
  return [
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    file(`${name}.key`),
  ];
}

function makeCa(name: string): void {
  openssl(
    'req',
    '-x509',
    ...newKey(name),
    '-out',
    file(`${name}.crt`),
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
  );
}

/** A certificate signed by `ca`; `days: 0` makes one that expires at once. */
function issue(name: string, ca: string, cn: string, days: number, san?: string): void {
  openssl('req', ...newKey(name), '-out', file(`${name}.csr`), '-subj', `/CN=${cn}`);
  const ext = file(`${name}.ext`);
  writeFileSync(ext, san ? `subjectAltName=${san}\n` : 'basicConstraints=CA:FALSE\n');
  openssl(
    'x509',
    '-req',
    '-in',
    file(`${name}.csr`),
    '-CA',
    file(`${ca}.crt`),
    '-CAkey',
    file(`${ca}.key`),
    '-CAcreateserial',
    '-out',
    file(`${name}.crt`),
    '-days',
    String(days),
    '-extfile',
    ext,
  );
}

makeCa('cilium-ca');
makeCa('other-ca');
issue('server', 'cilium-ca', '*.hubble-relay.cilium.io', 2, 'DNS:*.hubble-relay.cilium.io');
issue('client', 'cilium-ca', '*.hubble-ui.cilium.io', 2);
issue('expired', 'cilium-ca', '*.hubble-ui.cilium.io', 0);

async function relayWithMtls() {
  return startDemoRelay({
    paused: true,
    prefillMinutes: 0,
    tls: {
      cert: readFileSync(file('server.crt')),
      key: readFileSync(file('server.key')),
      clientCa: readFileSync(file('cilium-ca.crt')),
    },
  });
}

function connect(address: string, tls: TlsConfig | undefined, got: FlowRecord[] = []): RelayClient {
  const client = new RelayClient({
    address,
    tls,
    initialFlowsPerNode: 100,
    reconnectInitialMs: 50,
    reconnectMaxMs: 200,
    pollIntervalMs: 60_000,
    onFlow: (rec) => got.push(rec),
  });
  client.start();
  return client;
}

const goodTls: TlsConfig = {
  caFile: file('cilium-ca.crt'),
  certFile: file('client.crt'),
  keyFile: file('client.key'),
  serverName: 'ui.hubble-relay.cilium.io',
};

test('mTLS with a client certificate signed by the relay CA connects and streams', async () => {
  const relay = await relayWithMtls();
  const got: FlowRecord[] = [];
  const client = connect(relay.address, goodTls, got);
  try {
    await waitFor('connected', () => client.snapshot().state === 'connected');
    assert.equal(client.snapshot().tls, true);
  } finally {
    client.stop();
    await relay.stop();
  }
});

test('errors are shown, never a silent fallback to plaintext', async () => {
  const relay = await relayWithMtls();
  const cases: [string, TlsConfig | undefined, RegExp][] = [
    [
      'a CA that did not sign the relay',
      { ...goodTls, caFile: file('other-ca.crt') },
      /self-signed certificate in certificate chain/,
    ],
    [
      'an expired client certificate',
      { ...goodTls, certFile: file('expired.crt'), keyFile: file('expired.key') },
      /UNAVAILABLE/,
    ],
    [
      'no client certificate',
      { caFile: goodTls.caFile, serverName: goodTls.serverName },
      /certificate required/,
    ],
    [
      'the wrong server name',
      { ...goodTls, serverName: 'hubble-relay.kube-system.svc' },
      /not in the cert.s altnames: DNS:\*\.hubble-relay\.cilium\.io/,
    ],
    ['plaintext against a TLS relay', undefined, /UNAVAILABLE/],
  ];
  const refusedCertificate = /did not sign|no client certificate|wrong server name/;
  try {
    // The expired certificate's validity ended when it was issued; make sure a second passed.
    await new Promise((r) => setTimeout(r, 1100));
    for (const [what, tls, error] of cases) {
      const got: FlowRecord[] = [];
      const client = connect(relay.address, tls, got);
      try {
        await waitFor(`${what}: reconnecting`, () => client.snapshot().state === 'reconnecting');
        // Give a wrongly accepted connection the time to deliver something.
        await new Promise((r) => setTimeout(r, 300));
        const s = client.snapshot();
        assert.notEqual(s.state, 'connected', what);
        assert.match(s.lastError ?? '', error, what);
        // A certificate the handshake refused stays refused until the configuration
        // changes: the header says so and the client retries slowly. (A relay that drops an
        // expired client certificate after the handshake says nothing about why.)
        if (refusedCertificate.test(what)) assert.equal(s.errorKind, 'configuration', what);
        assert.equal(got.length, 0, `${what}: no flow arrives`);
      } finally {
        client.stop();
      }
    }
  } finally {
    await relay.stop();
  }
});

test('an unreadable certificate file is a clear error in the status', async () => {
  const client = connect('127.0.0.1:1', { ...goodTls, certFile: file('missing.crt') });
  try {
    await waitFor('reconnecting', () => client.snapshot().state === 'reconnecting');
    assert.match(
      client.snapshot().lastError ?? '',
      /cannot read client certificate .*missing\.crt/,
    );
  } finally {
    client.stop();
  }
});
