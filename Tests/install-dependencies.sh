#!/usr/bin/env bash
# Installs the Debian packages WebChatKit needs when they are missing: the C headers of OpenSSL,
# SQLite and zlib for the build. Does nothing when everything is there.
set -euo pipefail

needed=()
for package in libssl-dev libsqlite3-dev zlib1g-dev pkg-config; do
  dpkg -s "$package" >/dev/null 2>&1 || needed+=("$package")
done
[ ${#needed[@]} -eq 0 ] && exit 0

echo "Installing ${needed[*]}"
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${needed[@]}"
