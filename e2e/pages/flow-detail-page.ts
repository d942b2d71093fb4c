import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import type { FlowRecord } from '@/lib/api/flow-record';

/** The flow permalink page, by its test ids, so specs read as what a user does. */
export class FlowDetailPage {
  readonly detail: Locator;
  readonly verdictBadge: Locator;
  readonly permalink: Locator;
  readonly source: Locator;
  readonly destination: Locator;
  readonly verdict: Locator;
  readonly dropExplanation: Locator;
  readonly policies: Locator;
  readonly policyLinks: Locator;
  readonly defaultDenyNote: Locator;
  readonly rawToggle: Locator;
  readonly rawJson: Locator;
  readonly notFound: Locator;
  readonly retention: Locator;
  readonly backLink: Locator;

  constructor(readonly page: Page) {
    this.detail = page.getByTestId('flow-detail');
    this.verdictBadge = page.getByTestId('flow-verdict-badge');
    this.permalink = page.getByTestId('flow-permalink');
    this.source = page.getByTestId('flow-source');
    this.destination = page.getByTestId('flow-destination');
    this.verdict = page.getByTestId('flow-verdict');
    this.dropExplanation = page.getByTestId('drop-explanation');
    this.policies = page.getByTestId('flow-policies');
    this.policyLinks = page.getByTestId('policy-link');
    this.defaultDenyNote = page.getByTestId('default-deny-note');
    this.rawToggle = page.getByTestId('flow-raw-toggle');
    this.rawJson = page.getByTestId('flow-raw-json');
    this.notFound = page.getByTestId('flow-not-found');
    this.retention = page.getByTestId('flow-retention');
    this.backLink = page.getByTestId('flow-back');
  }

  async goto(id: string): Promise<void> {
    await this.page.goto(`/flows/${encodeURIComponent(id)}`);
  }

  async waitForFlow(id: string): Promise<void> {
    await expect(this.detail).toHaveAttribute('data-flow-id', id);
  }
}

/**
 * The newest flow matching a `hubble observe`-style filter, polled because the demo relay
 * produces each kind of flow only every few seconds.
 */
export async function findFlow(
  request: APIRequestContext,
  q: string,
  accept: (flow: FlowRecord) => boolean = () => true,
): Promise<FlowRecord> {
  let found: FlowRecord | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get('/api/flows', { params: { q, limit: '50' } });
        if (!res.ok()) return `HTTP ${res.status()}`;
        const body = (await res.json()) as { flows: FlowRecord[] };
        found = body.flows.find(accept);
        return found ? 'found' : 'none yet';
      },
      { timeout: 30_000, message: `a flow matching ${q}` },
    )
    .toBe('found');
  if (!found) throw new Error(`no flow matches ${q}`);
  return found;
}
