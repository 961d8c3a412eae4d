#!/usr/bin/env bash
# Refresh static/plotly-cartesian.min.js (what the in-browser stepper loads) from npm, at the plotly.js
# version the installed plotly package bundles, so the stepper and st.plotly_chart draw with the same
# plotly.js. The cartesian bundle (scatter, heatmap, bar, ...) is 1.5 MB against the full bundle's 4.8 MB:
# Streamlit serves app static files without a cache-busting name, so every new browser fetches it once.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(.venv/bin/python -c "import plotly.offline as o; print(o.get_plotlyjs_version())")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "plotly.js-cartesian-dist-min@$version" >/dev/null && tar xzf ./*.tgz)
cp "$tmp/package/plotly-cartesian.min.js" static/plotly-cartesian.min.js
echo "static/plotly-cartesian.min.js: plotly.js $version"
