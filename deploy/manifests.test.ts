// Renders every overlay with `kubectl kustomize`, validates each object against its schema
// (kubernetes-models, @kubernetes-models/gateway-api, @kubernetes-models/cilium, and
// deploy/crd-schemas.ts for Envoy Gateway and cert-manager), then checks what schemas cannot:
// hardening, probes, wiring between objects, and the network policy's exact reach.
// Run: node --import tsx --test deploy/*.test.ts
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IHTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import type { ICiliumNetworkPolicy } from '@kubernetes-models/cilium/cilium.io/v2/CiliumNetworkPolicy';
import { CRD_SCHEMAS, DURATION, validate } from './crd-schemas';
import { parseConfig } from '../server/config';

const ROOT = path.resolve(__dirname, '..');
const DEPLOY = path.join(ROOT, 'deploy');
const NAMESPACE = 'flowscope';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

type Container = NonNullable<
  NonNullable<IDeployment['spec']>['template']['spec']
>['containers'][number];

// ---------------------------------------------------------------------------------------------
// Rendering and schema validation

function kustomize(dir: string): K8sObject[] {
  const run = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(
      'kubectl is not on PATH: the deploy tests render the overlays with `kubectl kustomize` ' +
        '(kubectl >= 1.27, no cluster needed). Install kubectl and run again.',
    );
  }
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${run.stderr}`);
  return parseAllDocuments(run.stdout).map((doc) => {
    if (doc.errors.length > 0)
      throw new Error(`bad YAML from kustomize: ${doc.errors[0]?.message}`);
    return doc.toJS() as K8sObject;
  });
}

/** Builds a throwaway overlay outside the repo (to try components and other settings). */
function kustomizeTemp(
  kustomization: (deployRel: string) => string,
  files: Record<string, string> = {},
) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flowscope-kustomize-'));
  try {
    const rel = path.relative(dir, DEPLOY).split(path.sep).join('/');
    writeFileSync(path.join(dir, 'kustomization.yaml'), kustomization(rel));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return kustomize(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Validator = (obj: K8sObject) => void;

/** One validator per `apiVersion/kind`; an object of any other kind fails the test. */
async function loadValidators(): Promise<Map<string, Validator>> {
  const core = await import('kubernetes-models/v1');
  const apps = await import('kubernetes-models/apps/v1');
  const rbac = await import('kubernetes-models/rbac.authorization.k8s.io/v1');
  const gw = await import('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1');
  const cilium = await import('@kubernetes-models/cilium/cilium.io/v2');
  const model =
    (Model: new (data: never) => { validate(): void }): Validator =>
    (obj) =>
      new Model(obj as never).validate();
  const validators = new Map<string, Validator>([
    ['v1/Namespace', model(core.Namespace)],
    ['v1/ServiceAccount', model(core.ServiceAccount)],
    ['v1/ConfigMap', model(core.ConfigMap)],
    ['v1/Service', model(core.Service)],
    ['v1/PersistentVolumeClaim', model(core.PersistentVolumeClaim)],
    ['apps/v1/Deployment', model(apps.Deployment)],
    ['rbac.authorization.k8s.io/v1/ClusterRole', model(rbac.ClusterRole)],
    ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', model(rbac.ClusterRoleBinding)],
    ['gateway.networking.k8s.io/v1/HTTPRoute', model(gw.HTTPRoute)],
    ['cilium.io/v2/CiliumNetworkPolicy', model(cilium.CiliumNetworkPolicy)],
  ]);
  for (const [key, schema] of Object.entries(CRD_SCHEMAS)) {
    validators.set(key, (obj) => {
      const errors = validate(schema, obj);
      if (errors.length > 0) throw new Error(errors.join('\n'));
    });
  }
  return validators;
}

let validators: Map<string, Validator>;

function validateAll(objects: K8sObject[]): void {
  for (const obj of objects) {
    const key = `${obj.apiVersion}/${obj.kind}`;
    const check = validators.get(key);
    assert.ok(check, `${key} ${obj.metadata.name}: no schema for this kind`);
    assert.doesNotThrow(() => check(obj), `${key} ${obj.metadata.name} is invalid`);
  }
}

// ---------------------------------------------------------------------------------------------
// Lookups

function find<T>(objects: K8sObject[], kind: string, name?: string): T {
  const found = objects.filter((o) => o.kind === kind && (!name || o.metadata.name === name));
  assert.equal(found.length, 1, `expected exactly one ${kind}${name ? ` ${name}` : ''}`);
  return found[0] as unknown as T;
}

function findAll<T>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((o) => o.kind === kind) as unknown as T[];
}

function podSpec(deploy: IDeployment) {
  const spec = deploy.spec?.template.spec;
  assert.ok(spec, 'Deployment has a pod spec');
  return spec;
}

function mainContainer(deploy: IDeployment): Container {
  const c = podSpec(deploy).containers.find((x) => x.name === 'flowscope');
  assert.ok(c, 'container "flowscope" exists');
  return c;
}

/** The container's environment as the process sees it (envFrom ConfigMaps, then env). */
function containerEnv(objects: K8sObject[], c: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) {
    assert.ok(from.configMapRef?.name, 'envFrom uses ConfigMaps only (no secrets in env)');
    Object.assign(env, find<IConfigMap>(objects, 'ConfigMap', from.configMapRef.name).data ?? {});
  }
  for (const e of c.env ?? []) {
    assert.ok(e.value !== undefined, `env ${e.name} is a plain value`);
    env[e.name] = e.value;
  }
  return env;
}

function durationSeconds(d: string): number {
  assert.match(d, DURATION);
  const unit = { h: 3600, m: 60, s: 1, ms: 0.001 } as const;
  let total = 0;
  for (const [, n, u] of d.matchAll(/([0-9]+)(h|ms|m|s)/g))
    total += Number(n) * unit[u as keyof typeof unit];
  return total;
}

/** Reads the overlay's gateway settings (the local-config ConfigMap kustomize drops). */
function settings(overlay: string): Record<string, string> {
  const text = readFileSync(
    path.join(DEPLOY, 'overlays', overlay, 'gateway-settings.yaml'),
    'utf8',
  );
  const doc = parseAllDocuments(text)[0]?.toJS() as IConfigMap;
  assert.ok(doc.data, 'gateway-settings.yaml has data');
  return doc.data;
}

// ---------------------------------------------------------------------------------------------
// Checks shared by every rendering

function checkHardening(objects: K8sObject[]): void {
  const deploy = find<IDeployment>(objects, 'Deployment', 'flowscope');
  const pod = podSpec(deploy);
  assert.equal(deploy.spec?.replicas, 1, 'one replica: one process owns the relay stream');
  assert.equal(pod.automountServiceAccountToken, true, 'token mounted: it watches policies');
  assert.equal(pod.serviceAccountName, 'flowscope');
  const podSc = pod.securityContext ?? {};
  const containers = [...pod.containers, ...(pod.initContainers ?? [])];
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const what = `container ${c.name}`;
    assert.equal(sc.runAsNonRoot ?? podSc.runAsNonRoot, true, `${what}: runAsNonRoot`);
    const uid = sc.runAsUser ?? podSc.runAsUser;
    assert.ok(typeof uid === 'number' && uid > 0, `${what}: numeric non-root runAsUser`);
    assert.equal(uid, 10001, `${what}: runs as the image's user 10001`);
    assert.equal(sc.readOnlyRootFilesystem, true, `${what}: read-only root filesystem`);
    assert.equal(sc.allowPrivilegeEscalation, false, `${what}: no privilege escalation`);
    assert.equal(sc.privileged ?? false, false, `${what}: not privileged`);
    assert.deepEqual(sc.capabilities?.drop, ['ALL'], `${what}: drops ALL capabilities`);
    assert.equal(sc.capabilities?.add, undefined, `${what}: adds no capability`);
    const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
    assert.equal(seccomp, 'RuntimeDefault', `${what}: RuntimeDefault seccomp profile`);
    assert.ok(c.resources?.limits?.memory && c.resources.limits.cpu, `${what}: cpu+memory limits`);
    assert.ok(c.resources?.requests?.memory && c.resources.requests.cpu, `${what}: requests`);
  }

  const c = mainContainer(deploy);
  const port = c.ports?.find((p) => p.name === 'http');
  assert.equal(port?.containerPort, 3000, 'serves on 3000, named http');
  const probe = (p: typeof c.livenessProbe, name: string, pathName: string) => {
    assert.ok(p?.httpGet, `${name} probe is an HTTP GET`);
    assert.equal(p.httpGet.path, pathName, `${name} probe path`);
    assert.ok(p.httpGet.port === 'http' || p.httpGet.port === 3000, `${name} probe port`);
  };
  probe(c.livenessProbe, 'liveness', '/healthz');
  probe(c.readinessProbe, 'readiness', '/readyz');
  probe(c.startupProbe, 'startup', '/healthz');

  // Writable places on a read-only root: /tmp and Next's cache, both emptyDirs.
  for (const mountPath of ['/tmp', '/app/.next/cache']) {
    const m = c.volumeMounts?.find((v) => v.mountPath === mountPath);
    assert.ok(m, `${mountPath} is mounted`);
    const vol = pod.volumes?.find((v) => v.name === m.name);
    assert.ok(vol?.emptyDir, `${mountPath} is an emptyDir`);
  }
  assert.ok(!pod.hostNetwork && !pod.hostPID && !pod.hostIPC, 'no host namespaces');
  assert.ok(!pod.volumes?.some((v) => v.hostPath), 'no hostPath volumes');
}

