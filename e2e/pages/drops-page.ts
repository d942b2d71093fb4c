import { expect, type Locator, type Page } from '@playwright/test';

/** The drop timeline, by its test ids, so specs read as what a user does. */
export class DropsPage {
  readonly timelineChart: Locator;
  readonly dropsChart: Locator;
  readonly brush: Locator;
  readonly flows: Locator;
  readonly flowRows: Locator;
  readonly empty: Locator;
  readonly error: Locator;
  readonly namespaceInput: Locator;

  constructor(readonly page: Page) {
    this.timelineChart = page.getByTestId('timeline-chart');
    this.dropsChart = page.getByTestId('drops-chart');
    this.brush = page.getByTestId('timeline-brush');
    this.flows = page.getByTestId('drops-flows');
    this.flowRows = page.getByTestId('drops-flow-row');
    this.empty = page.getByTestId('timeline-empty');
    this.error = page.getByTestId('timeline-error');
    this.namespaceInput = page.getByTestId('filter-namespace-input');
  }

  async goto(query = '', { rendered = true } = {}): Promise<void> {
    await this.page.goto(query ? `/drops?${query}` : '/drops');
    if (rendered) await expect(this.timelineChart).toHaveAttribute('data-rendered', 'true');
  }

  /** Segments of the verdict chart with the given verdict key. */
  verdictBars(verdict: string): Locator {
    return this.timelineChart.locator(`[data-testid="timeline-bar"][data-verdict="${verdict}"]`);
  }

  /** Segments of the drops chart with the given reason or policy key. */
  dropBars(key?: string): Locator {
    const byKey = key === undefined ? '' : `[data-key="${key}"]`;
    return this.dropsChart.locator(`[data-testid="timeline-bar"]${byKey}`);
  }

  async showDropsBy(breakdown: 'reason' | 'policy'): Promise<void> {
    await this.page.getByTestId(`breakdown-${breakdown}`).click();
    await expect(this.dropsChart).toHaveAttribute('data-breakdown', breakdown);
  }

  /** Clicks the drops-chart segment with the most flows (the easiest one to hit). */
  async clickBiggestDropBar(): Promise<{ key: string; start: string; count: number }> {
    const bars = this.dropBars();
    const counts = await bars.evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute('data-count'))),
    );
    const index = counts.indexOf(Math.max(...counts));
    const bar = bars.nth(index);
    const picked = {
      key: (await bar.getAttribute('data-key')) ?? '',
      start: (await bar.getAttribute('data-start')) ?? '',
      count: counts[index] ?? 0,
    };
    await bar.click();
    return picked;
  }

  /** Drags across the brush strip from one fraction of its width to another. */
  async brushAcross(from: number, to: number): Promise<void> {
    const box = await this.brush.locator('.overlay').boundingBox();
    if (!box) throw new Error('the brush is not on screen');
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * from, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 4 });
    await this.page.mouse.move(box.x + box.width * to, y, { steps: 4 });
    await this.page.mouse.up();
  }
}
