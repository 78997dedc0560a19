#!/usr/bin/env bash
# Browser end-to-end test of the registry UI: Debian chromium, Node.js and
# playwright-core (npm ci in e2e/, from package-lock.json). Tells the tests
# the browser test is required.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
echo "CASECOURSE_REQUIRE_BROWSER=1" >> .ci/env
