// The evidence report page on the demo: generated on demand for payments, its sections, the
// CSV download, and the printed PDF (A4, no header or navigation) with the same headings.
// The demo's ledger (server/demo/scenario): ingress in default deny by ledger-ingress, egress
// not (ledger-backup-egress turns enableDefaultDeny off); shop/backend reaches it on 5432.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { pdfStrings } from './pdf-text';

const HEADINGS = [
  'Scope and window',
  'Gaps',
  'Protection',
  'What the policies allow',
  'Observed traffic',
  'Denied attempts',
  'Boundary crossings',
  'Policy revisions',
];

test.describe('evidence report', () => {
  test('generates the payments report, downloads CSV and prints to PDF', async ({ page }) => {
    await page.goto('/report?namespace=payments&window=15m');
    await expect(page.getByTestId('nav-report')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('report-namespaces')).toHaveValue('payments');
    await expect(page.getByTestId('report')).toHaveCount(0);

    // The demo fills its history as it runs: generate until the ledger's traffic is in.
    const backendRow = page
      .getByTestId('report-boundary-table')
      .locator('tr', { hasText: 'shop/backend' });
    // Each attempt opens the live window again: a generated report pins its window.
    await expect(async () => {
      await page.goto('/report?namespace=payments&window=15m');
      await page.getByTestId('report-generate').click();
      await expect(page.getByTestId('report')).toBeVisible({ timeout: 5000 });
      await expect(backendRow).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 45_000 });

    // Generating pinned the window into the URL.
    await expect(page).toHaveURL(/namespace=payments&from=[^&]+&to=/);
    for (const h of HEADINGS) {
      await expect(page.getByRole('heading', { level: 2, name: h, exact: true })).toBeVisible();
    }
    const ledger = page.locator(
      '[data-testid="report-protection-table"] tr[data-workload="payments/ledger"]',
    );
    await expect(ledger.getByTestId('report-ingress')).toHaveText('on');
    await expect(ledger.getByTestId('report-egress')).toHaveText('off');
    await expect(page.getByTestId('report-allows')).toContainText('ledger-ingress ingress[0]');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-download-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^flowscope-evidence-payments-.*\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^row_type,workload,namespace,/);
    expect(csv).toContain('\r\nworkload,payments/ledger,payments,yes,');
    expect(csv).toMatch(
      /\r\nboundary,payments\/ledger,.*,in,shop\/backend,payments\/ledger,5432,TCP,/,
    );

    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('app-header')).toBeHidden();
    await expect(page.getByRole('navigation', { name: 'Views' })).toBeHidden();
    await expect(page.getByTestId('report-form')).toBeHidden();
    await expect(page.getByTestId('report-boundary')).toBeVisible();
    const pdf = await page.pdf({
      format: 'A4',
      outline: true,
      tagged: true,
      printBackground: true,
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfStrings(pdf);
    for (const h of HEADINGS) expect(text, h).toContain(h);
  });

  test('a bad selector answers the server’s reason', async ({ page }) => {
    await page.goto('/report?selector=app%3D%3D%3D&window=15m');
    await expect(page.getByTestId('report-selector')).toHaveValue('app===');
    await page.getByTestId('report-generate').click();
    await expect(page.getByTestId('report-error')).toContainText('selector');
  });
});
