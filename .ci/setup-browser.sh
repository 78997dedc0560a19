#!/usr/bin/env bash
# Headless Chromium (and the font the chart is measured with) for the
# report's browser test (crates/render/tests/browser.rs). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 || [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-dejavu-core
fi
echo CASECOURSE_REQUIRE_BROWSER=1 >> .ci/env
