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

# --- fuzz: cargo-fuzz for the codec's fuzz targets (codec/fuzz; stable toolchain with
# RUSTC_BOOTSTRAP=1, see docs/fuzzing.md) ---
need_fuzz() {
  if ! cargo fuzz --version >/dev/null 2>&1; then
    say "installing cargo-fuzz (takes a few minutes)"
    cargo install cargo-fuzz --version 0.13.2 --locked
  fi
}

# --- web: the npm package `wfpack` (wasm-bindgen-cli pinned to the crate, npm packages) ---
# The wasm-bindgen CLI must be exactly the version of the `wasm-bindgen` crate pinned in
# the root Cargo.toml, or the generated glue does not match the module.
wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml
}

need_web() {
  need_rust
  local want have
  want="$(wasm_bindgen_version)"
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  if [ "$have" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (found '${have:-none}'; takes a few minutes)"
    # Not --locked: the CLI's lock file names a dependency version the registry lacks.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    say "installing Node.js and npm"
    apt_install nodejs npm
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt 20 ]; then
    say "Node.js $major is too old: the npm package needs Node 20 or newer"; exit 1
  fi
  # npm ci only when node_modules does not match package-lock.json. binaryen (wasm-opt)
  # comes from npm: Debian's wasm-opt (binaryen 108) produces modules that fail to load.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm ci"
    npm ci --no-audit --no-fund
  fi
}

# --- browser: Debian's Chromium for the devtools page test and the browser benchmark ---
apt_updated=""
apt_install() {
  if ! apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1; then
    if [ -z "$apt_updated" ]; then
      say "apt-get update"; apt-get update >/dev/null; apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
  fi
}

need_browser() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium"
    DEBIAN_FRONTEND=noninteractive apt_install chromium
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
  rust) need_rust; need_fuzz ;;
  web) need_web ;;
  browser) need_browser ;;
  services) need_services ;;
  fuzz) need_fuzz ;;
  all) need_rust; need_fuzz; need_services; need_web; need_browser ;;
  *) say "unknown part '$what' (use rust, fuzz, web, browser, services or all)"; exit 2 ;;
esac
