#!/usr/bin/env bash
# Make sure the system tools the tests need are present:
#  - a Chromium for Playwright: one already installed, else Debian's `chromium` package when
#    running as root, else Playwright's own download (`python -m playwright install chromium`);
#  - faketime (the reproducible-build test runs a build two days in the future);
#  - nginx (Debian's `nginx-light`): the Open Referral UK test serves the feed with the
#    generated configuration (tests/test_oruk.py; it finds nginx on PATH or in /usr/sbin).
# Prints where Chromium is; tests find it the same way (tests/browser.py).
set -euo pipefail
PY="${1:-python3}"

have() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
  if [ "$(id -u)" = "0" ] && have apt-get; then
    if [ -z "${ORDINARILY_APT_UPDATED:-}" ]; then
      apt-get update -qq >/dev/null && export ORDINARILY_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    return 1
  fi
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
