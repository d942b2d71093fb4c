import { expect, test } from '@playwright/test';
import { FlowsPage } from './pages/flows-page';

test('live flows: relay status, live rows, filter, bad filter, pause and resume', async ({
  page,
}) => {
  const flows = new FlowsPage(page);
  await flows.goto();

  await test.step('the header shows the demo relay connected', async () => {
    await expect(flows.relayState).toHaveText('connected');
    await expect(flows.demoBadge).toBeVisible();
    await expect(flows.relayNodes).toContainText('nodes');
  });

  await test.step('rows appear and keep arriving without a reload', async () => {
    await flows.waitForRows();
    const before = await flows.shownCount();
    const firstTop = await flows.topFlowId();
    await expect.poll(() => flows.shownCount()).toBeGreaterThan(before);
    await expect.poll(() => flows.topFlowId()).not.toBe(firstTop);
    await expect(flows.streamState).toHaveAttribute('data-state', 'live');
  });

  await test.step("the history's use and limits are shown", async () => {
    const usage = page.getByTestId('history-usage');
    await expect(usage).toContainText('of 2,000,000 flows');
    await expect(usage).toContainText('in memory');
    await expect
      .poll(async () => Number(await usage.getAttribute('data-flows')))
      .toBeGreaterThan(0);
  });

  await test.step('a verdict filter shows only matching rows and lands in the URL', async () => {
    await flows.applyFilter('--verdict DROPPED');
    await expect(page).toHaveURL(/[?&]q=--verdict(\+|%20)DROPPED/);
    await flows.waitForRows();
    await expect
      .poll(async () => {
        const verdicts = await flows.visibleVerdicts();
        return verdicts.length > 0 && verdicts.every((v) => v === 'DROPPED');
      })
      .toBe(true);
    await expect(page.getByTestId('quick-verdict')).toHaveValue('DROPPED');
  });

  await test.step('a bad filter shows the server error under the box', async () => {
    await flows.applyFilter('--frm-pod x');
    await expect(flows.filterError).toBeVisible();
    await expect(flows.filterError).not.toBeEmpty();
    await flows.applyFilter('');
    await expect(flows.filterError).toHaveCount(0);
    await flows.waitForRows();
  });

  await test.step('pause freezes the table while counting new flows; resume applies', async () => {
    await expect(flows.streamState).toHaveAttribute('data-state', 'live');
    await flows.pauseToggle.click();
    await expect(flows.pauseToggle).toHaveText('Resume');
    const frozenTop = await flows.topFlowId();
    const frozenCount = await flows.shownCount();
    await expect.poll(() => flows.pendingCount()).toBeGreaterThan(0);
    const pendingEarly = await flows.pendingCount();
    await page.waitForTimeout(2000);
    expect(await flows.topFlowId()).toBe(frozenTop);
    expect(await flows.shownCount()).toBe(frozenCount);
    await expect.poll(() => flows.pendingCount()).toBeGreaterThan(pendingEarly);

    await flows.pauseToggle.click();
    await expect(flows.pauseToggle).toHaveText('Pause');
    await expect(flows.newCount).toHaveCount(0);
    await expect.poll(() => flows.topFlowId()).not.toBe(frozenTop);
  });
});
