#!/usr/bin/env bash
# Every test the project has: lint, typecheck, Vitest (core, simulator, Electron shell with a fake
# electron module, keychain tests against a real Secret Service), the desktop build, and the
# Playwright end-to-end tests in Debian's Chromium against the browser host, then the desktop smoke
# test against the packaged app (skipped, saying why, where there is none).
# On macOS and Windows (Git Bash) there are no Debian packages and no throwaway Secret Service: the
# keychain tests use the system's own keychain, and the end-to-end tests Playwright's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
case "$(uname -s)" in
  Linux) linux=1 ;;
  *) linux=0 ;;
esac
[ "$linux" = 0 ] || bash scripts/ensure-debian-packages.sh
[ -d node_modules ] || npm ci
if [ "$linux" = 0 ] && [ -z "${ARCHIVIST_CHROMIUM:-}" ]; then
  # playwright.config.ts launches ARCHIVIST_CHROMIUM: here, Playwright's own build.
  ARCHIVIST_CHROMIUM="$(node -p "require('playwright-core').chromium.executablePath()")"
  [ -e "$ARCHIVIST_CHROMIUM" ] || npx playwright install chromium
  export ARCHIVIST_CHROMIUM
fi
mkdir -p .tmp
rm -f .tmp/vitest-results.json .tmp/playwright-results.json .tmp/playwright-electron-results.json

# On Linux inside a throwaway Secret Service; elsewhere with the system's keychain.
keychain() {
  if [ "$linux" = 1 ]; then bash scripts/with-secret-service.sh "$@"; else "$@"; fi
}
if [ "$linux" = 1 ]; then
  keychain_used="inside a throwaway Secret Service" browser_used="Debian Chromium"
else
  keychain_used="with the system keychain" browser_used="Playwright's Chromium"
fi

echo "== lint"; npm run --silent lint; npx prettier --check . >/dev/null || { echo "Formatting differs from Prettier: run npm run format"; exit 1; }
echo "== typecheck"; npm run --silent typecheck
echo "== build (electron-vite)"; npx electron-vite build >/dev/null

status=0
echo "== unit and integration tests (Vitest, $keychain_used)"
keychain npx vitest run --reporter=default --reporter=json \
  --outputFile.json=.tmp/vitest-results.json || status=$?
echo "== end-to-end tests (Playwright, $browser_used)"
keychain npx playwright test || status=$?
echo "== desktop smoke test (Playwright's Electron driver, the packaged app)"
keychain npx playwright test -c e2e-electron/playwright.config.ts || status=$?

node scripts/test-summary.js .tmp/vitest-results.json .tmp/playwright-results.json \
  .tmp/playwright-electron-results.json || status=$?
exit "$status"
