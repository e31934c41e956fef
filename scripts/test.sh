#!/usr/bin/env bash
# npm test: typecheck, build, then the unit and end-to-end suites (bun test).
# Ends with the counts on a line of their own: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=node_modules/.bin
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
extra_failed=0

echo "== typecheck"
"$BIN/tsc" --noEmit -p tsconfig.json || { echo "typecheck FAILED"; extra_failed=$((extra_failed + 1)); }

echo "== build"
"$BIN/bun" scripts/build.ts || { echo "build FAILED"; extra_failed=$((extra_failed + 1)); }

echo "== tests (unit, then e2e against the real opencode)"
"$BIN/bun" test --timeout 120000 test/unit test/e2e 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

passed="$(grep -E '^ *[0-9]+ pass$' "$log" | tail -1 | tr -dc '0-9')"
failed="$(grep -E '^ *[0-9]+ fail$' "$log" | tail -1 | tr -dc '0-9')"
passed="${passed:-0}"
failed="$(( ${failed:-0} + extra_failed ))"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]
