"""The course's names for torch's tensors, read off the model on screen: an LSTM's four gate blocks (and why
it has 4x a plain unit's parameters), and an Elman RNN's U, W, V.

params: preset (the lesson preset to fall back on when the model on screen is not of the lesson's kind).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from rnnviz.model.spec import HeadSpec, ModelSpec
from rnnviz.model.textbook import gate_rows, times_a_plain_rnn, uwv
from rnnviz.ui import session
from rnnviz.ui.state import cell_kind
from rnnviz.ui.string_families import family_key

# The LSTM's step in PyTorch's notation (nn.LSTM's documentation; the course writes it the same way).
LSTM_EQUATIONS = r"""
\begin{aligned}
i_t &= \sigma(W_{ii} x_t + b_{ii} + W_{hi} h_{t-1} + b_{hi})
  & f_t &= \sigma(W_{if} x_t + b_{if} + W_{hf} h_{t-1} + b_{hf}) \\
g_t &= \tanh(W_{ig} x_t + b_{ig} + W_{hg} h_{t-1} + b_{hg})
  & o_t &= \sigma(W_{io} x_t + b_{io} + W_{ho} h_{t-1} + b_{ho}) \\
c_t &= f_t \odot c_{t-1} + i_t \odot g_t & h_t &= o_t \odot \tanh(c_t)
\end{aligned}
"""
# The course's example of U, W, V (course-notes §3): input 2, hidden 5, output 3.
COURSE_UWV = ModelSpec("rnn", 2, 5, head=HeadSpec(3))


def _on_screen(lesson, params: dict, cells: tuple[str, ...]) -> ModelSpec:
    """The model the explorer above shows, if it is of the kind this view explains; else the lesson's preset."""
    spec = session.view().spec
    return spec if spec.cell in cells else lesson.presets[params.get("preset", 0)].spec


def _kind(spec: ModelSpec) -> str:
    return session.t(family_key("cell_{}", cell_kind(spec)))


def _rows(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _shape(shape) -> str:
    return " × ".join(map(str, shape))


def render_gate_blocks(lesson, params: dict) -> None:
    t = session.t
    spec = _on_screen(lesson, params, ("lstm", "gru"))
    st.subheader(t("wn_equations_title"))
    st.latex(LSTM_EQUATIONS)
    st.subheader(t("wn_gates_title"))
    st.caption(t("wn_gates_lead", order=", ".join(spec.gate_blocks), H=spec.hidden_size))
    rows = [{t("wn_col_block"): t(family_key("q_{}", row["block"])),
             t("wn_col_rows"): _rows(*row["rows"]),
             "weight_ih_l0": _shape(row["weight_ih"]), "weight_hh_l0": _shape(row["weight_hh"]),
             t("wn_col_count"): row["count"]} for row in gate_rows(spec)]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    times = times_a_plain_rnn(spec)
    st.markdown(t("wn_times", kind=_kind(spec), m=spec.input_size, n=spec.hidden_size, count=times["count"],
                  plain=times["plain"], ratio=times["ratio"], blocks=times["blocks"]))


def _uwv_frame(spec: ModelSpec) -> pd.DataFrame:
    t = session.t
    return pd.DataFrame([{t("wn_col_symbol"): row["symbol"], t("wn_col_torch"): row["torch"],
                          t("wn_col_shape"): _shape(row["shape"]), t("wn_col_reads"): row["reads"]}
                         for row in uwv(spec)])


def render_uwv(lesson, params: dict) -> None:
    t = session.t
    spec = _on_screen(lesson, params, ("rnn", "jordan"))
    st.subheader(t("wn_uwv_title"))
    st.markdown(t("wn_uwv_lead"))
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(t("wn_uwv_screen", kind=_kind(spec), m=spec.input_size, n=spec.hidden_size))
        st.dataframe(_uwv_frame(spec), hide_index=True, width="stretch")
        if spec.head is None:
            st.caption(t("wn_no_head"))
    with right:
        st.markdown(t("wn_uwv_course"))
        st.dataframe(_uwv_frame(COURSE_UWV), hide_index=True, width="stretch")
