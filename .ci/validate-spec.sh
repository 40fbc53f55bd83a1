#!/usr/bin/env bash
# Validates spec/pro.yaml against the OpenAPI 3.0 schema and checks its examples
# against the schemas they illustrate. Python tools live in .ci/venv.
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
