// Where policies come from: a folder of YAML files, or the Kubernetes API (kube-source.ts),
// behind one interface. Routes reach the process-wide source through getPolicySource().
import 'server-only';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Policy } from './model';
import { parsePolicyYaml } from './parse';

export interface PolicySource {
  policies(): Policy[];
  /** Problems found while reading (unparsable documents, API errors), newest last. */
  errors(): string[];
  /** Calls `listener` after the policy set changed; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}

const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Reads every *.yaml / *.yml file of `dir` (not recursive), each possibly multi-document. */
export async function loadPolicyFolder(dir: string): Promise<PolicySource> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
  const policies: Policy[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const file = path.join(dir, name);
    const text = await readFile(file, 'utf8');
    if (text.length > MAX_FILE_BYTES) {
      errors.push(`${name}: larger than ${MAX_FILE_BYTES} bytes, skipped`);
      continue;
    }
    const r = parsePolicyYaml(text, name);
    errors.push(...r.errors);
    for (const p of r.policies) {
      // Two files defining one object would be applied one over the other; keep the first.
      if (seen.has(p.id)) {
        errors.push(`${name}: ${p.id} is defined more than once, later copy ignored`);
        continue;
      }
      seen.add(p.id);
      policies.push(p);
    }
  }
  return staticSource(policies, errors);
}

/** A source whose policies never change (a folder read once, or a test fixture). */
export function staticSource(policies: Policy[], errors: string[] = []): PolicySource {
  return {
    policies: () => policies,
    errors: () => errors,
    onChange: () => () => {},
    close: async () => {},
  };
}

export interface PolicySourceOptions {
  /** A folder of policy YAML. */
  dir?: string;
  /** Watch the cluster's policies through the Kubernetes API (in-cluster or kubeconfig). */
  kubernetes?: boolean;
}

/** The folder wins when both are given: an explicit folder is a deliberate override. */
export async function openPolicySource(opts: PolicySourceOptions): Promise<PolicySource> {
  if (opts.dir) return loadPolicyFolder(opts.dir);
  if (opts.kubernetes) {
    const { openKubernetesSource } = await import('./kube-source');
    return openKubernetesSource();
  }
  return staticSource([], ['no policy source configured']);
}

const KEY = Symbol.for('flowscope.policies');
type Holder = { [KEY]?: Map<string, Promise<PolicySource>> };

/**
 * The process-wide source for these options. Next.js may load this module more than once,
 * so the sources live on globalThis; a failed open is forgotten so the next call retries.
 */
export function getPolicySource(opts: PolicySourceOptions): Promise<PolicySource> {
  const holder = globalThis as Holder;
  const sources = (holder[KEY] ??= new Map());
  const key = JSON.stringify({ dir: opts.dir ?? null, kubernetes: opts.kubernetes === true });
  let source = sources.get(key);
  if (!source) {
    source = openPolicySource(opts);
    sources.set(key, source);
    source.catch(() => sources.delete(key));
  }
  return source;
}
