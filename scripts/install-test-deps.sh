#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK: Debian's Chromium (browser tests), the zstd
# command line (reads exports back), the sqlite3 command line (a second process that locks the store in the
# store fault tests), Node.js for the dashboard's front-end build, and the PostgreSQL server (the tests start a
# throwaway cluster of their own with its initdb and pg_ctl). Idempotent.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v zstd >/dev/null 2>&1 || missing+=(zstd)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: please install: ${missing[*]} (needs root: sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi

echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
