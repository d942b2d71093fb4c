'use client';
// The policy's YAML with line numbers, the chosen rule's lines highlighted and scrolled into
// view. The YAML is attacker-influenced text: each line is a text child of a <span>, never
// markup. Clicking a line picks the rule it belongs to (the rule list is the keyboard path).
import { useEffect, useMemo, useRef } from 'react';
import type { PolicyRuleDto } from '@/lib/api/policy';
import { inRange, ruleAtLine, yamlLines, type LineRange } from '@/lib/policy/yaml';
import styles from './policy.module.css';

export interface PolicyYamlProps {
  yaml: string;
  rules: readonly PolicyRuleDto[];
  highlight: LineRange | undefined;
  onPickRule: (ruleId: string) => void;
}

export function PolicyYaml({ yaml, rules, highlight, onPickRule }: PolicyYamlProps) {
  const lines = useMemo(() => yamlLines(yaml), [yaml]);
  const pre = useRef<HTMLPreElement>(null);
  const start = highlight?.start;

  useEffect(() => {
    if (start === undefined) return;
    const line = pre.current?.querySelector(`[data-line="${start}"]`);
    // 'nearest' keeps the page still when the rule is already on screen.
    line?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [start]);

  return (
    <pre className={styles.yaml} ref={pre} data-testid="policy-yaml" aria-label="Policy YAML">
      {lines.map((text, i) => {
        const n = i + 1;
        const rule = ruleAtLine(rules, n);
        return (
          <span
            key={n}
            className={styles.line}
            data-testid="yaml-line"
            data-line={n}
            data-highlighted={inRange(highlight, n) ? 'true' : undefined}
            onClick={rule ? () => onPickRule(rule.id) : undefined}
          >
            <span className={styles.lineNo}>{n}</span>
            <span className={styles.lineText}>{text === '' ? ' ' : text}</span>
          </span>
        );
      })}
    </pre>
  );
}
