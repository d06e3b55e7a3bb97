#!/usr/bin/env bash
# Runs a throwaway Dovecot 2.3 IMAP server on 127.0.0.1 (Debian's dovecot-imapd), so the
# e-mail channel is tested against a real IMAP server. Plain IMAP, no TLS, maildir under
# ${TMPDIR:-/tmp}/sportello-dovecot-<port>/, nothing read from /etc/dovecot, no system mail.
#   scripts/dovecot.sh start   -> last line: IMAP_TEST_URL=imap://127.0.0.1:<port>
#   scripts/dovecot.sh stop
#   scripts/dovecot.sh running -> exit 0 when one is up on DOVECOT_PORT
#
# Any username logs in with the password `sportello` (DOVECOT_TEST_PASSWORD in
# test/support/mail-server.ts), and each username has its own maildir, created on first login:
# a fresh random username is a fresh, empty mailbox. A client's URL is therefore
# imap://<user>:sportello@127.0.0.1:<port> (the user in plain letters and digits).
#
# Run as root (CI), Dovecot's master stays root and drops to Debian's `dovecot`/`dovenull`
# users for its own processes and to `nobody` for mail access (Dovecot refuses mail as uid 0);
# the mail directory is handed to `nobody`, so ${TMPDIR:-/tmp} must be searchable by others.
# Run as anyone else, every process runs as the invoking user.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dovecot=/usr/sbin/dovecot
[ -x "$dovecot" ] || dovecot=$(command -v dovecot || true)
password=sportello
# One server per checkout (two checkouts may run their suites at once): the port comes from its path,
# in a range of its own (FerretDB takes 20000-24999, the embeddings server 25000-29999).
port=${DOVECOT_PORT:-$((15000 + $(printf '%s' "$here" | cksum | cut -d' ' -f1) % 5000))}
run="${TMPDIR:-/tmp}/sportello-dovecot-$port"
pidfile="$run/pid"
url="IMAP_TEST_URL=imap://127.0.0.1:$port"

is_running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

wait_for_port() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    is_running || { echo "dovecot.sh: Dovecot exited; log follows" >&2; cat "$run/log" "$run/stderr" >&2 2>/dev/null; exit 1; }
    sleep 0.1
  done
  echo "dovecot.sh: Dovecot did not open port $port in 10 s; log follows" >&2
  cat "$run/log" >&2 2>/dev/null
  exit 1
}

write_config() {
  local internal_user internal_group login_user mail_uid mail_gid
  if [ "$(id -u)" = 0 ]; then
    internal_user=dovecot internal_group=dovecot login_user=dovenull
    mail_uid=$(id -u nobody) mail_gid=$(id -g nobody)
    chown "$mail_uid:$mail_gid" "$run/home"
    if command -v runuser >/dev/null && ! runuser -u nobody -- test -w "$run/home"; then
      echo "dovecot.sh: user nobody cannot reach $run/home; point TMPDIR at a directory others may enter" >&2
      exit 1
    fi
  else
    internal_user=$(id -un) internal_group=$(id -gn) login_user=$(id -un)
    mail_uid=$(id -u) mail_gid=$(id -g)
  fi
  cat >"$run/dovecot.conf" <<EOF
# Written by scripts/dovecot.sh for the tests; removed by \`scripts/dovecot.sh stop\`.
instance_name = sportello-$port
base_dir = $run/base
state_dir = $run/state
log_path = $run/log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# A wrong password answers at once (the 2 s default only slows the tests that try one).
auth_failure_delay = 0
default_internal_user = $internal_user
default_internal_group = $internal_group
default_login_user = $login_user
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {
  driver = static
  args = password=$password
}
userdb {
  driver = static
  args = uid=$mail_uid gid=$mail_gid home=$run/home/%u
}
# No chroots: they need root, and this server only ever sees the tests.
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service ipc {
  chroot =
}
service old-stats {
  chroot =
}
EOF
}

case "${1:-}" in
  start)
    if is_running; then echo "$url"; exit 0; fi
    [ -n "$dovecot" ] || { echo "dovecot.sh: Dovecot is not installed (apt-get install dovecot-imapd)" >&2; exit 1; }
    # Something else answering on the port would pass for our server: say so instead.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "dovecot.sh: port $port is taken by another program; set DOVECOT_PORT to a free one" >&2
      exit 1
    fi
    rm -rf "$run" && mkdir -p "$run/base" "$run/state" "$run/home"
    chmod 755 "$run"
    write_config
    # -F keeps the master in the foreground, so its pid is ours to stop.
    nohup "$dovecot" -F -c "$run/dovecot.conf" >"$run/stderr" 2>&1 &
    echo $! >"$pidfile"
    wait_for_port
    # Dovecot answers before its listeners all settle; one that gave up just after is caught here.
    sleep 0.2
    is_running || { echo "dovecot.sh: Dovecot exited; log follows" >&2; cat "$run/log" "$run/stderr" >&2 2>/dev/null; exit 1; }
    echo "$url"
    ;;
  stop)
    if is_running; then
      kill "$(cat "$pidfile")"
      # The master stops its children on the way out; wait so the port is free for the next start.
      for _ in $(seq 1 50); do is_running || break; sleep 0.1; done
    fi
    rm -rf "$run"
    ;;
  running)
    is_running
    ;;
  *)
    echo "usage: scripts/dovecot.sh start|stop|running" >&2
    exit 2
    ;;
esac
