// Policy truth on the demo scenario: how many verdicts Hubble reported with their deciding
// policies agree with Flowscope's evaluation, how every flow is attributed (by Hubble, by
// Flowscope, or unknown), and what attributing one flow costs (the list attributes the rows
// it serves). Five minutes of the scenario at 200 flows/s, against the demo policies.
import path from 'node:path';
import { loadPolicyFolder } from '@/server/policies/source';
import { selfCheck } from '@/server/policies/self-check';
import { attributeFlow } from '@/server/policies/attribution';
import { scenarioRecords } from '@/testing/policy-flows';

export async function benchSelfCheck(): Promise<Record<string, number>> {
  const source = await loadPolicyFolder(path.join(process.cwd(), 'server/policies/demo'));
  const policies = source.policies();
  const flows = scenarioRecords(300, 3);
  const check = selfCheck(policies, flows);
  const by = { hubble: 0, flowscope: 0, unknown: 0 };
  const start = performance.now();
  for (const f of flows) {
    const d = attributeFlow(policies, f);
    by[d.kind === 'unknown' ? 'unknown' : d.source]++;
  }
  const us = ((performance.now() - start) * 1000) / flows.length;
  return {
    self_check_flows: flows.length,
    self_check_compared: check.compared,
    self_check_agreed: check.agreed,
    self_check_disagreed: check.disagreed,
    self_check_unconfirmed: check.unconfirmed,
    attributed_by_hubble: by.hubble,
    attributed_by_flowscope: by.flowscope,
    attributed_unknown: by.unknown,
    attribution_us_per_flow: +us.toFixed(1),
  };
}

if (require.main === module) {
  void benchSelfCheck().then((r) => console.log(JSON.stringify(r, null, 2)));
}
