import { expect, type Locator, type Page } from '@playwright/test';

/** The policy list and the policy view, by their test ids, so specs read as what a user does. */
export class PolicyPage {
  readonly list: Locator;
  readonly listRows: Locator;
  readonly sourceErrors: Locator;
  readonly view: Locator;
  readonly header: Locator;
  readonly yaml: Locator;
  readonly lines: Locator;
  readonly highlightedLines: Locator;
  readonly rules: Locator;
  readonly flowNote: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.list = page.getByTestId('policy-list');
    this.listRows = page.getByTestId('policy-list-row');
    this.sourceErrors = page.getByTestId('policy-source-errors');
    this.view = page.getByTestId('policy-view');
    this.header = page.getByTestId('policy-header');
    this.yaml = page.getByTestId('policy-yaml');
    this.lines = this.yaml.getByTestId('yaml-line');
    this.highlightedLines = this.yaml.locator('[data-testid="yaml-line"][data-highlighted="true"]');
    this.rules = page.getByTestId('policy-rule');
    this.flowNote = page.getByTestId('policy-flow-note');
    this.error = page.getByTestId('policy-error');
  }

  async gotoList(): Promise<void> {
    await this.page.goto('/policies');
    await expect(this.list).toBeVisible();
  }

  async goto(kind: string, namespace: string, name: string, query = ''): Promise<void> {
    const path = [kind, namespace || '_', name].map(encodeURIComponent).join('/');
    await this.page.goto(`/policies/${path}${query ? `?${query}` : ''}`);
  }

  rule(id: string): Locator {
    return this.page.locator(`[data-testid="policy-rule"][data-rule-id="${id}"]`);
  }

  /** The top-edge rows of a rule, each with `data-edge-id`. */
  ruleEdges(id: string): Locator {
    return this.rule(id).getByTestId('rule-edge');
  }

  /** The allowed/denied-over-time strip of a rule. */
  ruleSeries(id: string): Locator {
    return this.rule(id).getByTestId('rule-series');
  }

  /** allowed + denied of one rule-edge row. */
  async edgeTotal(edge: Locator): Promise<number> {
    const allowed = await edge.getByTestId('rule-edge-allowed').getAttribute('data-count');
    const denied = await edge.getByTestId('rule-edge-denied').getAttribute('data-count');
    return Number(allowed) + Number(denied);
  }

  /** The numbers of the highlighted YAML lines. */
  async highlightedLineNumbers(): Promise<number[]> {
    return this.highlightedLines.evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute('data-line'))),
    );
  }
}
