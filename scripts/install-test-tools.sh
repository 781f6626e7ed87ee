#!/usr/bin/env bash
# Installs what the browser and PDF gates need and nobody's Python environment has:
# Debian's Chromium (Playwright drives it; its own browser download does not work here),
# a Java runtime for the Nu HTML Checker, and axe-core and vnu.jar from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} with apt-get"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] \
   || [ ! -f node_modules/decap-server/dist/index.js ] || [ ! -f node_modules/decap-cms/dist/decap-cms.js ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