function checkObjectsAndNamespaces(objects: K8sObject[], gatewayNamespace: string): void {
  const ns = find<K8sObject>(objects, 'Namespace', NAMESPACE);
  assert.equal(ns.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
  const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
  for (const o of objects) {
    if (clusterScoped.has(o.kind)) {
      assert.equal(o.metadata.namespace, undefined, `${o.kind} is cluster-scoped`);
    } else if (o.kind === 'ClientTrafficPolicy') {
      assert.equal(
        o.metadata.namespace,
        gatewayNamespace,
        'ClientTrafficPolicy sits with its Gateway',
      );
    } else {
      assert.equal(o.metadata.namespace, NAMESPACE, `${o.kind} ${o.metadata.name} in ${NAMESPACE}`);
    }
  }
  assert.ok(
    !objects.some((o) => o.kind === 'Secret'),
    'no Secret is rendered: no secrets in the repo',
  );
  assert.ok(
    !objects.some((o) => o.metadata.name === 'flowscope-gateway-settings'),
    'the local-config settings ConfigMap is never applied',
  );
}

function checkService(objects: K8sObject[]): void {
  const svc = find<IService>(objects, 'Service', 'flowscope');
  const deploy = find<IDeployment>(objects, 'Deployment', 'flowscope');
  assert.equal(svc.spec?.type, 'ClusterIP');
  const [port, ...rest] = svc.spec?.ports ?? [];
  assert.equal(rest.length, 0, 'one port');
  assert.equal(port?.name, 'http');
  assert.equal(port?.port, 80);
  const target = mainContainer(deploy).ports?.find(
    (p) => p.name === port?.targetPort || p.containerPort === port?.targetPort,
  );
  assert.equal(target?.containerPort, 3000, 'Service port 80 reaches container port 3000');
  const podLabels = deploy.spec?.template.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(svc.spec?.selector ?? {}))
    assert.equal(podLabels[k], v, `Service selector ${k} matches the pod`);
  assert.deepEqual(deploy.spec?.selector.matchLabels, svc.spec?.selector);
}

