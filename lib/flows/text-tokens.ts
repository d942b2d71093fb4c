// Shell-like splitting of filter text that keeps each word's place in the text, for code
// that edits the text in place (quick filters, selector flags). Lenient: an unterminated
// quote runs to the end; parse-filter-text.ts is the strict reader.

export interface TextToken {
  /** The word with its quotes removed. */
  value: string;
  start: number;
  end: number;
}

/** Splits like a shell: whitespace separates, '…' and "…" (with \-escapes) group. */
export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text.charAt(i))) i++;
    if (i >= text.length) break;
    const start = i;
    let value = '';
    while (i < text.length && !/\s/.test(text.charAt(i))) {
      const ch = text.charAt(i);
      if (ch === "'" || ch === '"') {
        i++;
        while (i < text.length && text.charAt(i) !== ch) {
          if (ch === '"' && text.charAt(i) === '\\' && i + 1 < text.length) i++;
          value += text.charAt(i);
          i++;
        }
        i++; // closing quote (or end of an unterminated one)
      } else {
        value += ch;
        i++;
      }
    }
    tokens.push({ value, start, end: Math.min(i, text.length) });
  }
  return tokens;
}
