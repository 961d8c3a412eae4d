"""standalone_html(trace): the stepper as one self-contained .html file that works from disk with no network.

Everything is inline: plotly.js (the cartesian bundle), KaTeX with its fonts as data: URLs, stepper.js (with gifenc,
the GIF encoder of its image menu) and stepper.css (the app's own, rnnviz/web), and the trace's numbers. A
Content-Security-Policy in the page forbids every request, so a file that opens is a file that needs nothing else (a
lecture on a conference Wi-Fi, a course site, an LMS, a network where foreign CDNs are blocked). The image menu's
downloads are made in the page from blob: URLs, which the policy allows.

The page steps with the same buttons and keys as the app (← → PageUp PageDown Home End, Space plays), in the
language asked for, light or dark. The step is kept in the address's #step=N, so a reload stays where it was.

Sizes: plotly.js and KaTeX weigh about 2.2 MB. The numbers for choosing any unit in the browser are included
while they fit STANDALONE_CHOICE_BUDGET; a larger run shows the chosen unit (diagram and equations at every
step) with the line charts' detail window around the chosen step and the heatmaps' overview, as the live page
does. benchmarks/bench_standalone.py measures the default view and the caps."""
from __future__ import annotations

import html
import json
import re

from rnnviz import web
from rnnviz.checks import check_int
from rnnviz.model.trace import Trace
from rnnviz.strings import translate
from rnnviz.viz.choices import MAX_CHART_UNITS
from rnnviz.viz.stepper_data import StepperView, static_data, stepper_content, stepper_payload

LANGUAGES = ("en", "zh")
THEMES = ("auto", "light", "dark")
STANDALONE_CHOICE_BUDGET = 2_500_000  # bytes of every unit's numbers; past it the page shows the chosen unit
_HTML_LANG = {"en": "en", "zh": "zh-CN"}
# Streamlit's theme colours (the app's .streamlit/config.toml primaries), so the stepper looks as in the app.
_THEME_VARS = {
    "light": {"color-scheme": "light", "--st-text-color": "#31333f", "--st-background-color": "#ffffff",
              "--st-secondary-background-color": "#f0f2f6", "--st-primary-color": "#00639B",
              "--st-border-color": "rgba(49, 51, 63, 0.2)"},
    "dark": {"color-scheme": "dark", "--st-text-color": "#fafafa", "--st-background-color": "#0e1117",
             "--st-secondary-background-color": "#262730", "--st-primary-color": "#56B4E9",
             "--st-border-color": "rgba(250, 250, 250, 0.2)"},
}
_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; font-src data:; "
        "img-src data: blob:")


def standalone_html(trace: Trace, *, unit: int = 0, layer: int = 0, direction: int = 0, units=None,
                    step: int = 0, lang: str = "en", theme: str = "auto", presenter: bool = False,
                    title: str | None = None, params=None, tokens: dict | None = None) -> str:
    """The page for `trace` (batch element 0). unit: the unit the diagram and equations follow; units: the line
    charts' (at most 8; default the unit); step: where it opens; lang: "en" or "zh"; theme: "auto" (the reader's
    system), "light" or "dark"; presenter: projector sizes. params: the weights for the equations (trace.params,
    set by Network.trace, when None). tokens: step_labels / unit_names / x_label, as the app labels tokens."""
    _check_choice("theme", theme, THEMES)
    data = offline_data(trace, unit=unit, layer=layer, direction=direction, units=units, step=step, lang=lang,
                        presenter=presenter, params=params, tokens=tokens, caller="standalone_html")
    spec = trace.spec
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    title = title or t("standalone_title", model=spec.kind_label, hidden=spec.hidden_size, steps=trace.num_steps)
    return _page(data, title=title, lang=lang, theme=theme, t=t)


def offline_data(trace: Trace, *, unit: int = 0, layer: int = 0, direction: int = 0, units=None, step: int = 0,
                 lang: str = "en", presenter: bool = False, params=None, tokens: dict | None = None,
                 caller: str = "standalone_html") -> dict:
    """stepper.js's whole data for a host with no server behind it (this page, the notebook widget rnnviz.widget):
    the arguments checked as standalone_html says, every unit's numbers while they fit STANDALONE_CHOICE_BUDGET
    so the browser chooses units, and the chosen unit's equations. caller names the function in a TypeError."""
    if not isinstance(trace, Trace):
        raise TypeError(f"{caller} needs an rnnviz Trace (Network.trace(x)), got {type(trace).__name__}")
    spec = trace.spec
    _check_choice("lang", lang, LANGUAGES)
    layer = check_int("layer", layer, 0, spec.num_layers - 1)
    direction = check_int("direction", direction, 0, spec.num_directions - 1)
    unit = check_int("unit", unit, 0, spec.hidden_size - 1)
    step = check_int("step", step, 0, trace.num_steps - 1)
    units = (unit,) if units is None else tuple(check_int("units", u, 0, spec.hidden_size - 1) for u in units)
    if not 1 <= len(units) <= MAX_CHART_UNITS:
        raise ValueError(f"units: between 1 and {MAX_CHART_UNITS} units, got {len(units)}")
    view = StepperView(layer=layer, direction=direction, unit=unit, units=units, step=step, lang=lang,
                       presenter=bool(presenter), choices=True, choice_budget=STANDALONE_CHOICE_BUDGET,
                       fixed_equations=True, tokens=dict(tokens or {}))
    payload = stepper_payload(trace, view, params=params)
    payload["labels"]["keys_help"] = ""  # the app's presenter key line names Esc, which means nothing here
    content, version = stepper_content(num_steps=trace.num_steps, presenter=view.presenter, **payload)
    data = {**content, "version": version, "step": step, "seq": 0, "highlight": [], **static_data(),
            "plotly_url": ""}
    if "choices" in payload:
        data["choice"] = {"layer": layer, "direction": direction, "unit": unit, "units": list(units), "seq": 0}
    return data


