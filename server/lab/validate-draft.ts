// Checks the changes of a draft set before they are tried: each applied document is parsed
// with node ranges kept, validated against the published schemas of its kind (the same
// models the deploy tests use), and read by Flowscope's own policy parser; every problem is
// reported at a 1-based line and column of that document. A removal must name a policy in
// force.
import 'server-only';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { DraftChange, DraftProblem } from '@/lib/api/lab';
import type { PolicyKind } from '@/lib/api/policy';
import { parsePolicyYaml } from '@/server/policies/parse';
import { unsupportedOf } from '@/server/policies/model';
import { isRecord } from '@/server/policies/parse-rules';
import { errorFields, log } from '@/server/log';

export const POLICY_KINDS: readonly PolicyKind[] = [
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'NetworkPolicy',
];

const API_VERSIONS: Record<PolicyKind, string> = {
  CiliumNetworkPolicy: 'cilium.io/v2',
  CiliumClusterwideNetworkPolicy: 'cilium.io/v2',
  NetworkPolicy: 'networking.k8s.io/v1',
};

type Model = new (data: never) => { validate(): void };
let models: Promise<Record<PolicyKind, Model>> | undefined;

/** The schema models, loaded once (the packages are ES modules only: imported, not required). */
function loadModels(): Promise<Record<PolicyKind, Model>> {
  models ??= (async () => {
    const cnp = await import('@kubernetes-models/cilium/cilium.io/v2/CiliumNetworkPolicy');
    const ccnp =
      await import('@kubernetes-models/cilium/cilium.io/v2/CiliumClusterwideNetworkPolicy');
    const netpol = await import('kubernetes-models/networking.k8s.io/v1/NetworkPolicy');
    return {
      CiliumNetworkPolicy: cnp.CiliumNetworkPolicy as unknown as Model,
      CiliumClusterwideNetworkPolicy: ccnp.CiliumClusterwideNetworkPolicy as unknown as Model,
      NetworkPolicy: netpol.NetworkPolicy as unknown as Model,
    };
  })();
  return models;
}

const TOP_LEVEL_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'specs', 'status']);

type Path = (string | number)[];

/** What a policy change targets: kind, namespace ('' when cluster-wide) and name. */
export interface PolicyTarget {
  kind: PolicyKind;
  namespace: string;
  name: string;
}

function isPolicyKind(v: unknown): v is PolicyKind {
  return typeof v === 'string' && (POLICY_KINDS as readonly string[]).includes(v);
}

/** The policy an applied document names, when it names one of the three kinds. */
export function documentTarget(yaml: string): PolicyTarget | undefined {
  const doc = parseDocument(yaml, { prettyErrors: false });
  if (doc.errors.length > 0) return undefined;
  let obj: unknown;
  try {
    obj = doc.toJS({ maxAliasCount: 50 });
  } catch {
    return undefined;
  }
  if (!isRecord(obj) || !isPolicyKind(obj.kind)) return undefined;
  const meta = isRecord(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (obj.kind === 'CiliumClusterwideNetworkPolicy') return { kind: obj.kind, namespace: '', name };
  // As the policy parser does: a namespaced policy without a namespace lands in "default".
  const namespace =
    typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default';
  return { kind: obj.kind, namespace, name };
}

/** The policy a change applies or removes, when it can be told. */
export function changeTarget(change: DraftChange): PolicyTarget | undefined {
  if (change.action === 'remove') {
    return { kind: change.kind, namespace: change.namespace, name: change.name };
  }
  return documentTarget(change.yaml);
}

/** Locates paths of a document: the line and column of the key (or item) at a path. */
class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number): { line: number; column: number } {
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /** The deepest node along `path` that exists, pointing at its key when it has one. */
  locate(path: Path): { line: number; column: number } {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && keyText(it.key) === String(seg));
        if (!pair) break;
        offset = rangeStart(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined) break;
        offset = rangeStart(item) ?? offset;
        node = item;
      } else {
        break;
      }
    }
    return this.at(offset);
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const r = (node as YamlNode | null | undefined)?.range;
  return r ? r[0] : undefined;
}

