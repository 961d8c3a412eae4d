"""stepper(): step through an already computed trace in the browser (cell diagram + charts + controls).

A Streamlit round trip costs ~0.4 s, so stepping and playback happen in stepper.js; the server hears
the step only when the user settles (300 ms after the last change, and when playback stops).

Data contract (what stepper.js receives):
    version      hash of diagram, values, figures, labels and presenter: the browser rebuilds only
                 when it changes (reruns with the same data are free)
    num_steps    T; steps are 0..T-1
    step         where the server wants the browser to be; the browser jumps only when this differs
                 from what the server sent last and is not an echo of a step the browser reported
    diagram      rnnviz.viz.diagram.cell_diagram(...) geometry
    values       {key: [value per step]} (rnnviz.viz.diagram.diagram_values); "x" holds a list per step
    figures      plotly figure dicts; layout shapes named "step-marker" follow the step (their x0 and
                 x1 keep their offsets around the centre, so a line or a band around t both work)
    labels       UI strings (see DEFAULT_LABELS), translated by the caller
    presenter    larger fonts and controls for projection
    scale        the diverging colour scale for value boxes; colors: the per-quantity colours
    highlight    diagram keys (data-key) to emphasise, e.g. ["f", "c"]; outside `version`, so changing it
                 redraws nothing
    plotly_url   where Streamlit's static serving has plotly.js (the cartesian bundle: scatter and heatmap
                 are all the stepper draws, and it is a third of the full bundle's 4.8 MB)
    shown        optional, versioned: {layer, direction, unit} the diagram follows (the image downloads' title
                 names them; with choices, the browser's own choice wins)
    choices      optional, versioned: every unit's numbers so that layer, direction, unit and chart units are
                 chosen in the browser (rnnviz.viz.choices); choice: {layer, direction, unit, units, seq}, the
                 server's current choice, applied by the browser only when seq changed (as for the step)
    keys         optional: "focus" makes the step keys the stepper's only while the focus is inside it (a click
                 on it gives it), for hosts whose page has keys of its own (the notebook widget); by default
                 they step the stepper last touched, else the first on the page, from wherever the focus is
    fit_screen   optional, default true: in presenter mode the diagram and the first chart fit the height the
                 screen leaves; false keeps their own sizes (a notebook, whose cells scroll)
"""
from __future__ import annotations

import streamlit as st
import streamlit.components.v2 as components_v2

from rnnviz import web
from rnnviz.ui import session_keys
from rnnviz.viz.stepper_data import static_data, stepper_content

# Registered once at import; not style-isolated so Plotly's global CSS reaches the charts.
_component = components_v2.component(
    "rnnviz_stepper",
    js=web.stepper_module(),
    css=web.read("stepper.css"),
    isolate_styles=False,
)


PLOTLY_BUNDLE = web.PLOTLY_BUNDLE  # served from static/


def _plotly_url() -> str:
    """Relative to the app's root as the browser reached it (stepper.js resolves it): an absolute path would
    miss behind a proxy that serves the app under a prefix it strips, and --server.baseUrlPath alike."""
    return f"app/static/{PLOTLY_BUNDLE}"


def _noop() -> None:
    """A state key needs an on_<key>_change callback to be accepted from the browser."""


def stepper(*, key: str, num_steps: int, step: int, diagram: dict, values: dict, figures: list,
            labels: dict, presenter: bool = False, height: int | None = None, cache_token=None,
            highlight=(), choices: dict | None = None, choice: dict | None = None, shown: dict | None = None) -> int:
    """Mount the stepper and return the step the browser is on (0..num_steps-1).

    cache_token: a value that changes whenever diagram/values/figures/labels do (the caller's cache key);
    with it, the serialised content and its version hash are reused across reruns instead of being rebuilt
    (at the caps that is ~2.5 MB of JSON and a hash every rerun)."""
    if not isinstance(num_steps, int) or num_steps < 1:
        raise ValueError(f"num_steps must be a whole number of at least 1, got {num_steps!r}")
    step = min(max(int(step), 0), num_steps - 1)
    token = None if cache_token is None else (cache_token, bool(presenter), num_steps)
    built = st.session_state.get(session_keys.STEPPER_CONTENT_PREFIX + key)
    if token is not None and built is not None and built[0] == token:
        content, version = built[1], built[2]
    else:
        content, version = stepper_content(num_steps=num_steps, diagram=diagram, values=values, figures=figures,
                                           labels=labels, presenter=presenter, choices=choices, shown=shown)
        # one per stepper key and session: bounded
        st.session_state[session_keys.STEPPER_CONTENT_PREFIX + key] = (token, content, version)
    # Who decides the step: the server bumps `seq` whenever the caller moves the step itself (the step
    # passed differs from the one this function last returned); a browser report counts only when it
    # was made after the browser applied that latest move.
    memo = st.session_state.setdefault(session_keys.STEPPER_STEP_PREFIX + key, {"seq": 0, "returned": step})
    if step != memo["returned"]:
        memo["seq"] += 1
    memo["highlight"] = [str(k) for k in highlight]  # what the browser was asked to emphasise (tests read it)
    data = {**content, "version": version, "step": step, "seq": memo["seq"], "highlight": memo["highlight"],
            **static_data(), "plotly_url": _plotly_url()}
    if choice is not None:
        data["choice"] = _choice_to_send(key, choice)
    result = _component(key=key, data=data, default={"position": None, "choice": None}, height=height or "content",
                        on_position_change=_noop, on_choice_change=_noop)
    if choice is not None:
        _take_choice_report(key, result.get("choice"))
    report = result.get("position")
    chosen = step
    if isinstance(report, dict) and report.get("seq") == memo["seq"] and isinstance(report.get("step"), int):
        chosen = min(max(report["step"], 0), num_steps - 1)
    memo["returned"] = chosen
    return chosen


# --- choices made in the browser (layer, direction, unit, chart units; see rnnviz.viz.choices) -----------
_CHOICE_FIELDS = ("layer", "direction", "unit", "units")


def _choice_to_send(key: str, choice: dict) -> dict:
    """The server's choice with its seq, bumped (as for the step) when the caller changed it itself."""
    choice = {name: (list(choice[name]) if name == "units" else int(choice[name])) for name in _CHOICE_FIELDS}
    memo = st.session_state.setdefault(session_keys.STEPPER_CHOICE_PREFIX + key, {"seq": 0, "returned": choice,
                                                                         "report": None})
    if choice != memo["returned"]:
        memo["seq"] += 1
        memo["returned"] = choice
    memo["report"] = None
    return {**choice, "seq": memo["seq"]}


def _take_choice_report(key: str, report) -> None:
    memo = st.session_state[session_keys.STEPPER_CHOICE_PREFIX + key]
    if not (isinstance(report, dict) and report.get("seq") == memo["seq"]):
        return  # no report, or one about a choice the server has since replaced
    try:
        chosen = {name: ([int(u) for u in report[name]] if name == "units" else int(report[name]))
                  for name in _CHOICE_FIELDS}
    except (KeyError, TypeError, ValueError):
        return
    if chosen != memo["returned"]:
        memo["returned"] = chosen
        memo["report"] = chosen


def reported_choice(key: str) -> dict | None:
    """The choice the browser reported in this run ({layer, direction, unit, units}), if it made a new one."""
    return (st.session_state.get(session_keys.STEPPER_CHOICE_PREFIX + key) or {}).get("report")
