// Shared table machinery of the evaluator tests: a row is policy YAML, a flow, the expected
// verdict and deciding rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CILIUM_DEFAULT_SETTINGS } from '@/server/policies/agent-settings';
import type { AgentSettings } from '@/server/policies/agent-settings';
import { evaluate } from '@/server/policies/evaluate';
import { parsePolicyYaml } from '@/server/policies/parse';
import { flow, pod } from './policy-flows';
import type { FlowSpec } from './policy-flows';
import type { AgentDecision, PolicyVerdict } from '@/lib/api/policy';

export const FRONT = pod('shop', { app: 'frontend' }, '10.0.0.1');
export const BACK = pod('shop', { app: 'backend' }, '10.0.0.2');
export const LEDGER = pod('payments', { app: 'ledger' }, '10.0.1.3');

/** A CiliumNetworkPolicy in shop selecting app=<app>, with `body` under spec. */
export function cnp(app: string, body: string, name = 'p'): string {
  return `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: ${app}}}
${body}`;
}

export interface Row {
  name: string;
  yaml: string;
  flow: FlowSpec;
  verdict: PolicyVerdict;
  rule?: string;
  unsupported?: RegExp;
  /** Agent settings other than Cilium's defaults. */
  settings?: Partial<AgentSettings>;
  /** The agent setting expected to decide. */
  agent?: AgentDecision;
  /** A departure from the Kubernetes spec the policy must record. */
  departure?: RegExp;
}

export const egressTo = (
  dst: FlowSpec['dst'],
  port: number,
  extra: Partial<FlowSpec> = {},
): FlowSpec => ({
  src: BACK,
  dst,
  direction: 'EGRESS',
  port,
  ...extra,
});
export const ingressFrom = (
  src: FlowSpec['src'],
  port: number,
  extra: Partial<FlowSpec> = {},
): FlowSpec => ({
  src,
  dst: BACK,
  direction: 'INGRESS',
  port,
  ...extra,
});

export const FROM_FRONT_8080 = `  ingress:
  - fromEndpoints: [{matchLabels: {app: frontend}}]
    toPorts: [{ports: [{port: '8080', protocol: TCP}]}]`;

export function runRows(prefix: string, rows: Row[]): void {
  for (const row of rows) {
    test(`${prefix}: ${row.name}`, () => {
      const parsed = parsePolicyYaml(row.yaml, 'test.yaml');
      assert.deepEqual(parsed.errors, []);
      const settings = { ...CILIUM_DEFAULT_SETTINGS, ...row.settings };
      const ev = evaluate(parsed.policies, flow(row.flow), settings);
      assert.equal(ev.verdict, row.verdict, JSON.stringify(ev));
      assert.equal(ev.matched?.ruleId, row.rule, JSON.stringify(ev));
      assert.equal(ev.agent, row.agent, JSON.stringify(ev));
      if (row.departure) {
        const notes = parsed.policies.flatMap((p) => p.departures ?? []).map((d) => d.text);
        assert.match(notes.join(' | '), row.departure);
      }
      if (row.unsupported) assert.match((ev.unsupported ?? []).join(), row.unsupported);
    });
  }
}
