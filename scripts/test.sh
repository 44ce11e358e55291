#!/usr/bin/env bash
# Every test the project has: lint, typecheck, Vitest (core, simulator, Electron shell with a fake
# electron module, keychain tests against a real Secret Service), the desktop build, and the
# Playwright end-to-end tests in Debian's Chromium against the browser host.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-debian-packages.sh
[ -d node_modules ] || npm ci
mkdir -p .tmp
rm -f .tmp/vitest-results.json .tmp/playwright-results.json

echo "== lint"; npm run --silent lint; npx prettier --check . >/dev/null || { echo "Formatting differs from Prettier: run npm run format"; exit 1; }
echo "== typecheck"; npm run --silent typecheck
echo "== build (electron-vite)"; npx electron-vite build >/dev/null

status=0
echo "== unit and integration tests (Vitest, inside a throwaway Secret Service)"
bash scripts/with-secret-service.sh npx vitest run --reporter=default --reporter=json \
  --outputFile.json=.tmp/vitest-results.json || status=$?
echo "== end-to-end tests (Playwright, Debian Chromium)"
bash scripts/with-secret-service.sh npx playwright test || status=$?

node scripts/test-summary.js .tmp/vitest-results.json .tmp/playwright-results.json || status=$?
exit "$status"
