// Fixed loopback ports of the end-to-end setup (see playwright.config.ts).
export const E2E = {
  app: Number(process.env.E2E_PORT ?? 3107),
  relayApp: 3111,
  relay: 43991,
  prefixedApp: 3108,
  proxy: 3109,
  xssApp: 3112,
} as const;
