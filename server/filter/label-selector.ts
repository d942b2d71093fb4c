// Kubernetes label selector syntax over Cilium endpoint labels ("k8s:app=frontend",
// "reserved:world"). Keys may carry a Cilium source prefix; a key without one, or with the
// "any" source, matches labels of every source, as Hubble's agent does.
import 'server-only';

export type SelectorOp = 'exists' | 'notexists' | 'in' | 'notin' | 'gt' | 'lt';

export interface LabelRequirement {
  /** Cilium label source, or undefined for "any source". */
  source: string | undefined;
  key: string;
  op: SelectorOp;
  values: string[];
}

export type ParsedSelector = { ok: true; reqs: LabelRequirement[] } | { ok: false; error: string };

interface ParsedLabel {
  source: string;
  key: string;
  value: string;
}

type Token = { kind: 'word'; text: string } | { kind: 'op'; text: string };

const KEY_RE = /^[A-Za-z0-9]([-A-Za-z0-9_./:]*[A-Za-z0-9])?$/;
// Kubernetes label values: empty or up to 63 alphanumerics with "-", "_", "." inside.
const VALUE_RE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (c === '=' || c === '!') {
      const two = text.slice(i, i + 2);
      if (two === '==' || two === '!=') {
        tokens.push({ kind: 'op', text: two });
        i += 2;
      } else {
        tokens.push({ kind: 'op', text: c });
        i++;
      }
    } else if ('(),<>'.includes(c)) {
      tokens.push({ kind: 'op', text: c });
      i++;
    } else {
      let j = i;
      while (j < text.length && !/[\s=!(),<>]/.test(text[j] ?? '')) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

function splitKey(raw: string): { source: string | undefined; key: string } {
  const colon = raw.indexOf(':');
  if (colon < 0) return { source: undefined, key: raw };
  const source = raw.slice(0, colon);
  return { source: source === 'any' ? undefined : source, key: raw.slice(colon + 1) };
}

function checkValue(v: string): string | null {
  return VALUE_RE.test(v) ? null : `invalid label value "${v}"`;
}

/** Parses a selector such as `k8s:app=frontend,tier notin (db),!reserved:world`. */
export function parseLabelSelector(text: string): ParsedSelector {
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return { ok: false, error: tokens };
  if (tokens.length === 0) return { ok: false, error: 'empty label selector' };
  const reqs: LabelRequirement[] = [];
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const fail = (error: string): ParsedSelector => ({ ok: false, error });

  while (pos < tokens.length) {
    let negated = false;
    if (peek()?.text === '!' && peek()?.kind === 'op') {
      negated = true;
      pos++;
    }
    const keyTok = peek();
    if (!keyTok || keyTok.kind !== 'word') {
      return fail(`expected a label key at "${keyTok?.text ?? 'end of selector'}"`);
    }
    if (!KEY_RE.test(keyTok.text)) return fail(`invalid label key "${keyTok.text}"`);
    const { source, key } = splitKey(keyTok.text);
    if (!key) return fail(`invalid label key "${keyTok.text}"`);
    pos++;
    const next = peek();
    let req: LabelRequirement;
    if (negated) {
      req = { source, key, op: 'notexists', values: [] };
    } else if (!next || next.text === ',') {
      req = { source, key, op: 'exists', values: [] };
    } else if (next.kind === 'op' && ['=', '==', '!=', '<', '>'].includes(next.text)) {
      pos++;
      const valTok = peek();
      const value = valTok?.kind === 'word' ? valTok.text : '';
      if (valTok?.kind === 'word') pos++;
      if (next.text === '<' || next.text === '>') {
        if (!/^-?[0-9]+$/.test(value)) return fail(`"${next.text}" needs an integer value`);
        req = { source, key, op: next.text === '<' ? 'lt' : 'gt', values: [value] };
      } else {
        const bad = checkValue(value);
        if (bad) return fail(bad);
        req = { source, key, op: next.text === '!=' ? 'notin' : 'in', values: [value] };
      }
    } else if (next.kind === 'word' && (next.text === 'in' || next.text === 'notin')) {
      pos++;
      if (peek()?.text !== '(') return fail(`expected "(" after "${next.text}"`);
      pos++;
      const values: string[] = [];
      let wantValue = true;
      for (;;) {
        const t = peek();
        if (!t) return fail('missing ")" in label selector');
        if (t.kind === 'word' && wantValue) {
          const bad = checkValue(t.text);
          if (bad) return fail(bad);
          values.push(t.text);
          wantValue = false;
          pos++;
        } else if (t.text === ',' && !wantValue) {
          wantValue = true;
          pos++;
        } else if (t.text === ')' && (!wantValue || values.length === 0)) {
          pos++;
          break;
        } else {
          return fail(`unexpected "${t.text}" in value list`);
        }
      }
      if (values.length === 0) return fail(`"${next.text}" needs at least one value`);
      req = { source, key, op: next.text === 'in' ? 'in' : 'notin', values };
    } else {
      return fail(`unexpected "${next.text}" after label key "${keyTok.text}"`);
    }
    reqs.push(req);
    const sep = peek();
    if (sep) {
      if (sep.text !== ',') return fail(`expected "," between requirements, got "${sep.text}"`);
      pos++;
      if (!peek()) return fail('label selector ends with ","');
    }
  }
  return { ok: true, reqs };
}

function parseLabel(label: string): ParsedLabel {
  const eq = label.indexOf('=');
  const keyPart = eq < 0 ? label : label.slice(0, eq);
  const value = eq < 0 ? '' : label.slice(eq + 1);
  const colon = keyPart.indexOf(':');
  // Cilium's own parser calls a label without a source "unspec".
  if (colon < 0) return { source: 'unspec', key: keyPart, value };
  return { source: keyPart.slice(0, colon), key: keyPart.slice(colon + 1), value };
}

// Records are reused across many filter evaluations; parse each label array once.
const parsedLabels = new WeakMap<readonly string[], ParsedLabel[]>();

function labelsOf(labels: readonly string[]): ParsedLabel[] {
  let parsed = parsedLabels.get(labels);
  if (!parsed) {
    parsed = labels.map(parseLabel);
    parsedLabels.set(labels, parsed);
  }
  return parsed;
}

function requirementMatches(req: LabelRequirement, labels: ParsedLabel[]): boolean {
  const hits = labels.filter(
    (l) => l.key === req.key && (req.source === undefined || l.source === req.source),
  );
  switch (req.op) {
    case 'exists':
      return hits.length > 0;
    case 'notexists':
      return hits.length === 0;
    case 'in':
      return hits.some((l) => req.values.includes(l.value));
    case 'notin':
      return !hits.some((l) => req.values.includes(l.value));
    case 'gt':
    case 'lt': {
      const bound = Number(req.values[0]);
      return hits.some((l) => {
        if (!/^-?[0-9]+$/.test(l.value)) return false;
        const n = Number(l.value);
        return req.op === 'gt' ? n > bound : n < bound;
      });
    }
  }
}

/** True when the endpoint labels satisfy every requirement. */
export function selectorMatches(reqs: LabelRequirement[], labels: readonly string[]): boolean {
  const parsed = labelsOf(labels);
  return reqs.every((r) => requirementMatches(r, parsed));
}
