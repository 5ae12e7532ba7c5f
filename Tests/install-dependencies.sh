#!/usr/bin/env bash
# Installs the Debian packages WebChatKit needs when they are missing: the C headers of OpenSSL,
# SQLite and zlib for the build, and for the browser tests Chromium, its WebDriver (chromedriver)
# and Python (whose http.server serves their fixture pages). Does nothing when everything is there.
set -euo pipefail

needed=()
for package in libssl-dev libsqlite3-dev zlib1g-dev pkg-config; do
  dpkg -s "$package" >/dev/null 2>&1 || needed+=("$package")
done
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v chromedriver >/dev/null 2>&1 || needed+=(chromium-driver)
command -v python3 >/dev/null 2>&1 || needed+=(python3)
[ ${#needed[@]} -eq 0 ] && exit 0

echo "Installing ${needed[*]}"
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
# `env` passes DEBIAN_FRONTEND through sudo, which would otherwise drop it from the environment.
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}"
