import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { MapPage } from './pages/map-page';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Clicks an export button and returns the downloaded file's name and bytes. */
async function download(page: Page, testId: string): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), body: await readFile(path) };
}

test.describe('map export', () => {
  test('exports the drawn map as SVG, with its namespaces, workloads and legend', async ({
    page,
  }) => {
    const map = new MapPage(page);
    await map.goto('window=15m');
    await expect(map.node('shop/frontend')).toBeVisible();

    const { name, body } = await download(page, 'map-export-svg');
    expect(name).toBe('flowscope-map-15m.svg');
    const svg = body.toString('utf8');
    expect(svg.startsWith('<?xml') || svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('>shop<');
    expect(svg).toContain('>frontend<');
    expect(svg).toContain('last 15m');
    // One exported node per node on screen.
    const drawn = await map.nodes.count();
    expect(svg.split('class="fs-node"').length - 1).toBe(drawn);
    expect(svg).not.toContain('<script');
  });

  test('exports the collapsed state as drawn', async ({ page }) => {
    const map = new MapPage(page);
    await map.goto('window=15m');
    await map.toggleGroup('shop');
    await expect(map.node('ns:shop')).toBeVisible();

    const { body } = await download(page, 'map-export-svg');
    const svg = body.toString('utf8');
    expect(svg).toMatch(/>shop \(\d+\)</);
    expect(svg).not.toContain('>frontend<');
  });

  test('exports the drawn map as a 2× PNG', async ({ page }) => {
    const map = new MapPage(page);
    await map.goto('window=15m');

    const { name, body } = await download(page, 'map-export-png');
    expect(name).toBe('flowscope-map-15m.png');
    expect([...body.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(body.length).toBeGreaterThan(8 * 1024);
    // IHDR width and height, big-endian at bytes 16 and 20: the SVG's size at 2×.
    const width = body.readUInt32BE(16);
    const height = body.readUInt32BE(20);
    expect(width).toBeGreaterThan(800);
    expect(height).toBeGreaterThan(400);
    await expect(page.getByTestId('map-export-error')).toHaveCount(0);
  });
});
