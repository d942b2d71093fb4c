// Renders the demo and production overlays, validates each object against its schema, then
// checks what schemas cannot (deploy/checks.ts) and what each overlay is for: the embedded
// demo relay, or relay mTLS, history on a PVC and identity headers stripped at the Gateway.
// Run: node --import tsx --test deploy/*.test.ts
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { checkClientTrafficPolicy, checkCommon } from './checks';
import {
  asSettings,
  containerEnv,
  find,
  findAll,
  loadValidators,
  mainContainer,
  podSpec,
  renderOverlay,
  settings,
  type K8sObject,
} from './render';
import { parseConfig } from '../server/config';

before(loadValidators);

describe('overlay demo', () => {
  let objects: K8sObject[];
  const s = asSettings(settings('demo'));
  before(() => {
    objects = renderOverlay('demo');
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
    objects = renderOverlay('production');
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
