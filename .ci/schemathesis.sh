#!/usr/bin/env bash
# Conformance: builds the sandbox, starts it on a free loopback port and runs schemathesis
# against spec/pro.yaml with every check, a fixed seed and bounded examples and time.
# Exits with schemathesis's status. sandbox/schemathesis.toml turns every check on and
# holds the settings that are not flags (the two accounts, statuses the spec documents as
# answers); the README's "Sandbox" section explains each. Extra arguments go to
# `schemathesis run`. Run from anywhere: `bash .ci/schemathesis.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.ci/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check schemathesis==4.32.5

cargo build --quiet -p sandbox
binary="${CARGO_TARGET_DIR:-target}/debug/sandbox"

port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d)
# Two accounts: schemathesis calls as the first and checks that the second cannot see
# what the first created (object_level_authorization).
first="schemathesis-first-$port"
second="schemathesis-second-$port"
cat >"$work/auth.json" <<JSON
{"auth": [
  {"name": "first", "fixedHeaders": [{"name": "x-api-key", "value": "$first"}]},
  {"name": "second", "fixedHeaders": [{"name": "x-api-key", "value": "$second"}]}
]}
JSON
export SCHEMATHESIS_WFC_AUTH="$work/auth.json"
# Hypothesis keeps its files (Unicode tables, examples) out of the checkout.
export HYPOTHESIS_STORAGE_DIRECTORY="$work/hypothesis"

"$binary" --addr "127.0.0.1:$port" --api-key "$first" --api-key "$second" >"$work/sandbox.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Wait until the sandbox accepts connections (at most 10 seconds).
ready=no
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    ready=yes
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
if [ "$ready" != yes ]; then
  echo "the sandbox did not start:" >&2
  cat "$work/sandbox.log" >&2
  exit 1
fi

status=0
"$venv/bin/schemathesis" --config-file sandbox/schemathesis.toml run spec/pro.yaml \
  --url "http://127.0.0.1:$port" \
  --seed 20261122 \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-25}" \
  --max-time "${SCHEMATHESIS_MAX_TIME:-180}" \
  --request-timeout 10 \
  --no-color \
  "$@" || status=$?

if ! kill -0 "$pid" 2>/dev/null; then
  echo "the sandbox stopped during the run:" >&2
  cat "$work/sandbox.log" >&2
  status=1
fi
exit "$status"