function checkRbac(objects: K8sObject[]): void {
  const role = find<IClusterRole>(objects, 'ClusterRole', 'flowscope-policy-reader');
  const granted = new Set<string>();
  for (const rule of role.rules ?? []) {
    assert.deepEqual(
      [...rule.verbs].sort(),
      ['get', 'list', 'watch'],
      'read-only verbs get/list/watch, nothing else',
    );
    assert.ok(!rule.nonResourceURLs, 'no non-resource URLs');
    assert.ok(!rule.resourceNames, 'whole resource types');
    for (const g of rule.apiGroups ?? [])
      for (const r of rule.resources ?? []) {
        assert.ok(g !== '*' && r !== '*', 'no wildcards');
        granted.add(`${g}/${r}`);
      }
  }
  assert.deepEqual([...granted].sort(), [
    '/namespaces',
    'cilium.io/ciliumclusterwidenetworkpolicies',
    'cilium.io/ciliumnetworkpolicies',
    'networking.k8s.io/networkpolicies',
  ]);
  const binding = find<IClusterRoleBinding>(
    objects,
    'ClusterRoleBinding',
    'flowscope-policy-reader',
  );
  assert.deepEqual(binding.roleRef, {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: role.metadata?.name,
  });
  assert.deepEqual(binding.subjects, [
    { kind: 'ServiceAccount', name: 'flowscope', namespace: NAMESPACE },
  ]);
  find<K8sObject>(objects, 'ServiceAccount', 'flowscope');
}

