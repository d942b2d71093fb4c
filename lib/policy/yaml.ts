// The policy YAML as numbered lines, and which lines a rule covers. The text is
// attacker-influenced; these helpers only split it, the view renders each line as text.
import type { PolicyRuleDto } from '@/lib/api/policy';

export interface LineRange {
  start: number;
  end: number;
}

/** Lines of the YAML, numbered from 1 as the server's rule ranges are. */
export function yamlLines(yaml: string): string[] {
  const lines = yaml.split(/\r?\n/);
  // A final newline ends the last line; it does not start an empty one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The lines of a rule, or undefined when no rule (or an unknown one) is chosen. */
export function ruleRange(
  rules: readonly PolicyRuleDto[],
  ruleId: string | undefined,
): LineRange | undefined {
  if (ruleId === undefined) return undefined;
  return rules.find((r) => r.id === ruleId)?.lines;
}

export function inRange(range: LineRange | undefined, line: number): boolean {
  return range !== undefined && line >= range.start && line <= range.end;
}

/** The rule whose lines hold `line`, the innermost when ranges nest. */
export function ruleAtLine(
  rules: readonly PolicyRuleDto[],
  line: number,
): PolicyRuleDto | undefined {
  let best: PolicyRuleDto | undefined;
  for (const r of rules) {
    if (!inRange(r.lines, line)) continue;
    if (!best || r.lines.end - r.lines.start < best.lines.end - best.lines.start) best = r;
  }
  return best;
}
