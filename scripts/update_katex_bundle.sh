#!/usr/bin/env bash
# Refresh static/katex/ (the math renderer the in-browser stepper draws the equations with) from npm: the
# minified script and stylesheet and the woff2 fonts the stylesheet names first (every current browser takes
# woff2, so the woff/ttf fallbacks are never requested). Served by the app itself: no CDN, nothing leaves the
# machine. Usage: scripts/update_katex_bundle.sh [version]
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-0.16.22}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "katex@$version" >/dev/null && tar xzf ./*.tgz)
rm -rf static/katex
mkdir -p static/katex/fonts
cp "$tmp/package/dist/katex.min.js" "$tmp/package/dist/katex.min.css" "$tmp/package/LICENSE" static/katex/
cp "$tmp"/package/dist/fonts/*.woff2 static/katex/fonts/
echo "static/katex: KaTeX $version ($(du -sh static/katex | cut -f1))"