interface Settings {
  gatewayName: string;
  gatewayNamespace: string;
  proxyNamespace: string;
  hostname: string;
  oidcIssuer: string;
  oidcClientID: string;
  oidcJwksURI: string;
}

interface PolicyTargetRef {
  group: string;
  kind: string;
  name: string;
}

interface SecurityPolicySpec {
  targetRefs: PolicyTargetRef[];
  oidc: {
    provider: { issuer: string };
    clientID: string;
    clientSecret: { name: string; kind?: string; namespace?: string };
    redirectURL: string;
    logoutPath: string;
    scopes: string[];
    forwardAccessToken: boolean;
    cookieNames?: { idToken?: string };
    disableTokenEncryption?: boolean;
  };
  jwt: {
    providers: {
      issuer?: string;
      audiences?: string[];
      remoteJWKS?: { uri: string };
      extractFrom?: { cookies?: string[] };
      claimToHeaders?: { header: string; claim: string }[];
    }[];
  };
}

function checkGateway(objects: K8sObject[], s: Settings): void {
  const route = find<IHTTPRoute>(objects, 'HTTPRoute', 'flowscope');
  const svc = find<IService>(objects, 'Service', 'flowscope');
  assert.deepEqual(route.spec.parentRefs, [
    {
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: s.gatewayName,
      namespace: s.gatewayNamespace,
    },
  ]);
  assert.deepEqual(route.spec.hostnames, [s.hostname]);
  const [rule, ...more] = route.spec.rules ?? [];
  assert.equal(more.length, 0, 'one rule');
  assert.deepEqual(rule?.matches, [{ path: { type: 'PathPrefix', value: '/' } }]);
  assert.deepEqual(
    rule?.backendRefs?.map((b) => [b.kind ?? 'Service', b.name, b.port]),
    [['Service', svc.metadata?.name, svc.spec?.ports?.[0]?.port]],
  );
  const request = rule?.timeouts?.request;
  assert.ok(request, 'the route sets a request timeout');
  const seconds = durationSeconds(request);
  assert.ok(seconds === 0 || seconds >= 3600, 'request timeout disabled (0s) or >= 1h for SSE');

  const routeRef: PolicyTargetRef = {
    group: 'gateway.networking.k8s.io',
    kind: 'HTTPRoute',
    name: 'flowscope',
  };
  const btp = find<{
    spec: { targetRefs: PolicyTargetRef[]; timeout: { http: Record<string, string> } };
  }>(objects, 'BackendTrafficPolicy');
  assert.deepEqual(btp.spec.targetRefs, [routeRef], 'BackendTrafficPolicy targets the route');
  const btpTimeout = btp.spec.timeout.http.requestTimeout;
  assert.ok(btpTimeout !== undefined, 'BackendTrafficPolicy sets timeout.http.requestTimeout');
  const btpSeconds = durationSeconds(btpTimeout);
  assert.ok(btpSeconds === 0 || btpSeconds >= 3600, 'BackendTrafficPolicy keeps SSE open');

  const sp = find<{ spec: SecurityPolicySpec }>(objects, 'SecurityPolicy').spec;
  assert.deepEqual(sp.targetRefs, [routeRef], 'SecurityPolicy targets the route');
  const { oidc } = sp;
  assert.equal(oidc.provider.issuer, s.oidcIssuer);
  assert.equal(oidc.clientID, s.oidcClientID);
  assert.equal(oidc.clientSecret.name, 'flowscope-oidc-client', 'client secret by reference');
  assert.equal(oidc.clientSecret.namespace, undefined, 'secret in the policy namespace');
  const redirect = new URL(oidc.redirectURL);
  assert.equal(redirect.protocol, 'https:');
  assert.equal(redirect.host, s.hostname, 'redirect URL on the route hostname');
  assert.ok(oidc.logoutPath.startsWith('/'));
  assert.ok(oidc.scopes.includes('openid') && oidc.scopes.includes('groups'), 'scopes');
  assert.equal(oidc.forwardAccessToken, false, 'the access token stays at the gateway');

  const [provider, ...others] = sp.jwt.providers;
  assert.equal(others.length, 0, 'one jwt provider');
  assert.ok(provider);
  assert.equal(provider.issuer, s.oidcIssuer, 'jwt issuer = OIDC issuer');
  assert.deepEqual(provider.audiences, [s.oidcClientID], 'jwt audience = OIDC client ID');
  assert.equal(provider.remoteJWKS?.uri, s.oidcJwksURI);
  const idCookie = oidc.cookieNames?.idToken;
  assert.ok(idCookie, 'fixed ID-token cookie name');
  assert.deepEqual(provider.extractFrom?.cookies, [idCookie], 'jwt reads the OIDC ID token');
  assert.equal(oidc.disableTokenEncryption, true, 'jwt_authn can only read an unencrypted cookie');
  const headers = Object.fromEntries(
    (provider.claimToHeaders ?? []).map((c) => [c.header, c.claim]),
  );
  assert.ok(headers['x-flowscope-user'], 'user identity header');
  assert.equal(headers['x-flowscope-groups'], 'groups', 'groups header');
}

