#!/usr/bin/env bash
# Validates spec/pro.yaml against the OpenAPI 3.0 schema and checks its examples, and the
# help pages' examples where present, against the schemas they illustrate. Python tools
# live in .ci/venv.
set -euo pipefail

cd "$(dirname "$0")/.."

venv=.ci/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  openapi-spec-validator==0.9.0 \
  jsonschema==4.26.0 \
  PyYAML==6.0.3

"$venv/bin/openapi-spec-validator" spec/pro.yaml
"$venv/bin/python" .ci/check_examples.py spec/pro.yaml

# Sorted's help pages may not be vendored, so their examples are checked only where the
# reference material sits beside the project (or PRO_PUBLISHED points at it).
published="${PRO_PUBLISHED:-../shared/pro-published}"
if [ -d "$published/v2-help" ]; then
  "$venv/bin/python" .ci/check_help_examples.py spec/pro.yaml "$published/v2-help" \
    spec/help-example-exceptions.txt
else
  echo "help-page examples: skipped ($published/v2-help is absent)"
fi
