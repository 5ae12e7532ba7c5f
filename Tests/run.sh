#!/usr/bin/env bash
# Runs every test of WebChatKit, first installing what the build and the tests need when it is
# missing (see install-dependencies.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
Tests/install-dependencies.sh

# The command-line tests start the built `webchat` executable, so build every product first.
swift build --build-tests
swift test --skip-build
