"""Try it on the spot: what a lesson tells the learner to change, offered beside its diagram.

Each control changes the open model in place (the session's view), so the diagram, the charts and the
lesson's tables all follow at once. An "edited" badge shows when the open weights are not the course's,
with one button back to them.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st

from rnnviz.data.sequences import table_to_array
from rnnviz.data.source import SequenceSource
from rnnviz.lessons import lesson_by_id
from rnnviz.lessons.lesson import preset_network
from rnnviz.lessons.views import TRY_LAYER, TRY_SEQUENCE, TRY_WEIGHTS
from rnnviz.ui import session
from rnnviz.ui.messages import flash_error, reset_widgets


def open_preset_index(lesson) -> int:
    return min(session.view().preset, len(lesson.presets) - 1)


@st.cache_resource(max_entries=32, show_spinner=False)
def _course_weights(lesson_id: str, index: int) -> dict[str, np.ndarray]:
    """A preset's weights (read-only, so shared between sessions)."""
    net = preset_network(lesson_by_id(lesson_id).presets[index])
    return {k: v.detach().numpy().copy() for k, v in net.state_dict().items()}


def is_course_model(lesson) -> bool:
    """Whether the open model is the open preset's, weight for weight."""
    index = open_preset_index(lesson)
    net = session.network()
    if net.spec != lesson.presets[index].spec:
        return False
    course = _course_weights(lesson.id, index)
    return all(np.array_equal(v.detach().numpy(), course[k]) for k, v in net.state_dict().items())


def _open_weights() -> dict[str, np.ndarray]:
    return {k: v.detach().numpy().copy() for k, v in session.network().state_dict().items()}


def _widget_key(name: str, index: tuple) -> str:
    return "l_try_" + name.replace(".", "_") + "_" + "_".join(map(str, index))


def _set_weight(label_key: str, name: str, index: tuple) -> None:
    value = st.session_state.get(_widget_key(name, index))
    if value is None or not math.isfinite(value):
        flash_error(session.t("try_bad_value", name=session.t(label_key)))
        return
    weights = _open_weights()
    target = weights.get(name)
    # The control's lesson may no longer be open (a lesson switch in the same run fires its callback with the
    # value the browser still holds): then there is nothing of it to change.
    if target is None or len(index) != target.ndim or any(not 0 <= i < n for i, n in zip(index, target.shape)):
        return
    target[index] = value
    session.set_view(session.view().replace(weights=weights))


def weight_inputs(lesson, params: dict) -> None:
    """One number input per named weight: (label key, parameter, index), e.g. ("try_bias_f", "bias_ih_l0", (1,))."""
    if session.view().spec != lesson.presets[open_preset_index(lesson)].spec:
        return  # another model is open (built by hand): Build edits that one
    weights = _open_weights()
    entries = params["entries"]
    low, high, step = params.get("range", (-100.0, 100.0)) + (params.get("step", 1.0),)
    # In presenter mode the controls sit in the narrow text column (the picture keeps the screen): two a row.
    per_row = 2 if session.view().presenter else len(entries)
    columns = [column for start in range(0, len(entries), per_row)
               for column in st.columns(per_row)][:len(entries)]
    for column, (label_key, name, index) in zip(columns, entries):
        key = _widget_key(name, index)
        # Drawn from the open model every run, so a reset or an edit in Build shows here too.
        # (float32 digits: 1.01 stored is 1.0099999904632568, shown and compared as 1.01)
        st.session_state[key] = min(max(float(f"{weights[name][index]:.7g}"), low), high)
        column.number_input(session.t(label_key), min_value=low, max_value=high, step=step,
                            format=params.get("format", "%.2f"), key=key, on_change=_set_weight,
                            args=(label_key, name, index))


def _set_index(field: str, key: str) -> None:
    value = st.session_state.get(key)
    if value is not None:
        session.update(**{field: value})
        reset_widgets("v_")  # Step through's pickers redraw from the view


def layer_picker(lesson, params: dict) -> None:
    """Which layer (and direction) the diagram follows, for deep and bidirectional networks."""
    view = session.view()
    spec = view.spec
    t = session.t
    if spec.num_layers > 1:
        st.session_state["l_try_layer"] = view.layer
        st.radio(t("try_layer"), range(spec.num_layers), key="l_try_layer", horizontal=True,
                 on_change=_set_index, args=("layer", "l_try_layer"))
    if spec.bidirectional:
        st.session_state["l_try_direction"] = view.direction
        st.radio(t("try_direction"), range(2), key="l_try_direction", horizontal=True,
                 format_func=lambda d: t("dir_reverse" if d else "dir_forward"),
                 on_change=_set_index, args=("direction", "l_try_direction"))


def sequence_table(lesson, params: dict) -> None:
    """The input as a small table to edit in place (lesson 2: "predict y before you step")."""
    view = session.view()
    size = view.spec.input_size
    try:
        current = view.sequence.array(size)
    except ValueError:
        return  # the open model cannot read its own input: Step through says why
    shown = pd.DataFrame(current, columns=[f"x{j + 1}" for j in range(size)])
    # Keyed by the sequence: after an edit is applied (or refused) the table starts afresh from the view.
    generation = st.session_state.get("l_try_seq_generation", 0)
    edited = st.data_editor(shown, num_rows="dynamic", key=f"l_try_seq_{view.sequence.fingerprint()}_{generation}",
                            width="stretch", hide_index=True)
    if edited.equals(shown):
        return
    try:
        values = table_to_array(edited, size)
        session.network().trace(values[:1])  # the model's own checks (caps, finiteness)
    except ValueError as err:
        flash_error(session.t("bad_sequence", error=err))
        st.session_state["l_try_seq_generation"] = generation + 1
        st.rerun()
    session.update(sequence=SequenceSource("table", values=values), step=min(view.step, len(values) - 1))
    st.rerun()


# Each control a lesson can name (declared in rnnviz/lessons/views.py) -> the function that draws it.
CONTROLS = {TRY_WEIGHTS: weight_inputs, TRY_LAYER: layer_picker, TRY_SEQUENCE: sequence_table}


def lesson_controls(lesson) -> None:
    for control, params in lesson.controls:
        CONTROLS[control](lesson, params)


def edited_badge(lesson, reopen) -> None:
    """The badge and the way back, when the open weights are not the course's. reopen(lesson_id, index)."""
    if is_course_model(lesson):
        return
    badge, back = st.columns([1, 2], vertical_alignment="center")
    with badge:
        st.badge(session.t("edited"), icon=":material/edit:", color="orange", help=session.t("edited_help"))
    back.button(session.t("back_to_course"), key="l_back_to_course", icon=":material/undo:",
                on_click=reopen, args=(lesson.id, open_preset_index(lesson)))
