// Rendering and lookups for the deploy tests: renders kustomizations with `kubectl kustomize`,
// validates each object against its schema (kubernetes-models, @kubernetes-models/gateway-api,
// @kubernetes-models/cilium, and deploy/crd-schemas.ts for Envoy Gateway and cert-manager),
// and finds objects, containers and settings in what was rendered.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { CRD_SCHEMAS, DURATION, validate } from './crd-schemas';

const ROOT = path.resolve(__dirname, '..');
export const DEPLOY = path.join(ROOT, 'deploy');
export const NAMESPACE = 'flowscope';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export type Container = NonNullable<
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

const overlays = new Map<string, K8sObject[]>();

/** Renders deploy/overlays/<name>, once per process: the checks only read the objects. */
export function renderOverlay(name: string): K8sObject[] {
  let objects = overlays.get(name);
  if (!objects) {
    objects = kustomize(path.join(DEPLOY, 'overlays', name));
    overlays.set(name, objects);
  }
  return objects;
}

/** Builds a throwaway overlay outside the repo (to try components and other settings). */
export function kustomizeTemp(
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

let validators: Map<string, Validator> | undefined;

/**
 * Loads one validator per `apiVersion/kind` (an object of any other kind fails the test).
 * Call it from `before` in every test file that validates.
 */
export async function loadValidators(): Promise<void> {
  if (validators) return;
  const core = await import('kubernetes-models/v1');
  const apps = await import('kubernetes-models/apps/v1');
  const rbac = await import('kubernetes-models/rbac.authorization.k8s.io/v1');
  const gw = await import('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1');
  const cilium = await import('@kubernetes-models/cilium/cilium.io/v2');
  const model =
    (Model: new (data: never) => { validate(): void }): Validator =>
    (obj) =>
      new Model(obj as never).validate();
  const loaded = new Map<string, Validator>([
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
    loaded.set(key, (obj) => {
      const errors = validate(schema, obj);
      if (errors.length > 0) throw new Error(errors.join('\n'));
    });
  }
  validators = loaded;
}

export function validateAll(objects: K8sObject[]): void {
  assert.ok(validators, 'loadValidators() ran before the tests');
  for (const obj of objects) {
    const key = `${obj.apiVersion}/${obj.kind}`;
    const check = validators.get(key);
    assert.ok(check, `${key} ${obj.metadata.name}: no schema for this kind`);
    assert.doesNotThrow(() => check(obj), `${key} ${obj.metadata.name} is invalid`);
  }
}

// ---------------------------------------------------------------------------------------------
// Lookups

export function find<T>(objects: K8sObject[], kind: string, name?: string): T {
  const found = objects.filter((o) => o.kind === kind && (!name || o.metadata.name === name));
  assert.equal(found.length, 1, `expected exactly one ${kind}${name ? ` ${name}` : ''}`);
  return found[0] as unknown as T;
}

export function findAll<T>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((o) => o.kind === kind) as unknown as T[];
}

export function podSpec(deploy: IDeployment) {
  const spec = deploy.spec?.template.spec;
  assert.ok(spec, 'Deployment has a pod spec');
  return spec;
}

export function mainContainer(deploy: IDeployment): Container {
  const c = podSpec(deploy).containers.find((x) => x.name === 'flowscope');
  assert.ok(c, 'container "flowscope" exists');
  return c;
}

/** The container's environment as the process sees it (envFrom ConfigMaps, then env). */
export function containerEnv(objects: K8sObject[], c: Container): Record<string, string> {
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

export function durationSeconds(d: string): number {
  assert.match(d, DURATION);
  const unit = { h: 3600, m: 60, s: 1, ms: 0.001 } as const;
  let total = 0;
  for (const [, n, u] of d.matchAll(/([0-9]+)(h|ms|m|s)/g))
    total += Number(n) * unit[u as keyof typeof unit];
  return total;
}

// ---------------------------------------------------------------------------------------------
// Gateway settings

/** The values an overlay's gateway-settings.yaml gives the Gateway, hostname and IdP. */
export interface Settings {
  gatewayName: string;
  gatewayNamespace: string;
  proxyNamespace: string;
  hostname: string;
  oidcIssuer: string;
  oidcClientID: string;
  oidcJwksURI: string;
}

/** Reads the overlay's gateway settings (the local-config ConfigMap kustomize drops). */
export function settings(overlay: string): Record<string, string> {
  const text = readFileSync(
    path.join(DEPLOY, 'overlays', overlay, 'gateway-settings.yaml'),
    'utf8',
  );
  const doc = parseAllDocuments(text)[0]?.toJS() as IConfigMap;
  assert.ok(doc.data, 'gateway-settings.yaml has data');
  return doc.data;
}

export function asSettings(data: Record<string, string>): Settings {
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
