#!/usr/bin/env bash
# Debian's Chromium for the end-to-end tests; browsers are never downloaded.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ]; then
  echo "installing Debian package chromium" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2
else
  echo "Chromium is missing: install the Debian package 'chromium' (sudo apt-get install chromium)" >&2
  exit 1
fi