def _check_choice(name: str, value, allowed) -> None:
    if value not in allowed:
        raise ValueError(f"{name}: one of {', '.join(allowed)}, got {value!r}")


def _script_text(text: str) -> str:
    """JavaScript that cannot end the <script> element it sits in: "<\\/script" means "</script" in JS strings and
    regular expressions alike, and "<\\!--" "<!--"."""
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _json_text(data) -> str:
    """JSON for a <script type="application/json"> element: every "<" as \\u003c, so no text in it (a token label
    "</script>", "<!--") can end the element."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")


def _theme_css() -> str:
    def block(name: str) -> str:
        return "; ".join(f"{k}: {v}" for k, v in _THEME_VARS[name].items())

    return (f":root {{ {block('light')} }}\n:root[data-theme=\"dark\"] {{ {block('dark')} }}\n"
            f"@media (prefers-color-scheme: dark) {{ :root:not([data-theme=\"light\"]) {{ {block('dark')} }} }}\n")


_PAGE_CSS = """
html, body { margin: 0; background: var(--st-background-color); color: var(--st-text-color);
  font-family: "Source Sans Pro", "Source Sans 3", "Noto Sans", "Noto Sans CJK SC", "PingFang SC",
  "Microsoft YaHei", system-ui, sans-serif; }
main { max-width: 1400px; margin: 0 auto; padding: 1rem 1.5rem 2rem; }
header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.5rem 1.5rem; }
h1 { font-size: 1.5rem; margin: 0.2rem 0 0.3rem; }
.rnnviz-page-note { opacity: 0.8; margin: 0 0 0.8rem; }
.rnnviz-theme { font: inherit; color: inherit; background: var(--st-secondary-background-color);
  border: 1px solid var(--st-border-color); border-radius: 0.4rem; padding: 0.2rem 0.4rem; }
footer { margin-top: 1.5rem; opacity: 0.7; font-size: 0.9rem; }
"""

# The host: mounts stepper.js as Streamlit would, keeps the step in #step=N, follows the theme switch.
_HOST_JS = """
const data = JSON.parse(document.getElementById("rnnviz-data").textContent);
const fromHash = /^#step=(\\d+)$/.exec(location.hash);
if (fromHash) data.step = Math.min(Number(fromHash[1]), data.num_steps - 1);
const parentElement = document.getElementById("rnnviz-stepper");
const component = { data, parentElement, setStateValue(name, value) {
  if (name === "position") history.replaceState(null, "", `#step=${value.step}`);
} };
mountStepper(component);
const picker = document.getElementById("rnnviz-theme");
const applyTheme = () => {
  if (picker.value === "auto") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = picker.value;
  mountStepper(component);  // the same data again: the stepper only re-reads the theme's colours
};
picker.addEventListener("change", applyTheme);
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => mountStepper(component));
applyTheme();
"""


def _page(data: dict, *, title: str, lang: str, theme: str, t) -> str:
    module = web.stepper_script() + _HOST_JS
    names = {"auto": t("theme_auto"), "light": t("theme_light"), "dark": t("theme_dark")}
    themes = "".join(f'<option value="{name}"{" selected" if name == theme else ""}>{html.escape(names[name])}</option>'
                     for name in THEMES)
    return f"""<!DOCTYPE html>
<html lang="{_HTML_LANG[lang]}"{f' data-theme="{theme}"' if theme != "auto" else ""}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rnnviz">
<title>{html.escape(title)}</title>
<style>{_theme_css()}{_PAGE_CSS}</style>
<style>{web.katex_css()}</style>
<style>{web.read("stepper.css")}</style>
<script>{_script_text(web.vendored(web.PLOTLY_BUNDLE).read_text(encoding="utf-8"))}</script>
<script>{_script_text(web.vendored("katex/katex.min.js").read_text(encoding="utf-8"))}</script>
<script type="application/json" id="rnnviz-data">{_json_text(data)}</script>
</head>
<body>
<main>
<header>
<h1>{html.escape(title)}</h1>
<label>{html.escape(t("theme"))} <select id="rnnviz-theme" class="rnnviz-theme">{themes}</select></label>
</header>
<p class="rnnviz-page-note">{html.escape(t("standalone_keys"))}</p>
<div id="rnnviz-stepper"></div>
<footer>{html.escape(t("standalone_footer"))}</footer>
</main>
<script type="module">{_script_text(module)}</script>
</body>
</html>
"""
