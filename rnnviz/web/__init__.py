"""The browser side, shared by every host of the stepper: the app (rnnviz.ui.stepper), the standalone page
(rnnviz.standalone) and the notebook widget (rnnviz.widget).

stepper.js and stepper.css live here, with gifenc.js (the GIF encoder of the image downloads, vendored by
scripts/update_gifenc.sh), which every host gets in front of stepper.js through stepper_module() or
stepper_script(). The vendored plotly.js (cartesian bundle) and KaTeX live in the repository's
static/ folder, where Streamlit serves them to the app; an installed package carries the same files as
rnnviz/_static (pyproject.toml maps the folder there): vendored() finds them through rnnviz.shipped."""
from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

from rnnviz import shipped

HERE = Path(__file__).parent
PLOTLY_BUNDLE = "plotly-cartesian.min.js"  # scatter and heatmap, all the stepper draws: scripts/update_plotly_bundle.sh


def read(name: str) -> str:
    """stepper.js or stepper.css."""
    return (HERE / name).read_text(encoding="utf-8")


def vendored(relative: str) -> Path:
    """A vendored file (e.g. PLOTLY_BUNDLE, "katex/katex.min.js") wherever this copy of rnnviz keeps them."""
    return shipped.static(relative)


_EXPORT = "\nexport default mountStepper;\n"


def stepper_module() -> str:
    """The stepper as an ES module whose default export is mountStepper (the app's component): gifenc.js, then
    stepper.js."""
    return read("gifenc.js") + "\n" + read("stepper.js")


def stepper_script() -> str:
    """stepper_module() without its `export default` line, for a host that inlines it beside its own code (the
    standalone page, the notebook widget): the text defines mountStepper({data, parentElement, setStateValue})."""
    source = stepper_module()
    if _EXPORT not in source:
        raise RuntimeError("stepper.js no longer ends with `export default mountStepper;`, which its hosts strip")
    return source.replace(_EXPORT, "\n")


@cache
def katex_css() -> str:
    """KaTeX's stylesheet with every font as a woff2 data: URL (every browser that runs the stepper reads woff2), for
    the hosts that must fetch nothing."""
    css = vendored("katex/katex.min.css").read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        fonts = re.findall(r"url\(fonts/([^)]+\.woff2)\)", match.group(0))
        if not fonts:
            return match.group(0)
        data = base64.b64encode(vendored(f"katex/fonts/{fonts[0]}").read_bytes()).decode("ascii")
        return f"src:url(data:font/woff2;base64,{data}) format(\"woff2\")"

    return re.sub(r"src:[^;}]*", inline, css)
