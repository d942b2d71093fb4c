import { expect, type Locator, type Page } from '@playwright/test';

/** The flows view, by its test ids, so specs read as what a user does. */
export class FlowsPage {
  readonly relayState: Locator;
  readonly demoBadge: Locator;
  readonly relayNodes: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly empty: Locator;
  readonly filterInput: Locator;
  readonly filterApply: Locator;
  readonly filterError: Locator;
  readonly pauseToggle: Locator;
  readonly newCount: Locator;
  readonly flowsCount: Locator;
  readonly streamState: Locator;

  constructor(readonly page: Page) {
    this.relayState = page.getByTestId('relay-state');
    this.demoBadge = page.getByTestId('demo-badge');
    this.relayNodes = page.getByTestId('relay-nodes');
    this.table = page.getByTestId('flows-table');
    this.rows = page.getByTestId('flow-row');
    this.empty = page.getByTestId('flows-empty');
    this.filterInput = page.getByTestId('filter-input');
    this.filterApply = page.getByTestId('filter-apply');
    this.filterError = page.getByTestId('filter-error');
    this.pauseToggle = page.getByTestId('pause-toggle');
    this.newCount = page.getByTestId('new-count');
    this.flowsCount = page.getByTestId('flows-count');
    this.streamState = page.getByTestId('stream-state');
  }

  async goto(query?: string): Promise<void> {
    await this.page.goto(query ? `/flows?q=${encodeURIComponent(query)}` : '/flows');
  }

  /** Flows held in the browser for the current filter (the footer count). */
  async shownCount(): Promise<number> {
    return Number(await this.flowsCount.getAttribute('data-count'));
  }

  async pendingCount(): Promise<number> {
    return Number(await this.newCount.getAttribute('data-count'));
  }

  /** Id of the newest flow, at the top of the table. */
  async topFlowId(): Promise<string | null> {
    return this.rows.first().getAttribute('data-flow-id');
  }

  async applyFilter(text: string): Promise<void> {
    await this.filterInput.fill(text);
    await this.filterApply.click();
  }

  async visibleVerdicts(): Promise<string[]> {
    const verdicts = await this.rows.evaluateAll((rows) =>
      rows.map((row) => row.getAttribute('data-verdict') ?? ''),
    );
    return verdicts;
  }

  async waitForRows(): Promise<void> {
    await expect(this.rows.first()).toBeVisible();
  }
}
