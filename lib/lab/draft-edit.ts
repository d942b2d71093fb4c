// The draft page's pure logic: problems of one change as editor diagnostics (offsets into
// its text), the list's "line N: message" wording, the template of a new policy and the
// labels of changes. Text from drafts is shown as text only.
import type { DraftChange, DraftProblem } from '@/lib/api/lab';
import type { PolicyKind } from '@/lib/api/policy';

export interface TextDiagnostic {
  from: number;
  to: number;
  message: string;
}

/** Offsets of the start of each 1-based line of `text`. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/**
 * A problem at line/column as a range of the text: from its column to the end of its line
 * (the key or value it names). Lines past the end land on the last line.
 */
export function diagnosticsOf(text: string, problems: readonly DraftProblem[]): TextDiagnostic[] {
  const starts = lineStarts(text);
  return problems.map((p) => {
    const index = Math.min(Math.max(p.line, 1), starts.length) - 1;
    const start = starts[index]!;
    const nextStart = index + 1 < starts.length ? starts[index + 1]! - 1 : text.length;
    const lineEnd = Math.max(start, nextStart);
    const from = Math.min(start + Math.max((p.column ?? 1) - 1, 0), lineEnd);
    // An empty range is hard to see: a problem at a line's end marks the whole line.
    const to = lineEnd > from ? lineEnd : from;
    return { from: to > from ? from : start, to, message: p.message };
  });
}

export function problemText(p: DraftProblem): string {
  return `line ${p.line}: ${p.message}`;
}

export function problemsOfChange(problems: readonly DraftProblem[], change: number) {
  return problems.filter((p) => p.change === change);
}

/** A new CiliumNetworkPolicy to fill in, in the namespace given. */
export function newPolicyYaml(namespace: string, name = 'new-policy'): string {
  return [
    'apiVersion: cilium.io/v2',
    'kind: CiliumNetworkPolicy',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  endpointSelector:',
    '    matchLabels:',
    '      app: my-app',
    '  ingress:',
    '    - fromEndpoints:',
    '        - matchLabels:',
    '            app: my-client',
    '',
  ].join('\n');
}

/** `<kind>/<namespace or _>/<name>`, as the policy routes name a policy. */
export function policyKeyId(p: { kind: PolicyKind; namespace: string; name: string }): string {
  return `${p.kind}/${p.namespace || '_'}/${p.name}`;
}

export function parsePolicyKeyId(
  id: string,
): { kind: PolicyKind; namespace: string; name: string } | undefined {
  const m =
    /^(CiliumNetworkPolicy|CiliumClusterwideNetworkPolicy|NetworkPolicy)\/([^/]+)\/(.+)$/.exec(id);
  if (!m) return undefined;
  return { kind: m[1] as PolicyKind, namespace: m[2] === '_' ? '' : m[2]!, name: m[3]! };
}

/** What a change does, in a few words, for its heading. */
export function changeLabel(c: DraftChange): string {
  if (c.action === 'remove') {
    return `remove ${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`;
  }
  const kind = /^kind:\s*(\S+)/m.exec(c.yaml)?.[1];
  const name = /^\s+name:\s*(\S+)/m.exec(c.yaml)?.[1];
  return `apply ${kind ?? 'document'}${name ? ` ${name}` : ''}`;
}
