#!/usr/bin/env bash
# `npm test`: the whole suite. Without MONGODB_URI it starts FerretDB (built once
# with Go, cached) so the Mongo store runs too, and stops it again afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=""
if [ -z "${MONGODB_URI:-}" ]; then
  if command -v go >/dev/null 2>&1 || [ -x "${SPORTELLO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sportello}/ferretdb-v1.24.2" ]; then
    scripts/ferretdb.sh running || started=yes
    line=$(scripts/ferretdb.sh start | tail -n 1)
    export "${line?}"
  else
    echo "test.sh: Go is not installed, so FerretDB cannot be built: the Mongo suites will be skipped (set MONGODB_URI to run them)." >&2
  fi
fi
[ -n "$started" ] && trap 'scripts/ferretdb.sh stop' EXIT

npx tsc --noEmit -p .
npx vitest run "$@"
