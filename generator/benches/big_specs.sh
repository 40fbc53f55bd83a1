#!/usr/bin/env bash
# Times the release generator on synthetic specs of growing size and prints wall time and
# peak memory (max RSS from /usr/bin/time -v), so that linear growth can be checked.
# Usage: generator/benches/big_specs.sh  (run from anywhere inside the repository).
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
cargo build --release -p xtask --quiet
bin="$root/target/release/xtask"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Writes a spec with $1 schemas, each holding the next; $2 = "cycle" closes the chain,
# and $3 extra string properties per schema pad the file.
write_spec() {
  local n=$1 shape=$2 pad=$3 file=$4
  {
    printf 'openapi: 3.0.3\ninfo: {title: bench, version: "1"}\npaths:\n'
    printf '  /s0:\n    get:\n      operationId: getS0\n      responses:\n'
    printf "        '200':\n          description: ok\n          content:\n"
    printf "            application/json:\n              schema: {\$ref: '#/components/schemas/S0'}\n"
    printf 'components:\n  schemas:\n'
    awk -v n="$n" -v shape="$shape" -v pad="$pad" 'BEGIN {
      for (i = 0; i < n; i++) {
        next_i = i + 1
        printf "    S%d:\n      type: object\n      properties:\n", i
        if (next_i < n) printf "        next: {$ref: \"#/components/schemas/S%d\"}\n", next_i
        else if (shape == "cycle") printf "        next: {$ref: \"#/components/schemas/S0\"}\n"
        for (p = 0; p < pad; p++) printf "        field_%d: {type: string, description: \"padding text to make the spec big\"}\n", p
      }
    }'
  } > "$file"
}

printf '%-28s %10s %10s %12s\n' spec bytes seconds max_rss_mb
run() {
  local label=$1 n=$2 shape=$3 pad=$4
  local spec="$work/$label.yaml"
  write_spec "$n" "$shape" "$pad" "$spec"
  local bytes
  bytes=$(wc -c < "$spec")
  /usr/bin/time -v "$bin" generate --spec "$spec" --out "$work/out-$label" \
    > /dev/null 2> "$work/$label.time" || { cat "$work/$label.time"; exit 1; }
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/$label.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$work/$label.time")
  printf '%-28s %10s %10s %12s\n' "$label" "$bytes" "$secs" "$rss"
}
run chain-1000 1000 chain 0
run chain-5000 5000 chain 0
run chain-20000 20000 chain 0
run cycle-7000-20mb 7000 cycle 28
