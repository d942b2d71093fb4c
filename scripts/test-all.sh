#!/usr/bin/env bash
# Everything CI checks, from a fresh clone: system packages, npm packages, generated-code
# drift, types, lint, formatting, unit and integration tests, production build, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
npm ci --no-audit --no-fund
npm run proto:check
npm run typecheck
npm run lint
npm run format:check
npm test
npm run build
npm run build:prefixed
npm run test:e2e