function checkNetworkPolicy(objects: K8sObject[], s: Settings): void {
  const cnp = find<ICiliumNetworkPolicy>(objects, 'CiliumNetworkPolicy', 'flowscope');
  const deploy = find<IDeployment>(objects, 'Deployment', 'flowscope');
  const spec = cnp.spec;
  assert.ok(spec, 'CNP has a spec');
  const podLabels = deploy.spec?.template.metadata?.labels ?? {};
  const selector = spec.endpointSelector?.matchLabels ?? {};
  assert.ok(Object.keys(selector).length > 0, 'selects by label');
  for (const [k, v] of Object.entries(selector))
    assert.equal(podLabels[k], v, `endpointSelector ${k} matches Flowscope's pods`);
  for (const field of ['ingressDeny', 'egressDeny', 'specs', 'nodeSelector'] as const)
    assert.equal((spec as Record<string, unknown>)[field], undefined, `no ${field}`);

  // Ingress: the Gateway's proxy pods only, to 3000/TCP.
  assert.deepEqual(spec.ingress, [
    {
      fromEndpoints: [
        {
          matchLabels: {
            'k8s:io.kubernetes.pod.namespace': s.proxyNamespace,
            'app.kubernetes.io/name': 'envoy',
            'gateway.envoyproxy.io/owning-gateway-name': s.gatewayName,
            'gateway.envoyproxy.io/owning-gateway-namespace': s.gatewayNamespace,
          },
        },
      ],
      toPorts: [{ ports: [{ port: '3000', protocol: 'TCP' }] }],
    },
  ]);

  // Egress: exactly relay, DNS (through the DNS proxy) and the API server.
  assert.deepEqual(spec.egress, [
    {
      toEndpoints: [
        {
          matchLabels: {
            'k8s:io.kubernetes.pod.namespace': 'kube-system',
            'k8s-app': 'hubble-relay',
          },
        },
      ],
      toPorts: [{ ports: [{ port: '4245', protocol: 'TCP' }] }],
    },
    {
      toEndpoints: [
        {
          matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s-app': 'kube-dns' },
        },
      ],
      toPorts: [
        {
          ports: [
            { port: '53', protocol: 'UDP' },
            { port: '53', protocol: 'TCP' },
          ],
          rules: { dns: [{ matchPattern: '*' }] },
        },
      ],
    },
    {
      toEntities: ['kube-apiserver'],
      toPorts: [
        {
          ports: [
            { port: '443', protocol: 'TCP' },
            { port: '6443', protocol: 'TCP' },
          ],
        },
      ],
    },
  ]);
  assert.equal(mainContainer(deploy).ports?.[0]?.containerPort, 3000, 'CNP port = container port');
}

