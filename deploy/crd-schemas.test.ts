// The CRD schema checker of deploy/crd-schemas.ts, which validates the Envoy Gateway and
// cert-manager objects in the other deploy tests.
// Run: node --import tsx --test deploy/*.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CRD_SCHEMAS, validate } from './crd-schemas';

test('the CRD schema checker rejects misspelt and missing fields', () => {
  const schema = CRD_SCHEMAS['gateway.envoyproxy.io/v1alpha1/BackendTrafficPolicy'];
  assert.ok(schema);
  const policy = {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'BackendTrafficPolicy',
    metadata: { name: 'x' },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'x' }],
      timeout: { http: { requestTimeOut: '0s' } },
    },
  };
  assert.deepEqual(validate(schema, policy), ['$.spec.timeout.http.requestTimeOut: unknown field']);
  policy.spec.timeout.http = { requestTimeout: '1 hour' } as never;
  assert.equal(validate(schema, policy).length, 1);
  assert.deepEqual(validate(schema, { ...policy, spec: {} }), ['$.spec.targetRefs: is required']);
});