/** `ingress[0].toPorts[1].ports` → ['ingress', 0, 'toPorts', 1, 'ports']. */
function parseDotted(text: string): Path {
  const out: Path = [];
  for (const part of text.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

function dotted(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

interface SchemaError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function schemaErrors(err: unknown): SchemaError[] {
  const list = (err as { errors?: unknown }).errors;
  if (Array.isArray(list) && list.length > 0) return list as SchemaError[];
  return [{ instancePath: '', message: err instanceof Error ? err.message : String(err) }];
}

/** `/spec/egress/0/to~1x` → ['spec', 'egress', 0, 'to/x'], numbers where the YAML has a list. */
function pointerPath(pointer: string): Path {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

async function schemaProblems(
  kind: PolicyKind,
  obj: unknown,
  loc: Locator,
  change: number,
): Promise<DraftProblem[]> {
  const out: DraftProblem[] = [];
  let Model: Model;
  try {
    Model = (await loadModels())[kind];
  } catch (err) {
    // Asked again next time; the document is still read by Flowscope's parser below.
    models = undefined;
    log.error('policy schemas could not be loaded', errorFields(err));
    return [
      { change, line: 1, column: 1, message: 'the schema check could not run on the server' },
    ];
  }
  try {
    new Model(obj as never).validate();
    return out;
  } catch (err) {
    const errors = schemaErrors(err);
    // An anyOf of required fields (a Cilium spec needs one direction) fails once per branch:
    // said once, naming the fields.
    const anyOf = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
    const oneOf = new Map<string, string[]>();
    for (const e of errors) {
      const missing = e.params?.missingProperty;
      if (e.keyword === 'required' && anyOf.has(e.instancePath) && typeof missing === 'string') {
        const at = e.instancePath ?? '';
        oneOf.set(at, [...(oneOf.get(at) ?? []), missing]);
      }
    }
    for (const [pointer, fields] of oneOf) {
      const path = pointerPath(pointer);
      const where = path.length > 0 ? `${dotted(path)}: ` : '';
      const message = `${where}needs one of the fields ${fields.join(', ')}`;
      out.push({ change, ...loc.locate(path), message });
    }
    for (const e of errors) {
      if (oneOf.has(e.instancePath ?? '') && (e.keyword === 'required' || e.keyword === 'anyOf')) {
        continue;
      }
      const path = pointerPath(e.instancePath ?? '');
      let message = e.message ?? 'invalid';
      let at = path;
      if (
        e.keyword === 'additionalProperties' &&
        typeof e.params?.additionalProperty === 'string'
      ) {
        at = [...path, e.params.additionalProperty];
        message = 'is not a field of this kind';
      } else if (e.keyword === 'required' && typeof e.params?.missingProperty === 'string') {
        message = `needs the field "${e.params.missingProperty}"`;
      } else if (e.keyword === 'enum' && Array.isArray(e.params?.allowedValues)) {
        message = `must be one of ${e.params.allowedValues.map(String).join(', ')}`;
      }
      const where = at.length > 0 ? `${dotted(at)}: ` : '';
      out.push({ change, ...loc.locate(at), message: `${where}${message}` });
    }
  }
  return out;
}

/** The problems of one applied document (`change` is its index in the draft set). */
export async function validateDocument(yaml: string, change: number): Promise<DraftProblem[]> {
  const lines = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter: lines, prettyErrors: false });
  const loc = new Locator(doc, lines);
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => ({
      change,
      ...loc.at(e.pos[0]),
      message: e.message.split('\n')[0] ?? 'YAML error',
    }));
  }
  let obj: unknown;
  try {
    obj = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    return [
      { change, line: 1, column: 1, message: err instanceof Error ? err.message : 'YAML error' },
    ];
  }
  if (!isRecord(obj)) {
    return [{ change, line: 1, column: 1, message: 'not a Kubernetes object (a map with kind)' }];
  }
  if (!isPolicyKind(obj.kind)) {
    const shown = obj.kind === undefined ? 'no kind' : `kind "${String(obj.kind).slice(0, 60)}"`;
    return [
      {
        change,
        ...loc.locate(['kind']),
        message: `${shown}: a draft applies ${POLICY_KINDS.join(', ')} only`,
      },
    ];
  }
  const kind = obj.kind;
  const out: DraftProblem[] = [];
  if (obj.apiVersion !== API_VERSIONS[kind]) {
    out.push({
      change,
      ...loc.locate(['apiVersion']),
      message: `${kind} needs apiVersion ${API_VERSIONS[kind]}, got "${String(obj.apiVersion).slice(0, 60)}"`,
    });
  }
  for (const key of Object.keys(obj)) {
    if (!TOP_LEVEL_KEYS.has(key)) {
      out.push({ change, ...loc.locate([key]), message: `${key}: is not a field of this kind` });
    }
  }
  out.push(...(await schemaProblems(kind, obj, loc, change)));
  // What Flowscope's own parser refuses or does not evaluate (a misspelt field among them:
  // the published schemas let unknown fields through).
  const parsed = parsePolicyYaml(yaml, 'draft');
  for (const e of parsed.errors) {
    const message = e.replace(/^draft document \d+: /, '');
    const at = /without metadata\.name/.test(message) ? ['metadata'] : [];
    out.push({ change, ...loc.locate(at), message });
  }
  for (const p of parsed.policies) {
    for (const u of unsupportedOf(p)) {
      const token = /^[^\s:]+/.exec(u)?.[0] ?? '';
      const rel = parseDotted(token);
      const path = rel[0] === 'specs' ? rel : ['spec', ...rel];
      out.push({
        change,
        ...loc.locate(path),
        message: `${rel[0] === 'specs' ? '' : 'spec.'}${u}: not evaluated by Flowscope (unknown or unsupported), flows it decides stay "unknown"`,
      });
    }
  }
  return dedupe(out);
}

