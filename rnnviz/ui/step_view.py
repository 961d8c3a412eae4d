"""The Step-through view: the in-browser stepper (diagram + charts), equations and the values table.

The stepper's payload (figures as JSON, diagram values) is built once per model, sequence and
selection and kept in the session, so a rerun caused by a step change costs no recomputation.
"""
from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from rnnviz.data.sequences import one_hot_tokens, vocabulary
from rnnviz.model.trace import Trace
from rnnviz.standalone import standalone_html
from rnnviz.ui import session, session_keys, token_input
from rnnviz.ui.stepper import reported_choice, stepper
from rnnviz.viz.choices import choice_scope
from rnnviz.viz.equations import equations
from rnnviz.viz.stepper_data import StepperView, detail_span, stepper_payload

TABLE_WINDOW = 40  # steps shown around the current one in the on-page values table


def selection_controls(trace: Trace) -> None:
    """Layer, direction, the diagram's unit and the charts' units: as Streamlit widgets only for the choices the
    stepper cannot make in the browser (rnnviz.viz.choices: a run too big to send every unit's numbers)."""
    view = session.view()
    spec = trace.spec
    t = session.t
    scope = choice_scope(trace)
    if scope == "all" or (scope == "layer" and spec.num_layers == 1 and not spec.bidirectional):
        return
    st.caption(t("choices_server_layer" if scope == "layer" else "choices_server_all"))
    cols = st.columns(4)
    layer = cols[0].selectbox(t("layer"), range(spec.num_layers), index=view.layer, key="v_layer",
                              disabled=spec.num_layers == 1)
    direction = cols[1].selectbox(t("direction"), range(spec.num_directions), index=view.direction,
                                  format_func=lambda d: t("dir_reverse" if d else "dir_forward"),
                                  key="v_direction", disabled=not spec.bidirectional)
    if scope == "layer":  # the stepper chooses the units in the browser
        session.update(layer=layer, direction=direction)
        return
    unit = cols[2].selectbox(t("unit"), range(spec.hidden_size), index=min(view.unit, spec.hidden_size - 1),
                             key="v_unit")
    units = cols[3].multiselect(t("units"), range(spec.hidden_size), default=list(view.units), key="v_units",
                                max_selections=8)
    session.update(layer=layer, direction=direction, unit=unit, units=tuple(units) or (unit,))


def token_labels(view, trace: Trace) -> dict:
    """What x and y stand for when the model reads and writes tokens of a known vocabulary: the open lesson
    preset's (Preset.tokens: the poem's characters, also for the networks its lesson trains), or a typed text's
    own characters. Keys (all optional): step_labels (the token read at each step), unit_names ({"y": a token per
    output}), x_label (the x box's). A network with an embedding: each step's token id."""
    if trace.ids is not None:
        vocab = token_input.vocabulary(trace.spec)
        if vocab is None:
            return {"step_labels": [str(i) for i in trace.ids[0].tolist()],
                    "x_label": session.t("x_embedded", count=trace.spec.vocab_size)}
        tokens = [token_input.visible(token) for token in vocab.tokens]
        labels = {"step_labels": [tokens[i] for i in trace.ids[0].tolist()],
                  "x_label": session.t("x_embedded_token", count=len(vocab))}
        if trace.spec.head is not None and trace.spec.head.out_features == len(vocab):
            labels["unit_names"] = {"y": tokens}
        return labels
    vocab, outputs = None, None
    if view.lesson:  # (a lesson was opened, so the catalogue is loaded: the import costs nothing then)
        from rnnviz.lessons import LESSONS
        lesson = next((lesson for lesson in LESSONS if lesson.id == view.lesson), None)
        if lesson is not None:
            vocab = outputs = lesson.presets[min(view.preset, len(lesson.presets) - 1)].tokens or None
    if vocab is None and view.sequence.kind == "text":
        vocab = tuple(vocabulary(view.sequence.text))
    if vocab is None or trace.spec.input_size != len(vocab):
        return {}
    steps = one_hot_tokens(trace.x[0].numpy(), vocab)
    if steps is None:
        return {}
    labels = {"step_labels": steps, "x_label": session.t("x_one_hot_over", count=len(vocab))}
    if outputs is not None and trace.spec.head is not None and trace.spec.head.out_features == len(outputs):
        labels["unit_names"] = {"y": list(outputs)}
    return labels


