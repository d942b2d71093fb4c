// Reads and edits one flag inside `hubble observe`-style filter text, so each quick
// control can own its flag while the text box stays the single source of truth.
// Only the plain `--flag value` / `--flag=value` forms are edited; occurrences negated
// with `--not` belong to the user's text and are left alone.

import { tokenize } from '@/lib/flows/text-tokens';

export { tokenize };

interface Occurrence {
  value: string;
  start: number;
  end: number;
}

function occurrences(text: string, flag: string): Occurrence[] {
  const name = `--${flag}`;
  const tokens = tokenize(text);
  const found: Occurrence[] = [];
  tokens.forEach((token, i) => {
    if (tokens[i - 1]?.value === '--not') return;
    if (token.value.startsWith(`${name}=`)) {
      found.push({ value: token.value.slice(name.length + 1), start: token.start, end: token.end });
    } else if (token.value === name) {
      const next = tokens[i + 1];
      const hasValue = next !== undefined && !next.value.startsWith('--');
      found.push({
        value: hasValue ? next.value : '',
        start: token.start,
        end: hasValue ? next.end : token.end,
      });
    }
  });
  return found;
}

/** Quotes a value only when the tokenizer would otherwise split or change it. */
export function quoteValue(value: string): string {
  if (/^[^\s'"\\]+$/.test(value)) return value;
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** The value of the first plain `--flag`, or '' when absent. */
export function getFlag(text: string, flag: string): string {
  return occurrences(text, flag)[0]?.value ?? '';
}

/**
 * Sets `--flag value` in place of the first plain occurrence (or at the end), removing
 * any other plain occurrences; an empty value removes the flag.
 */
export function setFlag(text: string, flag: string, value: string): string {
  const found = occurrences(text, flag);
  const replacement = value === '' ? '' : `--${flag} ${quoteValue(value)}`;
  if (found.length === 0) {
    if (!replacement) return text;
    const base = text.trimEnd();
    return base ? `${base} ${replacement}` : replacement;
  }
  let out = text;
  // Splice from the end so earlier offsets stay valid.
  for (let i = found.length - 1; i >= 0; i--) {
    const occ = found[i];
    if (!occ) continue;
    if (i === 0 && replacement) {
      out = out.slice(0, occ.start) + replacement + out.slice(occ.end);
    } else {
      let end = occ.end;
      while (end < out.length && /\s/.test(out.charAt(end))) end++;
      out = out.slice(0, occ.start) + out.slice(end);
    }
  }
  return out.trim();
}
