#!/usr/bin/env bash
# Installs everything wfpack's build and tests need. Idempotent: each step is skipped
# when what it installs is already there. Usage: scripts/setup.sh [rust|web|browser|all]
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"

say() { printf 'setup: %s\n' "$*" >&2; }

need_rust() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# --- store: the PostgreSQL and MariaDB services the store tests use (started if down) ---
need_services() {
  if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
      say "starting PostgreSQL"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    fi
  fi
  if command -v mariadb-admin >/dev/null && ! mariadb-admin -h 127.0.0.1 -uroot ping >/dev/null 2>&1; then
    if [ -x /usr/sbin/mariadbd ]; then
      say "starting MariaDB"
      start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
      for _ in $(seq 1 30); do mariadb-admin -h 127.0.0.1 -uroot ping >/dev/null 2>&1 && break; sleep 1; done
    fi
  fi
}

case "$what" in
  rust) need_rust ;;
  services) need_services ;;
  all) need_rust; need_services ;;
  *) say "unknown part '$what' (use rust, web, browser, services or all)"; exit 2 ;;
esac
