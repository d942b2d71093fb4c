import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { E2E } from './e2e/ports';

// End-to-end tests run against production builds (`npm run build`, and for the proxy tests
// `npm run build:prefixed`):
// - the main app on the embedded demo relay (no HUBBLE_RELAY_ADDR);
// - an app reading a demo relay that the tests start, stop and restart themselves;
// - an app built under /flowscope, behind nginx from Debian with its default timeouts;
// - an app restricting users to namespaces, behind nginx standing in for the gateway.
const baseURL = `http://127.0.0.1:${E2E.app}`;
const prefixedBuilt = existsSync('.next-prefix/BUILD_ID');

const common = {
  HOSTNAME: '127.0.0.1',
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
};

function app(port: number, env: Record<string, string>) {
  return {
    command: `node_modules/.bin/next start -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}${env.FLOWSCOPE_BASE_PATH ?? ''}/healthz`,
    env: { ...common, PORT: String(port), ...env },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
  };
}

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    app(E2E.app, {}),
    app(E2E.relayApp, {
      HUBBLE_RELAY_ADDR: `127.0.0.1:${E2E.relay}`,
      HUBBLE_RECONNECT_MAX_MS: '1000',
    }),
    // The demo relay replays flows whose every text field is an XSS payload (security/xss).
    app(E2E.xssApp, { FLOWSCOPE_DEMO_REPLAY_FILE: 'e2e/fixtures/xss-flows.ndjson' }),
    // A policy folder staged as one draft (FLOWSCOPE_LAB_STAGED_POLICIES).
    app(E2E.stagedApp, { FLOWSCOPE_LAB_STAGED_POLICIES: 'e2e/fixtures/staged-policies' }),
    // Access control: only nginx, connecting from 127.0.0.2, may vouch for users.
    app(E2E.accessApp, {
      FLOWSCOPE_TRUSTED_PROXIES: '127.0.0.2',
      FLOWSCOPE_ACCESS_GROUPS: 'shop-team=shop;ledger=payments;sre=*',
    }),
    {
      command: `bash scripts/e2e-nginx.sh ${E2E.accessProxy} ${E2E.accessApp} nginx-gateway.conf.template`,
      url: `http://127.0.0.1:${E2E.accessProxy}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    ...(prefixedBuilt
      ? [
          app(E2E.prefixedApp, {
            FLOWSCOPE_BASE_PATH: '/flowscope',
            FLOWSCOPE_DIST_DIR: '.next-prefix',
            FLOWSCOPE_PUBLIC_URL: `http://127.0.0.1:${E2E.proxy}/flowscope`,
          }),
          {
            command: `bash scripts/e2e-nginx.sh ${E2E.proxy} ${E2E.prefixedApp}`,
            url: `http://127.0.0.1:${E2E.proxy}/flowscope/healthz`,
            reuseExistingServer: false,
            timeout: 30_000,
          },
        ]
      : []),
  ],
});
