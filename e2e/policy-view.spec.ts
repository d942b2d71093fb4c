import { expect, test } from '@playwright/test';
import { DropsPage } from './pages/drops-page';
import { FlowDetailPage, findFlow } from './pages/flow-detail-page';
import { MapPage } from './pages/map-page';
import { PolicyPage } from './pages/policy-page';

// The demo relay's flows are explained by the policies in server/policies/demo: pods that
// call the metadata service hit an explicit deny rule of a cluster-wide policy, and other
// drops are default-deny in the shop namespace.
const METADATA_KEY = 'CiliumClusterwideNetworkPolicy//deny-egress-to-metadata';
const METADATA_PATH = '/policies/CiliumClusterwideNetworkPolicy/_/deny-egress-to-metadata';

test.describe('policy view', () => {
  test('from a drop on the timeline to the rule that denied it', async ({ page }) => {
    const drops = new DropsPage(page);
    await drops.goto();
    await drops.showDropsBy('policy');
    const bars = drops.dropBars(METADATA_KEY);
    await expect(bars.first()).toBeAttached();
    // The fullest bucket of this policy is the easiest segment to hit.
    const counts = await bars.evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute('data-count'))),
    );
    await bars.nth(counts.indexOf(Math.max(...counts))).click();
    await expect(drops.flows).toHaveAttribute('data-key', METADATA_KEY);
    const row = drops.flowRows.first();
    await expect(row).toBeVisible();
    const flowId = (await row.getAttribute('data-flow-id')) ?? '';
    await row.locator('a').click();

    const detail = new FlowDetailPage(page);
    await detail.waitForFlow(flowId);
    await expect(detail.policies).toContainText('deny-egress-to-metadata');
    // A named deny decided: the match type must not say that no rule matched.
    await expect(page.getByTestId('policy-match-explanation')).toBeVisible();
    await expect(page.getByTestId('flow-verdict')).not.toContainText('No policy rule was matched');
    const explanation = page.getByTestId('flow-explanation');
    await expect(explanation.getByTestId('explanation-body')).toHaveAttribute(
      'data-case',
      'dropped',
    );
    const deciding = explanation.getByTestId('explanation-deciding');
    await expect(deciding).toHaveAttribute('data-rule-id', 'egressDeny[0]');
    const link = deciding.getByTestId('explanation-rule-link');
    await expect(link).toHaveAttribute(
      'href',
      `${METADATA_PATH}?flow=${encodeURIComponent(flowId)}#rule-egressDeny-0`,
    );
    await link.click();

    const policy = new PolicyPage(page);
    await expect(page).toHaveURL(new RegExp(`${METADATA_PATH}\\?flow=`));
    await expect(policy.header).toContainText('deny-egress-to-metadata');
    await expect(policy.header).toContainText('CiliumClusterwideNetworkPolicy');
    await expect(policy.highlightedLines.first()).toBeVisible();
    await expect(policy.highlightedLines.first()).toBeInViewport();
    expect(await policy.highlightedLineNumbers()).not.toHaveLength(0);
    // The rule's lines are its list item under egressDeny: the CIDR it denies.
    await expect(policy.highlightedLines.filter({ hasText: '169.254.169.254/32' })).toHaveCount(1);
    const rule = policy.rule('egressDeny[0]');
    await expect(rule).toHaveAttribute('data-selected', 'true');
    await expect(rule).toHaveAttribute('data-matched-flow', 'true');
    const denied = Number(await rule.getByTestId('rule-denied').getAttribute('data-count'));
    expect(denied).toBeGreaterThan(0);
    await expect(policy.flowNote).toContainText(flowId);
    await expect(policy.flowNote.getByTestId('policy-flow-link')).toHaveAttribute(
      'href',
      `/flows/${encodeURIComponent(flowId)}`,
    );
  });

  test('a default-deny drop names the selecting policy and the nearest allow rule', async ({
    page,
    request,
  }) => {
    const flow = await findFlow(
      request,
      '--verdict DROPPED --drop-reason-desc POLICY_DENIED --namespace shop',
      (f) => f.eventType === 5,
    );
    const detail = new FlowDetailPage(page);
    await detail.goto(flow.id);
    await detail.waitForFlow(flow.id);
    const explanation = page.getByTestId('flow-explanation');
    await expect(explanation.getByTestId('explanation-selecting')).toBeVisible();
    // The shop namespace's default-deny policy is what puts the endpoint into default deny.
    await expect(
      explanation.locator('[data-testid="explanation-selecting-policy"][data-enforcing="true"]', {
        hasText: 'shop/default-deny',
      }),
    ).toBeVisible();
    const nearest = explanation.getByTestId('explanation-nearest-rule').first();
    await expect(nearest).toBeVisible();
    await expect(nearest.getByTestId('explanation-difference').first()).not.toBeEmpty();
    const ruleId = (await nearest.getAttribute('data-rule-id')) ?? '';
    await nearest.getByTestId('explanation-rule-link').click();

    const policy = new PolicyPage(page);
    await expect(page).toHaveURL(
      /\/policies\/CiliumNetworkPolicy\/[^/]+\/[^/?]+\?flow=[^#]+#rule-/,
    );
    await expect(policy.flowNote).toContainText(flow.id);
    // The link named the nearest rule: the page scrolls to it and highlights it, rule and
    // YAML lines, without a click (it decided nothing, so the flow alone would not).
    const rule = policy.rule(ruleId);
    await expect(rule).toBeInViewport();
    await expect(rule).toHaveAttribute('data-linked', 'true');
    await expect(rule).toHaveAttribute('data-selected', 'true');
    await expect(rule.getByTestId('rule-linked')).toBeVisible();
    await expect(policy.highlightedLines.first()).toBeVisible();
    const outline = await rule.evaluate((e) => getComputedStyle(e).outlineStyle);
    expect(outline).toBe('solid');
  });

  test('the default-deny banner counts only drops of endpoints the policy selects', async ({
    page,
    request,
  }) => {
    // A window that ended a few seconds ago: late flows cannot change either count.
    const to = Date.now() - 15_000;
    const window = {
      from: new Date(to - 10 * 60_000).toISOString(),
      to: new Date(to).toISOString(),
    };
    const res = await request.get('/api/flows', {
      params: {
        ...window,
        q: '--verdict DROPPED --drop-reason-desc POLICY_DENIED --type policy-verdict --namespace shop',
        limit: '5000',
      },
    });
    const { flows } = (await res.json()) as {
      flows: {
        direction: string;
        destination: { labels: string[] };
        source: { labels: string[] };
      }[];
    };
    // backend-api selects app=backend at ingress only: its drops are the backend's ingress ones.
    const backendIngress = flows.filter(
      (f) => f.direction === 'INGRESS' && f.destination.labels.includes('k8s:app=backend'),
    ).length;
    expect(backendIngress).toBeGreaterThan(0);
    expect(backendIngress).toBeLessThan(flows.length);
    const policy = new PolicyPage(page);
    await policy.goto(
      'CiliumNetworkPolicy',
      'shop',
      'backend-api',
      new URLSearchParams(window).toString(),
    );
    const banner = page.getByTestId('policy-default-denied');
    await expect(banner).toHaveAttribute('data-count', String(backendIngress));
    await expect(banner).toContainText('an endpoint this policy selects');
    // shop/default-deny selects every shop pod in both directions: it counts them all.
    await policy.goto(
      'CiliumNetworkPolicy',
      'shop',
      'default-deny',
      new URLSearchParams(window).toString(),
    );
    const shopSubjects = flows.filter((f) =>
      (f.direction === 'INGRESS' ? f.destination : f.source).labels.includes(
        'k8s:io.kubernetes.pod.namespace=shop',
      ),
    ).length;
    await expect(page.getByTestId('policy-default-denied')).toHaveAttribute(
      'data-count',
      String(shopSubjects),
    );
  });

  test('opened on a flow of an endpoint it does not select, a policy says so', async ({
    page,
    request,
  }) => {
    const flow = await findFlow(
      request,
      '--verdict DROPPED --drop-reason-desc POLICY_DENIED --type policy-verdict --to-label k8s:app=backend --traffic-direction ingress',
    );
    const policy = new PolicyPage(page);
    await policy.goto('CiliumNetworkPolicy', 'shop', 'frontend-egress', `flow=${flow.id}`);
    const note = page.getByTestId('policy-flow-selection');
    await expect(note).toHaveAttribute('data-selects', 'no');
    await expect(note).toContainText("does not select the flow's destination at ingress");
    await policy.goto('CiliumNetworkPolicy', 'shop', 'backend-api', `flow=${flow.id}`);
    await expect(page.getByTestId('policy-flow-selection')).toHaveAttribute(
      'data-selects',
      'enforcing',
    );
  });

  test('/policies lists the demo policies, each opening its view with counts', async ({ page }) => {
    const policy = new PolicyPage(page);
    await policy.gotoList();
    // The seven demo files hold nine policies (shop-backend.yaml and shop-frontend.yaml hold two each).
    await expect(policy.listRows).toHaveCount(9);
    await expect(policy.sourceErrors).toHaveCount(0);
    const ids = await policy.listRows.evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-policy-id')),
    );
    expect(ids).toContain('CiliumNetworkPolicy/shop/backend-egress');
    expect(ids).toContain('CiliumClusterwideNetworkPolicy/_/deny-egress-to-metadata');
    expect(ids).toContain('CiliumNetworkPolicy/payments/ledger-backup-egress');
    // Every construct of the demo policies is evaluated: none is listed as not evaluated.
    await expect(page.getByTestId('policy-list-unsupported')).toHaveCount(9);
    const notEvaluated = await page
      .getByTestId('policy-list-unsupported')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-count')));
    expect(notEvaluated).toEqual(Array(9).fill('0'));

    const row = page.locator(
      '[data-testid="policy-list-row"][data-policy-id="CiliumNetworkPolicy/shop/backend-egress"]',
    );
    await row.getByTestId('policy-list-link').click();
    await expect(page).toHaveURL(/\/policies\/CiliumNetworkPolicy\/shop\/backend-egress$/);
    await expect(policy.rules).toHaveCount(3);
    await expect(policy.highlightedLines).toHaveCount(0);
    await expect(policy.lines.first()).toHaveAttribute('data-line', '1');
    // The backend resolves and calls Stripe all the time: the DNS rule is in use.
    const dns = policy.rule('egress[0]');
    await expect
      .poll(async () => Number(await dns.getByTestId('rule-allowed').getAttribute('data-count')))
      .toBeGreaterThan(0);
    // The demo relay names the allowing policy on its verdict events, as Cilium does.
    await expect(dns.getByTestId('rule-source')).toContainText('reported by Hubble');
    await dns.getByTestId('policy-rule-select').click();
    await expect(dns).toHaveAttribute('data-selected', 'true');
    await expect(policy.highlightedLines.first()).toBeVisible();
    await expect(page.getByTestId('nav-policies')).toHaveAttribute('aria-current', 'page');
  });

  test('a rule shows its edges and its use over time; an edge opens on the map', async ({
    page,
  }) => {
    const policy = new PolicyPage(page);
    // The frontend calls the backend API all the time: the ingress rule is always in use.
    await policy.goto('CiliumNetworkPolicy', 'shop', 'backend-api', 'window=15m');
    const rule = policy.rule('ingress[0]');
    const edges = policy.ruleEdges('ingress[0]');
    await expect(edges.first()).toBeVisible();
    const edge = edges.filter({ hasText: 'shop/frontend' }).first();
    await expect(edge).toHaveAttribute('data-edge-id', 'shop/frontend>shop/backend:8080/TCP');
    expect(await policy.edgeTotal(edge)).toBeGreaterThan(0);
    // At most ten edges, busiest first.
    const totals = await edges.evaluateAll((rows) =>
      rows.map((r) =>
        ['allowed', 'denied']
          .map((k) => r.querySelector(`[data-testid="rule-edge-${k}"]`)?.getAttribute('data-count'))
          .reduce((sum, n) => sum + Number(n), 0),
      ),
    );
    expect(totals.length).toBeLessThanOrEqual(10);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));

    const series = policy.ruleSeries('ingress[0]');
    await expect(series).toBeVisible();
    const bars = series.getByTestId('rule-series-bar');
    await expect(bars.first()).toBeAttached();
    await expect(bars.first().locator('title')).toContainText(/allowed \d+, denied \d+/);
    expect(Number(await series.getAttribute('data-bucket-ms'))).toBeGreaterThan(0);

    // The edge opens on the map, selected and narrowed to its port, over the window the
    // counts came from (pinned).
    const link = edge.getByTestId('rule-edge-link');
    const href = new URL((await link.getAttribute('href')) ?? '', 'http://h.invalid');
    expect(href.pathname).toBe('/map');
    expect(href.searchParams.get('edge')).toBe('shop/frontend>shop/backend');
    expect(href.searchParams.get('port')).toBe('8080');
    expect(href.searchParams.get('protocol')).toBe('TCP');
    expect(href.searchParams.get('from')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(href.searchParams.get('to')).toMatch(/^\d{4}-\d\d-\d\dT/);
    await expect(rule).toBeVisible();
    await link.click();
    await expect(page).toHaveURL(/\/map\?edge=/);
    const map = new MapPage(page);
    await expect(map.detail).toHaveAttribute('data-kind', 'link');
    await expect(map.detail.getByTestId('map-detail-title')).toContainText('frontend');
    await expect(map.detail.getByTestId('map-detail-title')).toContainText('backend');
  });

  test('an unknown policy or a malformed kind shows the server error', async ({ page }) => {
    const policy = new PolicyPage(page);
    await policy.goto('CiliumNetworkPolicy', 'shop', 'no-such-policy');
    await expect(policy.error).toHaveAttribute('data-status', '404');
    await expect(policy.error).toContainText('no-such-policy');
    await policy.goto('Deployment', 'shop', 'backend');
    await expect(policy.error).toHaveAttribute('data-status', '400');
    await expect(policy.error).toContainText('kind');
  });

  test('a flow no longer held is reported, with a way to the policy alone', async ({ page }) => {
    const policy = new PolicyPage(page);
    await policy.goto('cnp', 'shop', 'backend-egress', `flow=fs-${'0'.repeat(32)}`);
    await expect(policy.error).toHaveAttribute('data-status', '404');
    await page.getByTestId('policy-error-without-flow').click();
    await expect(policy.rules.first()).toBeVisible();
  });
  test('a rule lists the flows it decided, as many as it counts', async ({ page }) => {
    const policy = new PolicyPage(page);
    // A window that has ended, so flows still arriving cannot add to one count and not the
    // other; the demo history fills it while the app starts.
    const to = Date.now() - 15_000;
    const range = `from=${new Date(to - 120_000).toISOString()}&to=${new Date(to).toISOString()}`;
    await policy.goto('CiliumNetworkPolicy', 'shop', 'backend-api', range);
    const rule = policy.rule('ingress[0]');
    await expect
      .poll(async () => Number(await rule.getByTestId('rule-allowed').getAttribute('data-count')))
      .toBeGreaterThan(0);
    const allowed = Number(await rule.getByTestId('rule-allowed').getAttribute('data-count'));
    const denied = Number(await rule.getByTestId('rule-denied').getAttribute('data-count'));
    await rule.getByTestId('rule-flows').click();
    await expect(page).toHaveURL(/\/flows\?.*q=--policy/);
    // The link pins the policy view's window, so the list counts the same decisions.
    await expect(page.getByTestId('flows-total')).toHaveAttribute(
      'data-count',
      String(allowed + denied),
    );
    const cells = page.getByTestId('flow-decided-by');
    await expect(cells.first()).toBeVisible();
    const texts = await cells.evaluateAll((els) => els.slice(0, 50).map((e) => e.textContent));
    for (const t of texts) expect(t).toContain('backend-api · rule ingress[0]');
  });
});
