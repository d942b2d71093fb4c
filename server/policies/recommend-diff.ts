// Unified diffs (as `diff -u` and `git apply` read them) of a policy file before and after a
// proposed change. Policies are small, so a plain longest-common-subsequence table is fine.
import 'server-only';

type Op = { kind: ' ' | '-' | '+'; text: string };

function lines(text: string): string[] {
  if (text === '') return [];
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

function edits(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] =
        a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i]! });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      ops.push({ kind: '+', text: b[j]! });
      j++;
    } else {
      ops.push({ kind: '-', text: a[i]! });
      i++;
    }
  }
  return ops;
}

const CONTEXT = 3;

/**
 * The unified diff turning `before` into `after` for `file` (`before` empty: a new file).
 * `lineOffset` is where the text starts in the file (a document after others), so the hunk
 * line numbers are the file's.
 */
export function unifiedDiff(file: string, before: string, after: string, lineOffset = 0): string {
  const a = lines(before);
  const b = lines(after);
  const ops = edits(a, b);
  const header =
    before === '' ? `--- /dev/null\n+++ b/${file}\n` : `--- a/${file}\n+++ b/${file}\n`;
  const hunks: string[] = [];
  let k = 0;
  // Positions (1-based) in a and b of ops[k].
  const posA: number[] = [];
  const posB: number[] = [];
  let pa = 1;
  let pb = 1;
  for (const op of ops) {
    posA.push(pa);
    posB.push(pb);
    if (op.kind !== '+') pa++;
    if (op.kind !== '-') pb++;
  }
  while (k < ops.length) {
    if (ops[k]!.kind === ' ') {
      k++;
      continue;
    }
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    // Extend while the next change is within 2*CONTEXT unchanged lines.
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next]!.kind === ' ') next++;
      if (next < ops.length && next - end <= 2 * CONTEXT) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + CONTEXT);
    const slice = ops.slice(start, stop);
    const countA = slice.filter((o) => o.kind !== '+').length;
    const countB = slice.filter((o) => o.kind !== '-').length;
    const startA = countA === 0 ? posA[start]! - 1 : posA[start]!;
    const startB = countB === 0 ? posB[start]! - 1 : posB[start]!;
    const offA = before === '' ? 0 : lineOffset;
    hunks.push(
      `@@ -${startA + offA},${countA} +${startB + lineOffset},${countB} @@\n` +
        slice.map((o) => `${o.kind}${o.text}\n`).join(''),
    );
    k = stop;
  }
  return hunks.length > 0 ? header + hunks.join('') : '';
}
