// Renders temporary overlays built from the base and the components: one with gateway
// settings other than the overlays' (every value must arrive, no default may remain) and
// one adding the cert-manager component to production. Each object is validated against
// its schema, then checked as in deploy/checks.ts.
// Run: node --import tsx --test deploy/*.test.ts
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { checkClientTrafficPolicy, checkCommon } from './checks';
import {
  NAMESPACE,
  find,
  kustomizeTemp,
  loadValidators,
  podSpec,
  validateAll,
  type Settings,
} from './render';

before(loadValidators);

test('gateway-settings.yaml reaches every object that names the Gateway, host or IdP', () => {
  const custom: Settings = {
    gatewayName: 'public',
    gatewayNamespace: 'edge',
    proxyNamespace: 'eg-controller',
    hostname: 'flows.corp.test',
    oidcIssuer: 'https://sso.corp.test/realms/ops',
    oidcClientID: 'flows-ui',
    oidcJwksURI: 'https://sso.corp.test/realms/ops/keys',
  };
  const settingsYaml = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: flowscope-gateway-settings',
    '  annotations:',
    '    config.kubernetes.io/local-config: "true"',
    'data:',
    ...Object.entries(custom).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
    '',
  ].join('\n');
  const objects = kustomizeTemp(
    (d) =>
      [
        'resources:',
        `  - ${d}/base`,
        '  - settings.yaml',
        'components:',
        `  - ${d}/components/strip-identity-headers`,
        `  - ${d}/components/gateway-settings`,
        '',
      ].join('\n'),
    { 'settings.yaml': settingsYaml },
  );
  checkCommon(objects, custom);
  checkClientTrafficPolicy(objects, custom);
  const text = JSON.stringify(objects);
  for (const leftover of ['envoy-gateway-system', 'example.com', '"eg"'])
    assert.ok(!text.includes(leftover), `no default value ${leftover} left`);
});

test('cert-manager alternative issues the Secret the Deployment mounts', () => {
  const objects = kustomizeTemp((d) =>
    [
      'resources:',
      `  - ${d}/overlays/production`,
      'components:',
      `  - ${d}/components/relay-client-cert-cert-manager`,
      '',
    ].join('\n'),
  );
  validateAll(objects);
  const cert = find<{
    metadata: { namespace: string };
    spec: { secretName: string; usages: string[]; issuerRef: { kind: string } };
  }>(objects, 'Certificate');
  assert.equal(cert.metadata.namespace, NAMESPACE, 'Secret lands next to Flowscope');
  const deploy = find<IDeployment>(objects, 'Deployment', 'flowscope');
  assert.ok(
    podSpec(deploy).volumes?.some((v) => v.secret?.secretName === cert.spec.secretName),
    'the mounted Secret is the one cert-manager writes (keys ca.crt, tls.crt, tls.key)',
  );
  assert.ok(cert.spec.usages.includes('client auth'), 'a client certificate');
  assert.equal(cert.spec.issuerRef.kind, 'ClusterIssuer', 'issuer reachable from any namespace');
});