def _payload(trace: Trace, trace_key, compact: bool = False, choices: bool = False, quantities: tuple = ()) -> dict:
    """Everything the stepper draws (rnnviz.viz.stepper_data.stepper_payload) for the session's view; compact
    (home, lessons) is the diagram and one chart of `quantities`. choices: the stepper chooses layer, direction
    and units in the browser."""
    view = session.view()
    span = detail_span(view.step, trace.num_steps)
    scope = choice_scope(trace) if choices and not compact else None
    chosen = {None: (view.layer, view.direction, view.unit, view.units), "layer": (view.layer, view.direction),
              "all": ()}[scope]
    key = (trace_key, *chosen, view.lang, view.presenter, compact, span, scope, tuple(quantities), view.lesson,
           view.trained)
    cached = st.session_state.get(session_keys.STEPPER_PAYLOAD, {}).get(compact)
    if cached is not None and cached[0] == key:
        return cached[1]
    shown = StepperView(layer=view.layer, direction=view.direction, unit=view.unit, units=tuple(view.units),
                        step=view.step, lang=view.lang, presenter=view.presenter, compact=compact,
                        quantities=tuple(quantities), choices=choices, tokens=token_labels(view, trace))
    payload = stepper_payload(trace, shown)  # the equations' weights: trace.params, the ones it ran with
    # One payload per kind (full, compact) per session: bounded, and rebuilt only when something changed.
    st.session_state.setdefault(session_keys.STEPPER_PAYLOAD, {})[compact] = (key, payload)
    return payload


def step_player(trace: Trace, trace_key, compact: bool = False, choices: bool = False, quantities: tuple = (),
                highlight: tuple = ()) -> int:
    """Mount the stepper; the step it returns (the browser's, or ours until the browser has it) is the view's.

    choices (Step through): the stepper also chooses layer, direction and units; a choice the browser reports
    becomes the view's (so the URL, the equations and the values table follow). quantities: what a compact
    stepper charts (a lesson's own); highlight: diagram keys to emphasise (a lesson's guided step)."""
    view = session.view()
    payload = _payload(trace, trace_key, compact, choices, quantities)
    # the payload's cache key: changes whenever it does
    token = st.session_state[session_keys.STEPPER_PAYLOAD][compact][0]
    key = "home_stepper" if compact else "stepper"
    current = dict(layer=view.layer, direction=view.direction, unit=view.unit, units=view.units)
    step = stepper(key=key, num_steps=trace.num_steps, step=view.step, presenter=view.presenter, cache_token=token,
                   choice=current if "choices" in payload else None, highlight=highlight, **payload)
    session.update(step=step)
    report = reported_choice(key) if "choices" in payload else None
    if report:
        _apply_choice(trace, report, scope=payload["choices"]["scope"])
    return session.view().step


def page_download(trace: Trace, *, name: str = "step", title: str | None = None) -> None:
    """"Download this view as a page": the standalone .html (rnnviz.standalone) of the view as it stands (unit,
    step, language, theme, presenter sizes). Built only when clicked, on Streamlit's download thread."""
    view = session.view()
    options = dict(unit=view.unit, layer=view.layer, direction=view.direction, units=view.units,
                   step=min(view.step, trace.num_steps - 1), lang=view.lang, theme=view.theme,
                   presenter=view.presenter, title=title, tokens=token_labels(view, trace))
    st.download_button(session.t("download_page"), data=lambda: standalone_html(trace, **options),
                       file_name=f"rnnviz-{name}-step-{options['step']}.html", mime="text/html",
                       on_click="ignore", icon=":material/download:", help=session.t("download_page_help"))


def _apply_choice(trace: Trace, report: dict, scope: str) -> None:
    """The browser's choice, within the model's bounds (a report is input like any other)."""
    spec = trace.spec
    H = spec.hidden_size
    units = tuple(dict.fromkeys(u for u in report["units"] if 0 <= u < H))[:8]
    unit = report["unit"] if 0 <= report["unit"] < H else session.view().unit
    changes = dict(unit=unit, units=units or (unit,))
    if scope == "all":
        changes.update(layer=min(max(report["layer"], 0), spec.num_layers - 1),
                       direction=min(max(report["direction"], 0), spec.num_directions - 1))
    session.update(**changes)


def equation_block(trace: Trace) -> None:
    """The chosen unit's arithmetic at the current step; nothing when the stepper renders it in the browser."""
    full = st.session_state.get(session_keys.STEPPER_PAYLOAD, {}).get(False)
    if full is not None and (full[1].get("choices") or {}).get("equations"):
        return
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
