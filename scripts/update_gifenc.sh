#!/usr/bin/env bash
# Refresh rnnviz/web/gifenc.js (the GIF encoder behind the stepper's animated-GIF download) from npm. gifenc's
# minified ES module is wrapped in a function that returns its exports as `gifenc`, so the text can sit in front
# of stepper.js in every host (the app's component module, the standalone page, the notebook widget) without its
# short minified names meeting the stepper's. MIT licence, kept at the top of the file.
# Usage: scripts/update_gifenc.sh [version]
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-1.0.3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "gifenc@$version" >/dev/null && tar xzf ./*.tgz)
.venv/bin/python - "$tmp/package" "$version" <<'PY'
import pathlib
import re
import sys

package, version = pathlib.Path(sys.argv[1]), sys.argv[2]
source = (package / "dist/gifenc.esm.js").read_text(encoding="utf-8")
source = re.sub(r"\n//# sourceMappingURL=.*\s*$", "\n", source)
exports = re.search(r"export\{([^}]*)\};?\s*$", source)
if not exports:
    sys.exit("gifenc.esm.js no longer ends with one `export{...}` statement: update this script")
pairs = [part.strip().split(" as ") for part in exports.group(1).split(",")]
returned = ",".join(f"{name}:{local}" for local, name in pairs if name != "default")
licence = (package / "LICENSE.md").read_text(encoding="utf-8").strip()
header = f"// gifenc {version} (https://github.com/mattdesl/gifenc), fetched by scripts/update_gifenc.sh.\n"
body = source[:exports.start()] + f"return{{{returned}}};"
text = header + "/*\n" + licence + "\n*/\nconst gifenc = (() => {" + body + "})();\n"
pathlib.Path("rnnviz/web/gifenc.js").write_text(text, encoding="utf-8")
print(f"rnnviz/web/gifenc.js: gifenc {version} ({len(text.encode()):,} bytes)")
PY
