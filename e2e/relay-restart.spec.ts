import { expect, test } from '@playwright/test';
import { collectFlows } from '@/server/demo/test-client';
import { E2E } from './ports';
import { RelayProcess } from './relay-process';

const base = `http://127.0.0.1:${E2E.relayApp}`;

test('a flow permalink still works after the relay restarts and no longer holds the flow', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const relay = new RelayProcess(E2E.relay);
  await relay.start(1);
  try {
    await expect
      .poll(
        async () =>
          ((await (await request.get(`${base}/api/status`)).json()) as { state: string }).state,
      )
      .toBe('connected');
    let id = '';
    await expect
      .poll(async () => {
        const page1 = (await (await request.get(`${base}/api/flows?limit=1`)).json()) as {
          flows: { id: string }[];
        };
        id = page1.flows[0]?.id ?? '';
        return id;
      })
      .not.toBe('');

    await relay.stop();
    await page.goto(`${base}/flows`);
    await expect(page.getByTestId('relay-state')).toHaveText('reconnecting');
    await expect(page.getByTestId('relay-error')).toContainText(/UNAVAILABLE|ended/);

    // A relay with other history: its ring never held the flow.
    await relay.start(2);
    await expect(page.getByTestId('relay-state')).toHaveText('connected');
    const held = await collectFlows(`127.0.0.1:${E2E.relay}`, {
      number: 100_000n,
      whitelist: [{ uuid: [id] }],
    });
    expect(held.responses.filter((r) => r.responseTypes.case === 'flow')).toHaveLength(0);

    const lookup = await request.get(`${base}/api/flows/${id}`);
    expect(lookup.status()).toBe(200);
    await page.goto(`${base}/flows/${id}`);
    await expect(page.getByText(id).first()).toBeVisible();
  } finally {
    await relay.stop();
  }
});
