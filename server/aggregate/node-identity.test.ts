import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyEndpoint, DEFAULT_NODE_OPTIONS, podBaseName } from './node-identity';
import { pod, reserved } from '@/testing/aggregate-flows';

const opts = DEFAULT_NODE_OPTIONS;

test('every reserved identity gets its own node', () => {
  const cases: [number, string, string][] = [
    [1, 'reserved:host', 'reserved:host'],
    [2, 'reserved:world', 'reserved:world'],
    [3, 'reserved:unmanaged', 'reserved:unmanaged'],
    [4, 'reserved:health', 'reserved:health'],
    [5, 'reserved:init', 'reserved:init'],
    [6, 'reserved:remote-node', 'reserved:remote-node'],
    [7, 'reserved:kube-apiserver', 'reserved:kube-apiserver'],
    [8, 'reserved:ingress', 'reserved:ingress'],
  ];
  for (const [identity, label, id] of cases) {
    const node = classifyEndpoint(reserved(identity, label), opts);
    assert.equal(node.id, id);
    assert.equal(node.kind, 'reserved');
  }
});

test('reserved labels decide when the identity number is not a fixed one', () => {
  const node = classifyEndpoint(reserved(16777217, 'reserved:world'), opts);
  assert.equal(node.id, 'reserved:world');
});

test('world is split by DNS name when the flow has one', () => {
  const node = classifyEndpoint(
    reserved(2, 'reserved:world', { names: ['api.stripe.com.'] }),
    opts,
  );
  assert.equal(node.id, 'reserved:world:api.stripe.com');
  assert.equal(node.dnsName, 'api.stripe.com');
});

test('workload name comes from workloads, then app labels, then the pod name', () => {
  const withWorkload = pod('shop', 'x-1', { workloads: [{ name: 'backend', kind: 'Deployment' }] });
  assert.equal(classifyEndpoint(withWorkload, opts).id, 'shop/backend');
  const withLabel = pod('shop', 'x-1', {
    labels: ['k8s:app.kubernetes.io/name=cart', 'k8s:app=other'],
  });
  assert.equal(classifyEndpoint(withLabel, opts).id, 'shop/cart');
  const withK8sApp = pod('kube-system', 'coredns-5d78c9869d-4kx8q', {
    labels: ['k8s:k8s-app=kube-dns'],
  });
  assert.equal(classifyEndpoint(withK8sApp, opts).id, 'kube-system/kube-dns');
  const bare = pod('shop', 'frontend-7d4b9c6f5d-x7k2p');
  assert.equal(classifyEndpoint(bare, opts).id, 'shop/frontend');
  const custom = { appLabelKeys: ['team'] };
  assert.equal(classifyEndpoint(pod('a', 'p', { labels: ['k8s:team=core'] }), custom).id, 'a/core');
});

test('pod names lose ReplicaSet hashes, random suffixes and ordinals, not words', () => {
  assert.equal(podBaseName('reviews-v1-545db77b95-2ps7q'), 'reviews-v1');
  assert.equal(podBaseName('node-exporter-8x2lm'), 'node-exporter');
  assert.equal(podBaseName('postgres-0'), 'postgres');
  assert.equal(podBaseName('my-redis'), 'my-redis');
});

test('an endpoint with no identity and no pod is reserved:unknown', () => {
  const node = classifyEndpoint(reserved(0, 'x', { labels: [] }), opts);
  assert.equal(node.id, 'reserved:unknown');
});
