#!/usr/bin/env bash
# Installs the Debian packages WebChatKit needs when they are missing: the C headers of OpenSSL,
# SQLite, zlib and libpq (PostgreSQL's client library) for the build; the system's time zones
# (tzdata), which websites' business hours are read from; PostgreSQL's server for the
# tests against it (Tests/postgres-cluster.sh starts a throwaway cluster, docs/CLUSTER.md); nginx
# (Debian's nginx-light), the load balancer of Examples/cluster, whose test runs it; for the
# browser tests Chromium, its WebDriver (chromedriver) and Python (whose http.server serves their
# fixture pages); and for the browser tests' accessibility check, axe-core (third-party JavaScript,
# used only inside the tests, never served), from the PyPI package that ships it; for the OpenAPI
# document's tests (Tests/AppTests/OpenAPI) openapi-spec-validator and schemathesis from PyPI, in a
# virtual environment of their own; and the `openssl` command, with which the webhook tests make a
# test CA and a receiver's certificate. Does nothing when everything is there.
set -euo pipefail

# Where the tests look for axe.min.js (Tests/AppTests/Browser/AccessibilityCheck.swift).
axe_directory=/usr/local/share/webchat-test-tools/axe
axe_package=axe-playwright-python==0.1.8
# The OpenAPI tools' virtual environment (Tests/AppTests/OpenAPI/PythonTools.swift), pinned: a new
# release must not change what the tests check without a commit saying so. schemathesis 4 needs
# Python 3.11 or later (Debian 12's python3 is 3.11).
openapi_tools=/usr/local/share/webchat-test-tools/openapi-venv
openapi_packages=(openapi-spec-validator==0.9.0 schemathesis==4.32.5)

needed=()
# fonts-droid-fallback: Chinese and Japanese glyphs for the widget's screenshots in those locales.
for package in libssl-dev libsqlite3-dev zlib1g-dev libpq-dev pkg-config tzdata postgresql fonts-droid-fallback; do
  dpkg -s "$package" >/dev/null 2>&1 || needed+=("$package")
done
# /usr/sbin is not on every user's PATH.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || needed+=(nginx-light)
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v chromedriver >/dev/null 2>&1 || needed+=(chromium-driver)
command -v python3 >/dev/null 2>&1 || needed+=(python3)
command -v openssl >/dev/null 2>&1 || needed+=(openssl)
python3 -m pip --version >/dev/null 2>&1 || needed+=(python3-pip)
# Debian's python3 makes virtual environments only with python3-venv (ensurepip).
python3 -c 'import ensurepip' >/dev/null 2>&1 || needed+=(python3-venv)

if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
if [ ${#needed[@]} -gt 0 ]; then
  echo "Installing ${needed[*]}"
  # `env` passes DEBIAN_FRONTEND through sudo, which would otherwise drop it from the environment.
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}"
fi

if [ ! -f "$axe_directory/axe.min.js" ]; then
  echo "Installing axe-core for the accessibility tests ($axe_package from PyPI, into $axe_directory)"
  staging=$(mktemp -d)
  trap 'rm -rf "$staging"' EXIT
  # --target keeps it out of the system's Python; only the JavaScript file is kept.
  python3 -m pip install --quiet --root-user-action=ignore --no-deps --target "$staging" "$axe_package"
  $sudo mkdir -p "$axe_directory"
  $sudo cp "$staging/axe_playwright_python/axe.min.js" "$axe_directory/axe.min.js"
fi

if [ ! -x "$openapi_tools/bin/schemathesis" ] || [ ! -x "$openapi_tools/bin/openapi-spec-validator" ]; then
  echo "Installing ${openapi_packages[*]} for the OpenAPI tests (from PyPI, into $openapi_tools)"
  # A virtual environment keeps them and their dependencies out of the system's Python.
  $sudo python3 -m venv "$openapi_tools"
  $sudo "$openapi_tools/bin/python" -m pip install --quiet --disable-pip-version-check "${openapi_packages[@]}"
fi
