#!/usr/bin/env bash
# Run by `./mvnw verify` before the browser tests: installs Debian's chromium when it is missing
# and this user may install packages. Never fails the build: without a browser the browser tests
# skip themselves with a loud message.
set -u
browser="${CONCORD_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  echo "ensure-chromium: using $browser"
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $browser is missing; installing Debian's chromium (about 30 s)..."
  export DEBIAN_FRONTEND=noninteractive
  if timeout 600 apt-get update -qq && timeout 900 apt-get install -y -qq chromium >/tmp/concord-chromium-install.log 2>&1; then
    echo "ensure-chromium: installed $(chromium --version 2>/dev/null)"
    exit 0
  fi
  echo "ensure-chromium: apt-get could not install chromium (see /tmp/concord-chromium-install.log)"
fi
echo "*****"
echo "***** ensure-chromium: NO CHROMIUM at $browser and it could not be installed here:"
echo "***** the browser tests will be SKIPPED. Install it with: apt-get install -y chromium"
echo "*****"
exit 0
