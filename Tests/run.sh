#!/usr/bin/env bash
# Runs every test of WebChatKit. On a fresh Debian machine with the Swift toolchain it first
# installs what the build and the tests need (C headers of OpenSSL, SQLite and zlib).
set -euo pipefail
cd "$(dirname "$0")/.."

needed=()
for package in libssl-dev libsqlite3-dev zlib1g-dev pkg-config; do
  dpkg -s "$package" >/dev/null 2>&1 || needed+=("$package")
done
if [ ${#needed[@]} -gt 0 ]; then
  echo "Installing ${needed[*]}"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${needed[@]}"
fi

# The command-line tests start the built `webchat` executable, so build every product first.
swift build --build-tests
swift test --skip-build
