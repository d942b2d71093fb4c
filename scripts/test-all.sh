#!/usr/bin/env bash
# Everything CI checks, from a fresh clone: system packages, npm packages, generated-code
# drift, types, lint, formatting, unit and integration tests, production build, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
# Installs exactly what package-lock.json pins. Not `npm ci`: the registry here serves only
# this platform's builds of packages such as next and buf, so the lock cannot list the other
# platforms' optional packages, and `npm ci` refuses a lock that lacks them.
npm install --no-save --no-audit --no-fund
npm run proto:check
npm run typecheck
npm run lint
npm run format:check
npm test
npm run build
npm run build:prefixed
npm run test:e2e