function checkClientTrafficPolicy(objects: K8sObject[], s: Settings): void {
  const ctp = find<{ metadata: { namespace: string }; spec: Record<string, unknown> }>(
    objects,
    'ClientTrafficPolicy',
  );
  assert.equal(ctp.metadata.namespace, s.gatewayNamespace);
  assert.deepEqual(ctp.spec.targetRefs, [
    { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: s.gatewayName },
  ]);
  assert.deepEqual(ctp.spec.headers, {
    earlyRequestHeaders: { remove: ['x-flowscope-user', 'x-flowscope-groups'] },
  });
}

function checkCommon(objects: K8sObject[], s: Settings): void {
  validateAll(objects);
  checkObjectsAndNamespaces(objects, s.gatewayNamespace);
  checkHardening(objects);
  checkService(objects);
  checkRbac(objects);
  checkGateway(objects, s);
  checkNetworkPolicy(objects, s);
}

function asSettings(data: Record<string, string>): Settings {
  const keys = [
    'gatewayName',
    'gatewayNamespace',
    'proxyNamespace',
    'hostname',
    'oidcIssuer',
    'oidcClientID',
    'oidcJwksURI',
  ] as const;
  for (const k of keys) assert.ok(data[k], `gateway-settings.yaml sets ${k}`);
  assert.deepEqual(Object.keys(data).sort(), [...keys].sort(), 'no unused settings');
  return data as unknown as Settings;
}

// ---------------------------------------------------------------------------------------------

before(async () => {
  validators = await loadValidators();
});

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

describe('overlay demo', () => {
  let objects: K8sObject[];
  const s = asSettings(settings('demo'));
  before(() => {
    objects = kustomize(path.join(DEPLOY, 'overlays', 'demo'));
  });

  test('every object is valid and the common checks pass', () => checkCommon(objects, s));

  test('runs on the embedded demo relay: no relay address, no TLS, no volume for history', () => {
    const deploy = find<IDeployment>(objects, 'Deployment', 'flowscope');
    const env = containerEnv(objects, mainContainer(deploy));
    assert.equal(env.HUBBLE_RELAY_ADDR, undefined);
    assert.equal(env.HUBBLE_TLS, undefined);
    assert.equal(env.FLOWSCOPE_DATA_DIR, undefined);
    const cfg = parseConfig(env);
    assert.equal(cfg.relayAddress, undefined, 'Flowscope starts its demo relay');
    assert.equal(findAll(objects, 'PersistentVolumeClaim').length, 0);
    assert.ok(!podSpec(deploy).volumes?.some((v) => v.secret), 'no secret volume');
    assert.equal(findAll(objects, 'ClientTrafficPolicy').length, 0);
  });
});

