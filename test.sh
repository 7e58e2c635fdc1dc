#!/usr/bin/env bash
# Runs the whole test suite and ends with one line: "Tests: N passed, N failed".
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Proxy]
set -uo pipefail
cd "$(dirname "$0")"

bash scripts/install-test-deps.sh || exit 1

results="$(pwd)/TestResults"
rm -rf "$results"

dotnet build LlmIntercept.sln -nologo -v quiet || { echo "Tests: 0 passed, 1 failed"; exit 1; }

# One TRX file per project, named after it: timestamped default names collide when two projects finish in
# the same second, and a lost file would drop its counts.
status=0
for project in tests/*/*.Tests.csproj tests/*/*.BrowserTests.csproj; do
  [ -f "$project" ] || continue
  name=$(basename "$project" .csproj)
  dotnet test "$project" --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" \
    || status=1
done

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$failed" -eq 0 ] && [ "$status" -ne 0 ]; then
  # A project that crashed before writing its results still fails the run.
  failed=1
fi

echo "Tests: $passed passed, $failed failed"
exit $status
