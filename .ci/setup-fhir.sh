#!/usr/bin/env bash
# Installs the independent FHIR R4 validator used by crates/fhir's tests:
# Python fhir.resources 6.4.0 (R4 4.0.1 models) in a venv under ~/.cache.
# Idempotent: an existing venv that already imports the package is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${CASECOURSE_FHIR_VENV:-$HOME/.cache/casecourse/fhir-venv}"
req=scripts/fhir-validate/requirements.txt
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! cmp -s "$req" "$stamp" || ! "$venv/bin/python" -c 'import fhir.resources.bundle' 2>/dev/null; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
  cp "$req" "$stamp"
fi
"$venv/bin/python" scripts/fhir-validate/validate.py --self-check
{
  echo "CASECOURSE_REQUIRE_FHIR_VALIDATOR=1"
  echo "CASECOURSE_FHIR_VALIDATOR=$venv/bin/python"
} >> .ci/env
