// Import from a user's point of view: a file of Hubble JSON lines with a line that is not a
// flow. The good flows show at once, without a reload; the bad line is refused with its
// number and reason. Runs on the XSS app, whose scenario has no counts other specs pin on
// the demo app's namespaces.
import { expect, test } from '@playwright/test';
import { E2E } from './ports';
import { FlowsPage } from './pages/flows-page';

test.use({ baseURL: `http://127.0.0.1:${E2E.xssApp}` });

function flowLine(uuid: string, at: number, pod: string): string {
  return JSON.stringify({
    flow: {
      time: new Date(at).toISOString(),
      uuid,
      verdict: 'FORWARDED',
      IP: { source: '10.9.0.1', destination: '10.9.0.2', ipVersion: 'IPv4' },
      l4: { TCP: { source_port: 41000, destination_port: 443 } },
      source: { namespace: 'ns-0', pod_name: pod, labels: ['k8s:app=imported'] },
      destination: { namespace: 'ns-0', pod_name: 'imported-server', labels: ['k8s:app=srv'] },
      Type: 'L3_L4',
      node_name: 'imported-node',
      traffic_direction: 'EGRESS',
    },
    node_name: 'imported-node',
    time: new Date(at).toISOString(),
  });
}

test('an imported file shows its flows without a reload and refuses a bad line by number', async ({
  page,
}) => {
  const flows = new FlowsPage(page);
  const recent = `imp-recent-${Date.now()}`;
  const older = `imp-older-${Date.now()}`;
  const now = Date.now();
  const body = [
    flowLine(recent, now - 60_000, 'imported-recent'),
    '{"flow":{"verdict":"BOGUS","time":"2026-01-01T00:00:00Z"}}',
    flowLine(older, now - 2 * 3_600_000, 'imported-older'),
  ].join('\n');
  await flows.goto();
  await expect(flows.rows.first()).toBeVisible();
  await page.getByTestId('flows-import-file').setInputFiles({
    name: 'capture.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(body),
  });
  const result = page.getByTestId('flows-import-result');
  await expect(result).toHaveAttribute('data-imported', '2');
  const refused = page.getByTestId('flows-import-refused');
  await expect(refused).toContainText('1 lines refused, nothing of them stored');
  await refused.locator('summary').click();
  await expect(refused).toContainText(
    'line 2: unknown enum value at flow.verdict: "BOGUS" is not a value of flow.Verdict',
  );
  // The flow inside the window shown appears in the list as it is, no reload.
  await expect(page.locator(`[data-testid="flow-row"][data-flow-id="${recent}"]`)).toBeVisible();
  // "show them" opens the imported flows' own span, older ones included.
  await page.getByTestId('flows-import-show').click();
  await expect(page).toHaveURL(/from=.*&to=/);
  await expect(page.locator(`[data-testid="flow-row"][data-flow-id="${older}"]`)).toBeVisible();
  await expect(page.locator(`[data-testid="flow-row"][data-flow-id="${recent}"]`)).toBeVisible();
});
