// The checks every rendering of the manifests must pass, beyond what schemas express:
// hardening, probes, wiring between objects, and the network policy's exact reach.
import assert from 'node:assert/strict';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IHTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import type { ICiliumNetworkPolicy } from '@kubernetes-models/cilium/cilium.io/v2/CiliumNetworkPolicy';
import {
  NAMESPACE,
  durationSeconds,
  find,
  mainContainer,
  podSpec,
  validateAll,
  type K8sObject,
  type Settings,
} from './render';

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

export function checkClientTrafficPolicy(objects: K8sObject[], s: Settings): void {
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

export function checkCommon(objects: K8sObject[], s: Settings): void {
  validateAll(objects);
  checkObjectsAndNamespaces(objects, s.gatewayNamespace);
  checkHardening(objects);
  checkService(objects);
  checkRbac(objects);
  checkGateway(objects, s);
  checkNetworkPolicy(objects, s);
}