function dedupe(problems: DraftProblem[]): DraftProblem[] {
  const seen = new Set<string>();
  const out = problems.filter((p) => {
    const key = `${p.change}:${p.line}:${p.column ?? 0}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return out.sort(
    (a, b) => a.change - b.change || a.line - b.line || (a.column ?? 0) - (b.column ?? 0),
  );
}

/** The problems of every change; a removal must name a policy in force. */
export async function validateChanges(
  changes: readonly DraftChange[],
  inForce: readonly PolicyTarget[],
): Promise<DraftProblem[]> {
  const ids = new Set(inForce.map((p) => `${p.kind}/${p.namespace}/${p.name}`));
  const out: DraftProblem[] = [];
  const applied = new Map<string, number>();
  for (const [i, c] of changes.entries()) {
    if (c.action === 'remove') {
      const ns = c.kind === 'CiliumClusterwideNetworkPolicy' ? '' : c.namespace;
      if (!ids.has(`${c.kind}/${ns}/${c.name}`)) {
        const where = ns ? `${ns}/${c.name}` : c.name;
        out.push({ change: i, line: 1, message: `no ${c.kind} ${where} is in force to remove` });
      }
      continue;
    }
    out.push(...(await validateDocument(c.yaml, i)));
    const t = documentTarget(c.yaml);
    if (t?.name) {
      const id = `${t.kind}/${t.namespace}/${t.name}`;
      const first = applied.get(id);
      if (first !== undefined) {
        out.push({
          change: i,
          line: 1,
          message: `change ${first + 1} already applies ${t.kind} ${t.name}; one document per policy`,
        });
      } else {
        applied.set(id, i);
      }
    }
  }
  return out;
}
