import { expect, type Locator, type Page } from '@playwright/test';

/** The service map, by its test ids, so specs read as what a user does. */
export class MapPage {
  readonly map: Locator;
  readonly nodes: Locator;
  readonly edges: Locator;
  readonly groups: Locator;
  readonly tooltip: Locator;
  readonly detail: Locator;
  readonly flowRows: Locator;
  readonly totals: Locator;
  readonly verdict: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.map = page.getByTestId('service-map');
    this.nodes = page.getByTestId('map-node');
    this.edges = page.getByTestId('map-edge');
    this.groups = page.getByTestId('map-group');
    this.tooltip = page.getByTestId('map-tooltip');
    this.detail = page.getByTestId('map-detail');
    this.flowRows = page.getByTestId('map-flow-row');
    this.totals = page.getByTestId('map-totals');
    this.verdict = page.getByTestId('filter-verdict');
    this.error = page.getByTestId('map-error');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(query ? `/map?${query}` : '/map');
    await expect(this.map).toHaveAttribute('data-rendered', 'true');
  }

  group(namespace: string): Locator {
    return this.page.locator(`[data-testid="map-group"][data-namespace="${namespace}"]`);
  }

  node(id: string): Locator {
    return this.page.locator(`[data-testid="map-node"][data-node-id="${id}"]`);
  }

  edge(id: string): Locator {
    return this.page.locator(`[data-testid="map-edge"][data-edge-id="${id}"]`);
  }

  async toggleGroup(namespace: string): Promise<void> {
    await this.group(namespace).getByTestId('group-toggle').click();
  }

  async namespaces(): Promise<string[]> {
    return this.groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-namespace') ?? ''));
  }

  async nodeIds(): Promise<string[]> {
    return this.nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id') ?? ''));
  }

  /** Dropped-flow counts of every drawn edge. */
  async edgeDrops(): Promise<number[]> {
    return this.edges.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-dropped'))));
  }
}
