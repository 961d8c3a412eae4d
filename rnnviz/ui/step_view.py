"""The Step-through view: the in-browser stepper (diagram + charts), equations and the values table.

The stepper's payload (figures as JSON, diagram values) is built once per model, sequence and
selection and kept in the session, so a rerun caused by a step change costs no recomputation.
"""
from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from rnnviz.model.trace import Trace
from rnnviz.ui import session
from rnnviz.ui.stepper import stepper
from rnnviz.viz.charts import figure_dict, line_chart_spec
from rnnviz.viz.diagram import cell_diagram, diagram_values
from rnnviz.viz.equations import equations
from rnnviz.viz.heatmaps import heatmaps_spec

_PAYLOAD = "rnnviz_stepper_payload"  # (key, payload)
TABLE_WINDOW = 40  # steps shown around the current one in the on-page values table
# Longer runs draw the line charts for a detail window of this many steps around the current step
# (the heatmaps give the overview); the window moves in half-window strides, so stepping inside it
# needs no new figure.
DETAIL_STEPS = 2000


def detail_span(step: int, num_steps: int, size: int = DETAIL_STEPS) -> tuple[int, int] | None:
    """(t0, t1) of the line charts' window, or None when the whole run fits."""
    if num_steps <= size:
        return None
    half = size // 2
    start = min(max(0, (step // half) * half - half // 2), num_steps - size)
    return start, start + size - 1
STEPPER_LABELS = ("first", "previous", "next", "last", "play", "pause", "speed", "steps_per_second", "step", "of",
                  "diagram", "forget_gate", "input_gate", "candidate", "output_gate", "cell_state", "update_gate",
                  "reset_gate", "next_step")


def selection_controls(trace: Trace) -> None:
    """Layer, direction, the diagram's unit and the charts' units."""
    view = session.view()
    spec = trace.spec
    t = session.t
    cols = st.columns(4)
    layer = cols[0].selectbox(t("layer"), range(spec.num_layers), index=view.layer, key="v_layer",
                              disabled=spec.num_layers == 1)
    direction = cols[1].selectbox(t("direction"), range(spec.num_directions), index=view.direction,
                                  format_func=lambda d: t("dir_reverse" if d else "dir_forward"),
                                  key="v_direction", disabled=not spec.bidirectional)
    unit = cols[2].selectbox(t("unit"), range(spec.hidden_size), index=min(view.unit, spec.hidden_size - 1),
                             key="v_unit")
    units = cols[3].multiselect(t("units"), range(spec.hidden_size), default=list(view.units), key="v_units",
                                max_selections=8)
    session.update(layer=layer, direction=direction, unit=unit, units=tuple(units) or (unit,))


def _payload(trace: Trace, trace_key, compact: bool = False) -> dict:
    """Everything the stepper draws; compact (the home page) is the diagram and one chart of c and h."""
    view = session.view()
    font_scale = 1.6 if view.presenter else 1.0
    span = detail_span(view.step, trace.num_steps)
    key = (trace_key, view.layer, view.direction, view.unit, view.units, view.lang, view.presenter, compact, span)
    cached = st.session_state.get(_PAYLOAD, {}).get(compact)
    if cached is not None and cached[0] == key:
        return cached[1]
    where = dict(layer=view.layer, direction=view.direction, batch=0)
    text = figure_words()
    if compact:
        states = tuple(q for q in ("c", "h") if q in trace.quantities)
        figures = [line_chart_spec(trace, units=view.units, quantities=states, step=view.step, font_scale=font_scale,
                              text=text, span=span, **where)]
    else:
        figures = [line_chart_spec(trace, units=view.units, step=view.step, font_scale=font_scale, text=text, span=span,
                                   **where),
                   heatmaps_spec(trace, step=view.step, font_scale=font_scale, text=text, **where)]
    payload = {
        "diagram": cell_diagram(trace.spec, direction=view.direction, of=session.t("of")),
        "values": diagram_values(trace, unit=view.unit, **where),
        "figures": [figure_dict(fig) for fig in figures],
        "labels": {name: session.t(name) for name in STEPPER_LABELS},
    }
    # One payload per kind (full, compact) per session: bounded, and rebuilt only when something changed.
    st.session_state.setdefault(_PAYLOAD, {})[compact] = (key, payload)
    return payload


def figure_words() -> dict:
    """The words figures print, in the session's language (keys as rnnviz.viz.charts.DEFAULT_TEXT)."""
    words = {q: session.t("q_" + q) for q in "ifgocrznhy"}
    words.update(unit=session.t("chart_unit"), step=session.t("chart_step"), step_axis=session.t("chart_step_axis"),
                 mean_of=session.t("chart_mean_of"))
    return words


def step_player(trace: Trace, trace_key, compact: bool = False) -> int:
    """Mount the stepper; the step it returns (the browser's, or ours until the browser has it) is the view's."""
    view = session.view()
    payload = _payload(trace, trace_key, compact)
    token = st.session_state[_PAYLOAD][compact][0]  # the payload's cache key: changes whenever it does
    step = stepper(key="home_stepper" if compact else "stepper", num_steps=trace.num_steps, step=view.step,
                   presenter=view.presenter, cache_token=token, **payload)
    return session.update(step=step).step


def equation_block(trace: Trace) -> None:
    view = session.view()
    st.subheader(session.t("equations", unit=view.unit, t=view.step))
    lines = equations(trace, session.network().state_dict(), t=view.step, unit=view.unit, layer=view.layer,
                      direction=view.direction, batch=0)
    for line in lines:
        st.latex(line)


def wide_values(trace: Trace, layer: int, direction: int, start: int, stop: int, units=None) -> pd.DataFrame:
    """Rows = steps, columns = quantity[unit] for one layer and direction (`units`: which; default all)."""
    columns = {}
    for q in trace.quantities:
        if q == "y":
            continue
        block = trace[q][layer, direction, 0, start:stop]
        for u in _present(units, block.shape[1]):
            columns[f"{q}[{u}]"] = block[:, u].numpy()
    frame = pd.DataFrame(columns, index=pd.RangeIndex(start, stop, name="t"))
    if "y" in trace and trace["y"].shape[1] == trace.num_steps:
        for u in _present(units, trace["y"].shape[2]):
            frame[f"y[{u}]"] = trace["y"][0, start:stop, u].numpy()
    return frame


def _present(units, size: int) -> list[int]:
    return list(range(size)) if units is None else [u for u in units if u < size]


def values_block(trace: Trace) -> None:
    view = session.view()
    t = session.t
    st.subheader(t("values"))
    direction = t("dir_reverse" if view.direction else "dir_forward")
    st.caption(t("values_help", layer=view.layer, direction=direction))
    start = max(0, view.step - TABLE_WINDOW // 2)
    stop = min(trace.num_steps, start + TABLE_WINDOW)
    # The selected units only: a table of 3,000 columns (512 units x 6 quantities) helps nobody and
    # takes seconds to style; the downloads below hold everything.
    frame = wide_values(trace, view.layer, view.direction, start, stop, units=sorted(set(view.units) | {view.unit}))
    styled = frame.style.format("{:.4f}").apply(
        lambda row: ["background-color: rgba(230,159,0,0.25)" if row.name == view.step else "" for _ in row], axis=1)
    st.dataframe(styled, width="stretch", height=min(420, 38 + 35 * len(frame)))
    c1, c2 = st.columns(2)
    c1.download_button(t("download_csv"), data=lambda: trace.frame().to_csv(index=False), file_name="rnnviz_trace.csv",
                       mime="text/csv", on_click="ignore")
    c2.download_button(t("download_parquet"), data=lambda: _parquet(trace), file_name="rnnviz_trace.parquet",
                       mime="application/octet-stream", on_click="ignore")


def _parquet(trace: Trace) -> bytes:
    buffer = io.BytesIO()
    trace.frame().to_parquet(buffer, index=False)
    return buffer.getvalue()
