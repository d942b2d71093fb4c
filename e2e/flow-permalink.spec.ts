import { expect, test } from '@playwright/test';
import type { FlowRecord } from '@/lib/api/flow-record';
import { FlowDetailPage, findFlow } from './pages/flow-detail-page';

function policyCount(flow: FlowRecord): number {
  return (
    flow.ingressAllowedBy.length +
    flow.egressAllowedBy.length +
    flow.ingressDeniedBy.length +
    flow.egressDeniedBy.length
  );
}

test('flow permalink: a default-deny drop, policies, raw JSON, and an unknown id', async ({
  page,
  request,
}) => {
  const detail = new FlowDetailPage(page);

  await test.step('a default-deny drop shows its endpoints, explanation and the note', async () => {
    const flow = await findFlow(
      request,
      '--drop-reason-desc POLICY_DENIED',
      (f) => policyCount(f) === 0,
    );
    await detail.goto(flow.id);
    await detail.waitForFlow(flow.id);
    await expect(detail.verdictBadge).toHaveText('DROPPED');
    await expect(detail.source).toBeVisible();
    await expect(detail.destination).toBeVisible();
    await expect(detail.source.getByTestId('endpoint-ip')).toHaveText(flow.source.ip);
    await expect(detail.destination.getByTestId('endpoint-ip')).toHaveText(flow.destination.ip);
    await expect(detail.verdict.getByTestId('drop-reason')).toHaveText('POLICY_DENIED');
    await expect(detail.dropExplanation).toContainText('Default deny');
    await expect(detail.defaultDenyNote).toContainText('Cilium names no policy');
    await expect(detail.defaultDenyNote).toContainText('default deny for');
    await expect(detail.permalink).toHaveAttribute('href', `/flows/${flow.id}`);
  });

  await test.step('a policy verdict names its policies as links to the policy pages', async () => {
    const flow = await findFlow(
      request,
      '--type policy-verdict --verdict FORWARDED',
      (f) => policyCount(f) > 0,
    );
    await detail.goto(flow.id);
    await detail.waitForFlow(flow.id);
    await expect(detail.policyLinks.first()).toBeVisible();
    expect(await detail.policyLinks.count()).toBe(policyCount(flow));
    const first = [
      ...flow.ingressAllowedBy,
      ...flow.egressAllowedBy,
      ...flow.ingressDeniedBy,
      ...flow.egressDeniedBy,
    ][0];
    if (!first) throw new Error('the flow lost its policies');
    // The link carries the flow, so the policy view highlights the rule that decided it.
    const expected = `/policies/${encodeURIComponent(first.kind)}/${encodeURIComponent(first.namespace || '_')}/${encodeURIComponent(first.name)}?flow=${encodeURIComponent(flow.id)}`;
    await expect(detail.policyLinks.first()).toHaveAttribute('href', expected);
    await expect(detail.policyLinks.first()).toHaveText(first.name);
  });

  await test.step('the raw JSON toggle shows the flow with its uuid', async () => {
    const flow = await findFlow(request, '--verdict FORWARDED', (f) => f.hasUuid);
    await detail.goto(flow.id);
    await detail.waitForFlow(flow.id);
    await expect(detail.rawJson).toHaveCount(0);
    await detail.rawToggle.click();
    await expect(detail.rawJson).toContainText(`"uuid": "${flow.id}"`);
    await detail.rawToggle.click();
    await expect(detail.rawJson).toHaveCount(0);
  });

  await test.step('an unknown id says it is not in the history, with the retention', async () => {
    await detail.goto('00000000-0000-4000-8000-000000000000');
    await expect(detail.notFound).toBeVisible();
    await expect(detail.notFound).toContainText("This flow is not in Flowscope's history");
    await expect(detail.retention).toContainText('History now:');
    await expect(detail.retention).toContainText('Retention: up to');
    await expect(detail.retention).toContainText('flows');
    await expect(detail.backLink).toHaveAttribute('href', '/flows');
  });
});
