#!/usr/bin/env bash
# Builds (once, cached) and runs FerretDB with its SQLite backend on 127.0.0.1, so the
# mongoose store is tested against a real MongoDB-wire server with no Docker and no
# network beyond the Go module proxy at build time.
#   scripts/ferretdb.sh start   -> last line: MONGODB_URI=mongodb://127.0.0.1:<port>/
#   scripts/ferretdb.sh stop
#   scripts/ferretdb.sh running  -> exit 0 when one is up on FERRETDB_PORT
#   scripts/ferretdb.sh pause    -> stops the server but keeps its data (an outage, for the soak)
#   scripts/ferretdb.sh resume   -> starts it again on the data pause kept
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=v1.24.2
cache=${SPORTELLO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sportello}
bin="$cache/ferretdb-$version"
# One server per checkout (two checkouts may run their suites at once): the port comes from its path.
port=${FERRETDB_PORT:-$((20000 + $(printf '%s' "$here" | cksum | cut -d' ' -f1) % 5000))}
run="${TMPDIR:-/tmp}/sportello-ferretdb-$port"
pidfile="$run/pid"
uri="MONGODB_URI=mongodb://127.0.0.1:$port/"

is_running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

build() {
  [ -x "$bin" ] && return 0
  command -v go >/dev/null || { echo "ferretdb.sh: Go is needed to build FerretDB (apt-get install golang)" >&2; exit 1; }
  mkdir -p "$cache"
  echo "ferretdb.sh: building FerretDB $version (first run only)..." >&2
  (cd "$here/tools/ferretdb" && go build -o "$bin.tmp" .) >&2
  mv "$bin.tmp" "$bin"
}

wait_for_port() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    is_running || { echo "ferretdb.sh: FerretDB exited; log follows" >&2; cat "$run/log" >&2; exit 1; }
    sleep 0.1
  done
  echo "ferretdb.sh: FerretDB did not open port $port in 10 s" >&2
  exit 1
}

launch() {
  nohup "$bin" -listen "127.0.0.1:$port" -dir "$run/data" >"$run/log" 2>&1 &
  echo $! >"$pidfile"
  wait_for_port
  echo "$uri"
}

# Waits for the process itself to go, so a resume right after finds the port and the files free.
halt() {
  local pid
  pid=$(cat "$pidfile")
  kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start)
    if is_running; then echo "$uri"; exit 0; fi
    build
    rm -rf "$run" && mkdir -p "$run/data"
    launch
    ;;
  pause)
    if is_running; then halt; fi
    rm -f "$pidfile"
    ;;
  resume)
    if is_running; then echo "$uri"; exit 0; fi
    [ -d "$run/data" ] || { echo "ferretdb.sh: nothing to resume on port $port (start it first)" >&2; exit 1; }
    launch
    ;;
  stop)
    if is_running; then halt; fi
    rm -rf "$run"
    ;;
  running)
    is_running
    ;;
  *)
    echo "usage: scripts/ferretdb.sh start|stop|running|pause|resume" >&2
    exit 2
    ;;
esac
