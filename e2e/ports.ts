// Loopback ports of the end-to-end setup (see playwright.config.ts). E2E_PORT_OFFSET shifts
// them all, so two checkouts can run their end-to-end tests on one machine at once.
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);

export const E2E = {
  app: Number(process.env.E2E_PORT ?? 3107) + offset,
  relayApp: 3111 + offset,
  relay: 43991 + offset,
  prefixedApp: 3108 + offset,
  proxy: 3109 + offset,
  xssApp: 3112 + offset,
  accessApp: 3113 + offset,
  accessProxy: 3114 + offset,
  stagedApp: 3127 + offset,
} as const;
