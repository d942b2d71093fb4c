// Turns `hubble observe` filter flags, as people paste them, into a FlowQuery built the way
// the hubble CLI builds GetFlowsRequest: each list (whitelist, and blacklist for `--not`)
// is a pair of filters, left for "source" and right for "destination" meanings of the
// non-directional flags, collapsed into one filter when both sides end up equal.
import 'server-only';

import type { FlowFilterSpec, FlowQuery } from '@/server/filter/filter-types';
import { CONFLICT_GROUPS, findFlag, suggestFlag, ValueError, type FlagDef } from './filter-flags';
import { SELECTOR_FLAGS } from '@/lib/flows/selector-flags';

export type ParseFilterResult = { ok: true; query: FlowQuery } | { ok: false; error: string };

interface Token {
  text: string;
  /** It began with a quote, so it is a value even if it reads like a flag. */
  quoted: boolean;
}

class ParseError extends Error {}

/** Shell-like word splitting: whitespace separates, '...' is literal, "..." allows \" and \\. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let cur = '';
  let inToken = false;
  let quoted = false;
  let i = 0;
  const end = () => {
    if (inToken) tokens.push({ text: cur, quoted });
    cur = '';
    inToken = false;
    quoted = false;
  };
  while (i < input.length) {
    const c = input[i] ?? '';
    if (/\s/.test(c)) {
      end();
      i++;
    } else if (c === "'" || c === '"') {
      const close = c;
      if (!inToken) quoted = true;
      inToken = true;
      i++;
      let closed = false;
      while (i < input.length) {
        const d = input[i] ?? '';
        if (d === close) {
          closed = true;
          i++;
          break;
        }
        if (close === '"' && d === '\\' && (input[i + 1] === '"' || input[i + 1] === '\\')) {
          cur += input[i + 1];
          i += 2;
        } else {
          cur += d;
          i++;
        }
      }
      if (!closed) throw new ParseError(`unterminated ${close} quote`);
    } else {
      cur += c;
      inToken = true;
      i++;
    }
  }
  end();
  return tokens;
}

/** The filters one list (whitelist or blacklist) is being built from. */
class FilterPair {
  left: FlowFilterSpec | null = null;
  right: FlowFilterSpec | null = null;
  readonly changed = new Set<string>();
  readonly ns = { any: [] as string[], from: [] as string[], to: [] as string[] };

  touch(name: string): void {
    this.changed.add(name);
    for (const group of CONFLICT_GROUPS) {
      if (!group.includes(name)) continue;
      const other = group.find((g) => g !== name && this.changed.has(g));
      if (other) throw new ParseError(`filters --${other} and --${name} cannot be combined`);
    }
  }

  applyLeft(update: (f: FlowFilterSpec) => void): void {
    update((this.left ??= {}));
  }

  applyRight(update: (f: FlowFilterSpec) => void): void {
    update((this.right ??= {}));
  }

  filters(): FlowFilterSpec[] {
    const { any, from, to } = this.ns;
    if (!this.left && !this.right && any.length + from.length + to.length === 0) return [];
    const left = (this.left ??= {});
    const right = (this.right ??= {});
    if (to.length > 0) {
      withNamespaces(left, 'destination', to);
      withNamespaces(right, 'destination', to);
    }
    if (from.length > 0) {
      withNamespaces(left, 'source', from);
      withNamespaces(right, 'source', from);
    }
    if (any.length > 0) {
      withNamespaces(left, 'source', any);
      withNamespaces(right, 'destination', any);
    }
    return sameSpec(left, right) ? [left] : [left, right];
  }
}

/**
 * Namespace flags qualify the pod and service names of one side; with neither given they
 * select the whole namespace, as the CLI does.
 */
