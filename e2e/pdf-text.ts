// The strings of a PDF, enough to check what a printed page says: literal and hex strings
// (UTF-16 when marked so) from the file and from its Flate-compressed streams. The document
// outline (page.pdf({ outline: true })) carries the headings as such strings.
import { inflateSync } from 'node:zlib';

function literalStrings(text: string): string[] {
  const out: string[] = [];
  const re = /\((?:\\.|[^\\)])*\)/g;
  for (const m of text.matchAll(re)) {
    out.push(
      m[0]
        .slice(1, -1)
        .replace(/\\([nrtbf()\\])/g, (_, c: string) =>
          c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c === 'b' || c === 'f' ? '' : c,
        ),
    );
  }
  return out;
}

function hexStrings(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/<([0-9A-Fa-f\s]+)>/g)) {
    const hex = (m[1] ?? '').replace(/\s/g, '');
    if (!/^fe?ff/i.test(hex)) continue;
    const bytes = Buffer.from(hex.slice(4), 'hex');
    out.push(bytes.swap16().toString('utf16le'));
  }
  return out;
}

export function pdfStrings(pdf: Buffer): string {
  const parts: string[] = [pdf.toString('latin1')];
  let at = 0;
  for (;;) {
    const start = pdf.indexOf('stream', at, 'latin1');
    if (start < 0) break;
    let body = start + 'stream'.length;
    if (pdf[body] === 0x0d) body++;
    if (pdf[body] === 0x0a) body++;
    const end = pdf.indexOf('endstream', body, 'latin1');
    if (end < 0) break;
    try {
      parts.push(inflateSync(pdf.subarray(body, end)).toString('latin1'));
    } catch {
      // Not a Flate stream (an image, a font program): nothing to read.
    }
    at = end + 'endstream'.length;
  }
  return parts.flatMap((p) => [...literalStrings(p), ...hexStrings(p)]).join('\n');
}
