// YAML text (one or many documents) to normalized Policy objects, with the line range of
// every rule inside the policy's own YAML so the UI can highlight the rule that decided.
import 'server-only';
import { parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import type { Policy, PolicyRule, PolicySection } from './model';
import { policyId } from './model';
import { isRecord, parseCiliumRule, parseK8sRule } from './parse-rules';
import type { RuleBody } from './parse-rules';
import { makeSelector, namespaceRequirement, parseLabelSelectorObject } from './selector';
import type { Direction, LineRange, PolicyKind, SpecDeparture } from '@/lib/api/policy';

export interface ParseResult {
  policies: Policy[];
  /** Documents that are not one of the three policy kinds, or are broken, with the reason. */
  errors: string[];
}

const API_VERSIONS: Record<PolicyKind, string> = {
  CiliumNetworkPolicy: 'cilium.io/v2',
  CiliumClusterwideNetworkPolicy: 'cilium.io/v2',
  NetworkPolicy: 'networking.k8s.io/v1',
};

const CILIUM_LISTS: { key: string; direction: Direction; deny: boolean }[] = [
  { key: 'ingress', direction: 'ingress', deny: false },
  { key: 'ingressDeny', direction: 'ingress', deny: true },
  { key: 'egress', direction: 'egress', deny: false },
  { key: 'egressDeny', direction: 'egress', deny: true },
];
const CILIUM_SPEC_KEYS = new Set([
  ...CILIUM_LISTS.map((l) => l.key),
  'endpointSelector',
  'description',
  'labels',
  'enableDefaultDeny',
  'log',
]);

type Path = (string | number)[];

/** Maps YAML node offsets to 1-based lines inside the policy's own text. */
class Lines {
  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {}

  private lineAt(offset: number): number {
    let line = 1;
    const end = Math.min(offset, this.text.length + this.base) - this.base;
    for (let i = 0; i < end; i++) if (this.text.charCodeAt(i) === 10) line++;
    return line;
  }

  range(doc: Document, path: Path): LineRange {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const r = node?.range;
    if (!r) return { start: 1, end: 1 };
    // The node's value may end with a newline; the last line is the one with its last char.
    let last = r[1] - 1;
    while (last > r[0] && /\s/.test(this.text[last - this.base] ?? '')) last--;
    return { start: this.lineAt(r[0]), end: this.lineAt(last) };
  }
}

/** Policy text without the `---` separator, and the offset it starts at in the file. */
function documentText(source: string, doc: Document): { text: string; base: number } {
  const [start, , end] = doc.range ?? [0, source.length, source.length];
  let base = start;
  const sep = /^---[^\n]*\n/.exec(source.slice(start, end));
  if (sep) base += sep[0].length;
  return { text: source.slice(base, end).replace(/\s+$/, '') + '\n', base };
}

function ciliumSections(
  doc: Document,
  spec: Record<string, unknown>,
  specPath: Path,
  idPrefix: string,
  p: Policy,
  lines: Lines,
): void {
  const sectionIndex = p.sections.length;
  const unsupported: string[] = [];
  for (const key of Object.keys(spec)) {
    // nodeSelector makes a host policy: it selects nodes, which flows do not describe here.
    if (!CILIUM_SPEC_KEYS.has(key)) unsupported.push(`${idPrefix}${key}`);
  }
  const subjectSel = parseLabelSelectorObject(
    spec.endpointSelector,
    `${idPrefix}endpointSelector`,
    unsupported,
  );
  const subject = p.namespace
    ? makeSelector([...subjectSel.reqs, namespaceRequirement(p.namespace)])
    : subjectSel;
  const subjectIsInit = subjectSel.reqs.some((r) => r.source === 'reserved' && r.key === 'init');
  const scope = { namespace: p.namespace, subjectIsInit };
  const directions = new Set<Direction>();
  for (const l of CILIUM_LISTS) {
    const items = Array.isArray(spec[l.key]) ? (spec[l.key] as unknown[]) : [];
    if (items.length > 0) directions.add(l.direction);
    items.forEach((item, i) => {
      const id = `${idPrefix}${l.key}[${i}]`;
      const body = parseCiliumRule(item, id, l.direction, l.deny, scope);
      p.rules.push(
        rule(
          id,
          l.direction,
          l.deny,
          sectionIndex,
          body,
          lines.range(doc, [...specPath, l.key, i]),
        ),
      );
    });
  }
  // Cilium: default-deny is on for each direction with rules unless enableDefaultDeny says no.
  const edd = isRecord(spec.enableDefaultDeny) ? spec.enableDefaultDeny : {};
  const defaultDeny = [...directions].filter((d) => edd[d] !== false);
  const section: PolicySection = {
    subject,
    directions: [...directions],
    defaultDeny,
    unsupported,
  };
  p.sections.push(section);
}

function rule(
  id: string,
  direction: Direction,
  deny: boolean,
  section: number,
  body: RuleBody,
  lines: LineRange,
): PolicyRule {
  return { id, direction, action: deny ? 'deny' : 'allow', section, lines, ...body };
}

/**
 * A NetworkPolicy as Cilium translates it (pkg/k8s/network_policy.go ParseNetworkPolicy):
 * `spec.ingress` and `spec.egress` rules apply whatever `policyTypes` says; ingress is in
 * default-deny when it has rules, when policyTypes lists Ingress, or when policyTypes does
 * not list Egress; egress when it has rules or policyTypes lists Egress. Where that departs
 * from the Kubernetes spec (rules of a direction policyTypes leaves out) it is recorded.
 */
function k8sSection(doc: Document, spec: Record<string, unknown>, p: Policy, lines: Lines): void {
  const unsupported: string[] = [];
  const known = new Set(['podSelector', 'policyTypes', 'ingress', 'egress']);
  for (const key of Object.keys(spec)) if (!known.has(key)) unsupported.push(key);
  const pods = parseLabelSelectorObject(spec.podSelector, 'podSelector', unsupported);
  const subject = makeSelector([...pods.reqs, namespaceRequirement(p.namespace)]);
  const types = Array.isArray(spec.policyTypes)
    ? spec.policyTypes.map((t) => String(t).toLowerCase())
    : undefined;
  const listed = (d: Direction) => types?.includes(d) ?? false;
  const items = (d: Direction) => (Array.isArray(spec[d]) ? (spec[d] as unknown[]) : []);
  const enforced: Record<Direction, boolean> = {
    ingress: items('ingress').length > 0 || listed('ingress') || !listed('egress'),
    egress: items('egress').length > 0 || listed('egress'),
  };
  const directions = (['ingress', 'egress'] as const).filter((d) => enforced[d]);
  const departures: SpecDeparture[] = [];
  for (const d of directions) {
    if (types && !listed(d) && items(d).length > 0) {
      departures.push({
        direction: d,
        text: `Cilium applies spec.${d} although policyTypes does not list ${d === 'ingress' ? 'Ingress' : 'Egress'}; the Kubernetes spec says those rules are ignored`,
        ...(d === 'ingress' ? { issue: 'cilium/cilium#48703' } : {}),
      });
    }
    items(d).forEach((item, i) => {
      const id = `${d}[${i}]`;
      const body = parseK8sRule(item, id, d, p.namespace);
      if (body.departure) departures.push({ direction: d, ruleId: id, ...body.departure });
      p.rules.push(rule(id, d, false, 0, body, lines.range(doc, ['spec', d, i])));
    });
  }
  if (departures.length > 0) p.departures = departures;
  p.sections.push({ subject, directions, defaultDeny: directions, unsupported });
}

function parseDocument(source: string, doc: Document, origin: string): Policy | string {
  const obj: unknown = doc.toJS({ maxAliasCount: 50 });
  if (obj === null || obj === undefined) return '';
  if (!isRecord(obj)) return 'not a Kubernetes object';
  const kind = String(obj.kind ?? '');
  if (!(kind in API_VERSIONS)) return `kind "${kind.slice(0, 60)}" is not a network policy`;
  const k = kind as PolicyKind;
  if (obj.apiVersion !== API_VERSIONS[k]) {
    return `${kind} needs apiVersion ${API_VERSIONS[k]}, got "${String(obj.apiVersion).slice(0, 60)}"`;
  }
  const meta = isRecord(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (!name) return `${kind} without metadata.name`;
  const clusterwide = k === 'CiliumClusterwideNetworkPolicy';
  // Folder YAML often omits the namespace; kubectl would apply it to "default".
  const namespace = clusterwide
    ? ''
    : typeof meta.namespace === 'string' && meta.namespace
      ? meta.namespace
      : 'default';
  const { text, base } = documentText(source, doc);
  const p: Policy = {
    id: policyId(k, namespace, name),
    kind: k,
    namespace,
    name,
    yaml: text,
    source: origin,
    sections: [],
    rules: [],
  };
  // Objects from the API server carry a generation; folder YAML usually has none. (Flows
  // carry the agent's policy-repository revision, a different counter.)
  if (meta.generation !== undefined) p.revision = String(meta.generation);
  if (typeof meta.uid === 'string') p.uid = meta.uid;
  const lines = new Lines(text, base);
  if (k === 'NetworkPolicy') {
    k8sSection(doc, isRecord(obj.spec) ? obj.spec : {}, p, lines);
  } else {
    if (isRecord(obj.spec)) ciliumSections(doc, obj.spec, ['spec'], '', p, lines);
    if (Array.isArray(obj.specs)) {
      obj.specs.forEach((s, i) => {
        if (isRecord(s)) ciliumSections(doc, s, ['specs', i], `specs[${i}].`, p, lines);
      });
    }
    if (p.sections.length === 0) return `${kind} ${name} has neither spec nor specs`;
  }
  return p;
}

/** Parses every document of a YAML text; `origin` names the file in errors and results. */
export function parsePolicyYaml(text: string, origin: string): ParseResult {
  const out: ParseResult = { policies: [], errors: [] };
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) out.errors.push(`${origin}: not YAML documents`);
  list.forEach((doc, i) => {
    const where = `${origin} document ${i + 1}`;
    const err = doc.errors[0];
    if (err) {
      out.errors.push(`${where}: ${err.message.split('\n')[0] ?? 'YAML error'}`);
      return;
    }
    const r = parseDocument(text, doc, origin);
    if (typeof r === 'string') {
      if (r) out.errors.push(`${where}: ${r}`);
    } else {
      out.policies.push(r);
    }
  });
  return out;
}