function withNamespaces(f: FlowFilterSpec, side: 'source' | 'destination', ns: string[]): void {
  const podKey = side === 'source' ? 'sourcePod' : 'destinationPod';
  const svcKey = side === 'source' ? 'sourceService' : 'destinationService';
  if (!f[podKey]?.length && !f[svcKey]?.length) f[podKey] = [''];
  for (const key of [podKey, svcKey] as const) {
    const names = f[key];
    if (!names) continue;
    const out: string[] = [];
    for (const name of names) {
      const slash = name.indexOf('/');
      if (slash >= 0) {
        const own = name.slice(0, slash);
        const other = ns.find((n) => n !== own);
        if (other !== undefined) {
          throw new ParseError(`namespace conflict: "${other}" does not contain "${name}"`);
        }
        out.push(name);
      } else {
        for (const n of ns) out.push(`${n}/${name}`);
      }
    }
    f[key] = out;
  }
}

function sameSpec(a: FlowFilterSpec, b: FlowFilterSpec): boolean {
  const keys = Object.keys(a) as (keyof FlowFilterSpec)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

function apply(pair: FilterPair, def: FlagDef, raw: string): void {
  const effect = def.build(raw);
  if (effect instanceof ValueError) throw new ParseError(`--${def.name}: ${effect.message}`);
  pair.touch(def.name);
  switch (effect.kind) {
    case 'both':
      pair.applyLeft(effect.apply);
      pair.applyRight(effect.apply);
      break;
    case 'either':
      pair.applyLeft(effect.left);
      pair.applyRight(effect.right);
      break;
    case 'namespace':
      pair.ns[effect.scope].push(effect.ns);
      break;
  }
}

interface FlagToken {
  def: FlagDef;
  shown: string;
  inline: string | undefined;
}

function readFlag(tok: Token): FlagToken | 'not' {
  const isLong = tok.text.startsWith('--');
  const body = tok.text.slice(isLong ? 2 : 1);
  const eq = body.indexOf('=');
  const name = eq < 0 ? body : body.slice(0, eq);
  const inline = eq < 0 ? undefined : body.slice(eq + 1);
  const shown = `${isLong ? '--' : '-'}${name}`;
  if (isLong && name === 'not') {
    if (inline !== undefined) throw new ParseError('--not takes no value');
    return 'not';
  }
  if (isLong && (SELECTOR_FLAGS as readonly string[]).includes(name)) {
    // The flow filter box turns these into the page's window and row limit first.
    throw new ParseError(
      name === 'last'
        ? '--last is not a filter here; give the number of flows as limit='
        : `--${name} is not a filter here; give the time window as window=, or from= and to=`,
    );
  }
  const def = name ? findFlag(name, !isLong) : undefined;
  if (!def) {
    const hint = isLong && name ? suggestFlag(name) : undefined;
    throw new ParseError(`unknown flag ${shown}${hint ? ` (did you mean --${hint}?)` : ''}`);
  }
  return { def, shown, inline };
}

function looksLikeFlag(tok: Token): boolean {
  if (tok.quoted || !tok.text.startsWith('-')) return false;
  if (tok.text.startsWith('--')) return true;
  return findFlag(tok.text.slice(1).split('=')[0] ?? '', true) !== undefined;
}

function parseTokens(tokens: Token[]): FlowQuery {
  const white = new FilterPair();
  const black = new FilterPair();
  let negate = false;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    if (tok.quoted || !tok.text.startsWith('-') || tok.text === '-') {
      throw new ParseError(`expected a flag such as --namespace, got "${tok.text}"`);
    }
    const flag = readFlag(tok);
    if (flag === 'not') {
      if (negate) throw new ParseError('consecutive --not statements');
      negate = true;
      continue;
    }
    let value = flag.inline;
    if (value === undefined) {
      const next = tokens[i + 1];
      if (!next || looksLikeFlag(next)) throw new ParseError(`${flag.shown} needs a value`);
      value = next.text;
      i++;
    }
    apply(negate ? black : white, flag.def, value);
    negate = false;
  }
  if (negate) throw new ParseError('--not must be followed by a filter flag');
  return { whitelist: white.filters(), blacklist: black.filters() };
}

/** Parses filter flags; empty text is the empty query, which matches every flow. */
export function parseFilterText(text: string): ParseFilterResult {
  try {
    return { ok: true, query: parseTokens(tokenize(text)) };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}
