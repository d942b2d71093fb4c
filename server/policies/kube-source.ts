// Policies from the Kubernetes API: list, then watch from the list's resourceVersion, for the
// three policy kinds, read-only. On any watch end or error it lists again after a backoff, so
// objects deleted while disconnected disappear. Deliberately thin, and untested here: there
// is no cluster in the test environment, so all logic worth testing lives in parse.ts.
import 'server-only';
import { CustomObjectsApi, KubeConfig, Watch } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { Policy } from './model';
import { parsePolicyYaml } from './parse';
import type { PolicySource } from './source';

const RESOURCES = [
  { group: 'cilium.io', version: 'v2', plural: 'ciliumnetworkpolicies' },
  { group: 'cilium.io', version: 'v2', plural: 'ciliumclusterwidenetworkpolicies' },
  { group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies' },
] as const;
const MAX_ERRORS = 50;
const MAX_BACKOFF_MS = 60_000;

type KubeObject = { metadata?: { uid?: string; managedFields?: unknown; annotations?: object } };

/** YAML of the object as a person wrote it: without server bookkeeping. */
function toPolicy(obj: KubeObject, kind: string, apiVersion: string): Policy | string {
  const copy = structuredClone({ apiVersion, kind, ...obj }) as Record<string, unknown> &
    KubeObject;
  delete copy.status;
  if (copy.metadata) {
    delete copy.metadata.managedFields;
    const ann = copy.metadata.annotations as Record<string, string> | undefined;
    delete ann?.['kubectl.kubernetes.io/last-applied-configuration'];
  }
  const r = parsePolicyYaml(stringify(copy), 'kubernetes');
  return r.policies[0] ?? r.errors[0] ?? 'unparsable object';
}

export async function openKubernetesSource(): Promise<PolicySource> {
  const kc = new KubeConfig();
  // loadFromDefault tries $KUBECONFIG and ~/.kube/config, then the in-cluster service
  // account, so the environment is read by the client library, not by Flowscope code.
  kc.loadFromDefault();
  const api = kc.makeApiClient(CustomObjectsApi);
  const watch = new Watch(kc);
  const byUid = new Map<string, Policy>();
  const errors: string[] = [];
  const listeners = new Set<() => void>();
  const aborts = new Set<AbortController>();
  let closed = false;

  const note = (msg: string) => {
    errors.push(`${new Date().toISOString()} ${msg}`);
    if (errors.length > MAX_ERRORS) errors.shift();
  };
  const changed = () => listeners.forEach((l) => l());

  async function run(res: (typeof RESOURCES)[number], attempt: number): Promise<void> {
    if (closed) return;
    const apiVersion = `${res.group}/${res.version}`;
    const retry = (why: string) => {
      if (closed) return;
      note(`${res.plural}: ${why}`);
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempt, 6));
      setTimeout(() => void run(res, attempt + 1), delay).unref();
    };
    try {
      const list = (await api.listClusterCustomObject({ ...res })) as {
        kind?: string;
        items?: KubeObject[];
        metadata?: { resourceVersion?: string };
      };
      const kind = (list.kind ?? '').replace(/List$/, '');
      // Replace this kind's objects with the fresh list.
      for (const [uid, p] of byUid) if (p.kind === kind) byUid.delete(uid);
      for (const item of list.items ?? []) upsert(item, kind, apiVersion);
      changed();
      const abort = await watch.watch(
        `/apis/${apiVersion}/${res.plural}`,
        { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
        (phase, obj: KubeObject) => {
          if (phase === 'BOOKMARK') return;
          const uid = obj.metadata?.uid;
          if (!uid) return;
          if (phase === 'DELETED') byUid.delete(uid);
          else upsert(obj, kind, apiVersion);
          changed();
        },
        (err: unknown) => {
          aborts.delete(abort);
          retry(err ? `watch ended: ${String(err)}` : 'watch ended');
        },
      );
      aborts.add(abort);
    } catch (err) {
      retry(`list failed: ${String(err)}`);
    }
  }

  function upsert(obj: KubeObject, kind: string, apiVersion: string): void {
    const uid = obj.metadata?.uid;
    if (!uid) return;
    const p = toPolicy(obj, kind, apiVersion);
    if (typeof p === 'string') note(p);
    else byUid.set(uid, p);
  }

  for (const res of RESOURCES) void run(res, 0);
  return {
    policies: () => [...byUid.values()],
    errors: () => [...errors],
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      for (const a of aborts) a.abort();
    },
  };
}