describe('overlay production', () => {
  let objects: K8sObject[];
  const s = asSettings(settings('production'));
  before(() => {
    objects = kustomize(path.join(DEPLOY, 'overlays', 'production'));
  });

  test('every object is valid and the common checks pass', () => checkCommon(objects, s));

  test('relay mTLS: client certs mounted read-only, env points at the mounted files', () => {
    const deploy = find<IDeployment>(objects, 'Deployment', 'flowscope');
    const pod = podSpec(deploy);
    const c = mainContainer(deploy);
    const vol = pod.volumes?.find((v) => v.secret?.secretName === 'hubble-relay-client-certs');
    assert.ok(vol?.secret, 'volume from Secret hubble-relay-client-certs');
    assert.equal(vol.secret.defaultMode, 0o400, 'files mode 0400');
    assert.deepEqual(
      vol.secret.items?.map((i) => [i.key, i.path]),
      [
        ['ca.crt', 'ca.crt'],
        ['tls.crt', 'tls.crt'],
        ['tls.key', 'tls.key'],
      ],
    );
    assert.equal(pod.securityContext?.fsGroup, 10001, 'fsGroup makes 0400 files readable (0440)');
    const mount = c.volumeMounts?.find((m) => m.name === vol.name);
    assert.equal(mount?.mountPath, '/var/lib/flowscope/tls');
    assert.equal(mount?.readOnly, true);

    const env = containerEnv(objects, c);
    assert.equal(env.HUBBLE_RELAY_ADDR, 'hubble-relay.kube-system.svc:443');
    assert.equal(env.HUBBLE_TLS, 'true');
    assert.equal(env.HUBBLE_TLS_SERVER_NAME, 'ui.hubble-relay.cilium.io');
    assert.equal(env.HUBBLE_TLS_CA_FILE, `${mount.mountPath}/ca.crt`);
    assert.equal(env.HUBBLE_TLS_CERT_FILE, `${mount.mountPath}/tls.crt`);
    assert.equal(env.HUBBLE_TLS_KEY_FILE, `${mount.mountPath}/tls.key`);
    const cfg = parseConfig(env);
    assert.deepEqual(cfg.access?.trustedProxiesText, ['10.0.0.0/8']);
    assert.deepEqual([...(cfg.access?.groups.keys() ?? [])], ['platform-admins']);
    assert.deepEqual(cfg.tls, {
      caFile: '/var/lib/flowscope/tls/ca.crt',
      certFile: '/var/lib/flowscope/tls/tls.crt',
      keyFile: '/var/lib/flowscope/tls/tls.key',
      serverName: 'ui.hubble-relay.cilium.io',
    });
  });

  test('history on a PVC at FLOWSCOPE_DATA_DIR, Recreate strategy for the RWO volume', () => {
    const deploy = find<IDeployment>(objects, 'Deployment', 'flowscope');
    const pvc = find<IPersistentVolumeClaim>(objects, 'PersistentVolumeClaim', 'flowscope-data');
    assert.deepEqual(pvc.spec?.accessModes, ['ReadWriteOnce']);
    assert.ok(pvc.spec?.resources?.requests?.storage, 'requests storage');
    const vol = podSpec(deploy).volumes?.find((v) => v.persistentVolumeClaim);
    assert.equal(vol?.persistentVolumeClaim?.claimName, 'flowscope-data');
    const c = mainContainer(deploy);
    const mount = c.volumeMounts?.find((m) => m.name === vol.name);
    assert.equal(mount?.mountPath, '/var/lib/flowscope/data');
    assert.ok(!mount.readOnly, 'history volume is writable');
    assert.equal(containerEnv(objects, c).FLOWSCOPE_DATA_DIR, mount.mountPath);
    assert.equal(deploy.spec?.strategy?.type, 'Recreate');
    assert.equal(deploy.spec?.strategy?.rollingUpdate, undefined);
  });

  test('identity headers can only come from the jwt provider (stripped at the Gateway)', () =>
    checkClientTrafficPolicy(objects, s));
});

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
