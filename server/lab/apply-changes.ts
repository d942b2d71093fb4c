// A draft's changes applied to the policies in force: each applied document replaces the
// policy with its kind, namespace and name, or is added; each remove drops one. The result is
// the proposed policy set an impact preview evaluates, with the problems of the changes.
import 'server-only';
import { parseAllDocuments } from 'yaml';
import type { DraftChange, DraftProblem } from '@/lib/api/lab';
import { policyId } from '@/server/policies/model';
import type { Policy } from '@/server/policies/model';
import { parsePolicyYaml } from '@/server/policies/parse';

export interface ProposedPolicies {
  /** In force order, replaced policies in place, added ones last. */
  policies: Policy[];
  problems: DraftProblem[];
}

const ORIGIN = 'change';

/**
 * Where a parse message points: the YAML error's own position, else the first line of the
 * document it names (`change document 2: ...`), else line 1.
 */
function positionOf(yaml: string, message: string): { line: number; column?: number } {
  const n = /^change document (\d+):/.exec(message);
  if (!n) return { line: 1 };
  const docs = parseAllDocuments(yaml, { prettyErrors: false });
  const doc = Array.isArray(docs) ? docs[Number(n[1]) - 1] : undefined;
  const pos = doc?.errors[0]?.linePos?.[0];
  if (pos) return { line: pos.line, column: pos.col };
  const start = doc?.range[0] ?? 0;
  let line = 1;
  for (let i = 0; i < start; i++) if (yaml.charCodeAt(i) === 10) line++;
  return { line };
}

export function proposedPolicies(
  current: readonly Policy[],
  changes: readonly DraftChange[],
): ProposedPolicies {
  const byId = new Map<string, Policy>();
  for (const p of current) byId.set(p.id, p);
  const problems: DraftProblem[] = [];
  changes.forEach((c, change) => {
    if (c.action === 'remove') {
      const id = policyId(c.kind, c.namespace, c.name);
      if (!byId.delete(id)) {
        problems.push({ change, line: 1, message: `${id} is not in force, nothing to remove` });
      }
      return;
    }
    const parsed = parsePolicyYaml(c.yaml, ORIGIN);
    for (const e of parsed.errors)
      problems.push({
        change,
        ...positionOf(c.yaml, e),
        message: e.replace(`${ORIGIN} `, ''),
      });
    if (parsed.errors.length === 0 && parsed.policies.length === 0) {
      problems.push({ change, line: 1, message: 'the document holds no policy' });
    }
    for (const p of parsed.policies) {
      // Deleting first would move a replaced policy last; Map.set keeps its place.
      byId.set(p.id, p);
    }
  });
  return { policies: [...byId.values()], problems };
}
