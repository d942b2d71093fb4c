// From a drop to its fix: the /drops table's "fix" link opens the dropped flow on its
// suggestion, which shows the rule, the diff of the policy it extends and the flows behind
// it; the downloaded YAML is a policy that parses and names the right selectors, the patch
// is a unified diff, and the policy lab hand-off says so when it cannot open a draft.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { parseAllDocuments, type Document } from 'yaml';
import { DropsPage } from './pages/drops-page';

function pinnedWindow(): string {
  const to = Date.now() - 15_000;
  return `from=${to - 10 * 60_000}&to=${to}`;
}

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).click(),
  ]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

interface Rule {
  fromEndpoints?: { matchLabels: Record<string, string> }[];
  toPorts?: { ports: { port: string }[]; rules?: { http?: { method: string; path: string }[] } }[];
}

test.describe('suggest a fix', () => {
  test('an L7 drop of the drops table: the fix extends backend-api for the frontend', async ({
    page,
  }) => {
    const drops = new DropsPage(page);
    await drops.goto(pinnedWindow());
    const row = page.locator('[data-testid="drop-edge-row"][data-kind="l7"]').first();
    await expect(row).toBeVisible();
    const fix = row.getByTestId('drop-edge-fix');
    const href = await fix.getAttribute('href');
    expect(href).toMatch(/^\/flows\/[^/]+#suggest-fix$/);
    await fix.click();
    await expect(page.getByTestId('flow-detail')).toBeVisible();
    const section = page.getByTestId('flow-suggestion');
    await expect(section.getByTestId('suggestion-summary')).toContainText(
      /add 1 rule to shop\/backend-api: allows \d+ of \d+ dropped/i,
    );
    // The request seen, as the rule allows it, and the flows behind it, each a link.
    const flowId = href!.split('/')[2]!.split('#')[0]!;
    const api = (await (await page.request.get(`/api/flows/${flowId}`)).json()) as {
      flow: { l7?: { http?: { method: string; url: string } } };
    };
    const http = api.flow.l7?.http;
    expect(http).toBeTruthy();
    const path = new URL(http!.url, 'http://x').pathname;
    const rule = section.getByTestId('suggestion-rule').first();
    await expect(rule).toContainText(`${http!.method} ${path}`);
    await expect(rule.getByTestId('suggestion-flow-link').first()).toHaveAttribute(
      'href',
      /^\/flows\//,
    );
    await expect(section.getByTestId('suggestion-diff')).toContainText('+    - fromEndpoints:');
    await expect(section.getByTestId('suggestion-wider')).toHaveCount(0);

    const yaml = await download(page, 'suggestion-download-yaml');
    expect(yaml.name).toBe(`fix-${flowId}.yaml`);
    const docs = parseAllDocuments(yaml.text) as Document[];
    expect(docs.every((d) => d.errors.length === 0)).toBe(true);
    const policies = docs.map(
      (d) =>
        d.toJS() as {
          kind: string;
          metadata: { name: string; namespace: string };
          spec: { endpointSelector: { matchLabels: Record<string, string> }; ingress: Rule[] };
        },
    );
    expect(policies.map((p) => `${p.kind}/${p.metadata.namespace}/${p.metadata.name}`)).toEqual([
      'CiliumNetworkPolicy/shop/backend-api',
    ]);
    const [policy] = policies;
    expect(policy!.spec.endpointSelector.matchLabels).toEqual({ app: 'backend' });
    const added = policy!.spec.ingress.at(-1)!;
    expect(added.fromEndpoints).toEqual([{ matchLabels: { app: 'frontend' } }]);
    expect(added.toPorts?.[0]?.ports).toEqual([{ port: '8080', protocol: 'TCP' }]);
    expect(added.toPorts?.[0]?.rules?.http).toContainEqual({ method: http!.method, path });

    const patch = await download(page, 'suggestion-download-patch');
    expect(patch.name).toBe(`fix-${flowId}.patch`);
    expect(patch.text).toMatch(/^--- a\/shop-backend\.yaml\n\+\+\+ b\/shop-backend\.yaml\n@@ /);

    // Handed to the policy lab: a draft applying the extended policy, checked there.
    await section.getByTestId('suggestion-open-lab').click();
    await expect(page).toHaveURL(/\/lab\/drafts\/[^/?]+\?from=.+&to=.+/);
    const change = page.getByTestId('draft-change');
    await expect(change).toHaveCount(1);
    await expect(change.getByTestId('draft-editor')).toContainText('name: backend-api');
    await expect(change.getByTestId('draft-no-problem')).toBeVisible();
  });

  test('the API refuses bad parameters with the reason', async ({ page }) => {
    for (const [query, message] of [
      ['', /flow=<id> or workload=/],
      ['flow=nope', /not a flow id/],
      ['workload=Shop!&window=15m', /workload/],
      ['workload=shop&window=15m&stableBefore=later', /stableBefore/],
    ] as const) {
      const res = await page.request.get(`/api/recommend?${query}`);
      expect(res.status(), query).toBe(400);
      expect(((await res.json()) as { error: string }).error, query).toMatch(message);
    }
  });
});
