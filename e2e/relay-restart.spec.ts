import { expect, test, type APIRequestContext } from '@playwright/test';
import type { RelayStatus, TimelineAnswer, TimelineGap } from '@/lib/api/types';
import { collectFlows } from '@/testing/demo-client';
import { E2E } from './ports';
import { RelayProcess } from './relay-process';

const base = `http://127.0.0.1:${E2E.relayApp}`;

async function relayStatus(request: APIRequestContext): Promise<RelayStatus> {
  return (await (await request.get(`${base}/api/status`)).json()) as RelayStatus;
}

async function outages(request: APIRequestContext): Promise<TimelineGap[]> {
  const answer = (await (
    await request.get(`${base}/api/timeline?window=15m`)
  ).json()) as TimelineAnswer;
  return answer.gaps.filter((g) => g.kind === 'relay-unreachable');
}

test('a flow permalink still works after the relay restarts and no longer holds the flow', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const relay = new RelayProcess(E2E.relay);
  await relay.start(1);
  try {
    await expect.poll(async () => (await relayStatus(request)).state).toBe('connected');
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

test('after the relay comes back with empty buffers, /drops marks the lost time as not recovered', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const relay = new RelayProcess(E2E.relay);
  await relay.start(3);
  try {
    await expect.poll(async () => (await relayStatus(request)).state).toBe('connected');
    // Caught up with the relay's backlog: the newest flow is a few seconds old at most.
    await expect
      .poll(async () => Date.now() - ((await relayStatus(request)).lastFlowAt ?? 0))
      .toBeLessThan(5000);
    // Whatever an earlier outage left is settled before this one starts.
    await expect.poll(async () => (await outages(request)).some((g) => g.ongoing)).toBe(false);
    const before = (await outages(request)).length;

    const stoppedAt = Date.now();
    await relay.stop();
    await expect.poll(async () => (await outages(request)).some((g) => g.ongoing)).toBe(true);
    await page.goto(`${base}/drops?window=5m`);
    await expect(page.getByTestId('relay-state')).toHaveText('reconnecting');
    // While the relay is away, the outage shows as not received yet.
    const pending = page.locator('[data-testid="timeline-chart"] [data-testid="timeline-gap"]');
    await expect(pending.last()).toHaveAttribute('data-ongoing', 'true');
    await expect(page.getByTestId('timeline-gap-item').last()).toContainText(
      'not received yet: relay unreachable since',
    );
    await new Promise((r) => setTimeout(r, 3000));

    // A relay whose agents lost their buffers (here: a new relay with no history at all).
    await relay.start(4, 0);
    await expect
      .poll(async () => {
        const now = await outages(request);
        return now.length > before && now.every((g) => !g.ongoing);
      })
      .toBe(true);
    const recorded = (await outages(request)).slice(before);
    for (const g of recorded) {
      expect(g.node).toMatch(/^demo\//);
      expect(g.from).toBeLessThanOrEqual(stoppedAt);
      expect(g.to).toBeGreaterThanOrEqual(stoppedAt + 3000);
    }

    await page.reload();
    const bands = page.locator('[data-testid="timeline-chart"] [data-testid="timeline-gap"]');
    const band = bands.last();
    await expect(band).toBeVisible();
    await expect(band).toHaveAttribute('data-kinds', /relay-unreachable/);
    await expect(band).toHaveAttribute('data-ongoing', 'false');
    const from = Number(await band.getAttribute('data-from'));
    const to = Number(await band.getAttribute('data-to'));
    expect(from).toBeLessThanOrEqual(stoppedAt);
    expect(to).toBeGreaterThanOrEqual(stoppedAt + 3000);
    // Wide enough to see in a 5-minute window, and explained in words.
    expect((await band.locator('rect').boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(3);
    await expect(band.locator('title')).toContainText('not recovered: relay unreachable');
    await expect(page.getByTestId('gap-legend')).toContainText('not recovered');
    await expect(page.getByTestId('timeline-gap-item').last()).toContainText(
      /not recovered: relay unreachable \d\d:\d\d:\d\d–\d\d:\d\d:\d\d on nodes? demo\//,
    );
    // The drops chart marks the same range.
    await expect(
      page.locator('[data-testid="drops-chart"] [data-testid="timeline-gap"]').last(),
    ).toHaveAttribute('data-from', String(from));
  } finally {
    await relay.stop();
  }
});
