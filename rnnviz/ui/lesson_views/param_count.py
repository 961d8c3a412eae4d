"""Counting parameters: the preset tensor by tensor, the course's wrong formula taken apart, a calculator.

params: preset (index of the lesson preset whose LSTM layer is counted; default 0).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from rnnviz.model.counting import TORCH_KINDS, CountingSpec, count_check, course_formula_gap, torch_count_spec
from rnnviz.model.params import parameter_infos
from rnnviz.model.spec import MAX_HIDDEN_SIZE, MAX_INPUT_SIZE, MAX_LAYERS, ModelSpec
from rnnviz.ui import session
from rnnviz.ui.param_text import count_lines, meaning

_P = "lv_pc_"  # widget keys


def preset_frame(spec: ModelSpec, lang: str) -> pd.DataFrame:
    """One row per tensor, its shape written as blocks·n × columns so 4n(m + n + 2) can be read off."""
    G, n = len(spec.gate_blocks), spec.hidden_size
    rows = []
    for info in parameter_infos(spec):
        dims = list(map(str, info.shape))
        if info.layer is not None and info.shape[0] == G * n:
            dims[0] = f"{G}·{n}"
        count = 1
        for d in info.shape:
            count *= d
        rows.append({session.t("pc_tensor"): info.name, session.t("pc_shape"): " × ".join(dims),
                     session.t("pc_count"): count, session.t("pc_meaning"): meaning(spec, info, lang)})
    return pd.DataFrame(rows)


@st.cache_data(max_entries=64, show_spinner=False)
def _check(kind: str, m: int, n: int, layers: int, bias: bool, bidirectional: bool) -> dict:
    result = count_check(kind, m, n, layers, bias, bidirectional)
    return {"formula": result["formula"], "torch": result["torch"], "equal": result["equal"]}


def _preset_part(spec: ModelSpec, lang: str) -> None:
    t = session.t
    m, n = spec.input_size, spec.hidden_size
    st.subheader(t("pc_title", m=m, n=n))
    st.dataframe(preset_frame(spec, lang), hide_index=True, width="stretch")
    gap = course_formula_gap(m, n)
    lstm = gap["correct"]
    lines = [t("pc_layer_line", m=m, n=n, wih=gap["weight_ih"], whh=gap["weight_hh"], b=4 * n, total=lstm)]
    total = lstm
    if spec.head is not None:
        out, fan_in = spec.head.out_features, spec.num_directions * spec.output_size
        head = out * fan_in + (out if spec.head.bias else 0)
        total += head
        lines.append(t("pc_head_line", out=out, fan_in=fan_in, w=out * fan_in, b=out if spec.head.bias else 0,
                       total=head))
    lines.append(t("pc_total_line", lstm=lstm, head=total - lstm, total=total, torch=torch_count_spec(spec)))
    st.markdown("\n".join(f"- {line}" for line in lines))


def _course_part(spec: ModelSpec) -> None:
    t = session.t
    g = course_formula_gap(spec.input_size, spec.hidden_size)
    st.subheader(t("pc_course_title"))
    st.markdown(t("pc_course_numbers", **g))
    st.markdown(t("pc_algebra", **g))
    st.markdown(t("pc_why", **g))


def _calculator(spec: ModelSpec, lang: str) -> None:
    t = session.t
    st.subheader(t("pc_calc_title"))
    c1, c2, c3, c4, c5, c6 = st.columns(6, vertical_alignment="bottom")
    kinds = list(TORCH_KINDS)
    kind = c1.selectbox(t("pc_kind"), kinds, index=kinds.index(spec.cell) if spec.cell in kinds else 0,
                        key=_P + "kind", format_func=lambda k: f"nn.{TORCH_KINDS[k]}")
    m = int(c2.number_input(t("pc_m"), 1, MAX_INPUT_SIZE, spec.input_size, key=_P + "m"))
    n = int(c3.number_input(t("pc_n"), 1, MAX_HIDDEN_SIZE, spec.hidden_size, key=_P + "n"))
    layers = int(c4.number_input("num_layers", 1, MAX_LAYERS, 1, key=_P + "layers"))
    bias = c5.checkbox("bias", True, key=_P + "bias")
    bidirectional = c6.checkbox("bidirectional", False, key=_P + "bidirectional")
    calc_spec = CountingSpec(kind, m, n, num_layers=layers, bias=bias, bidirectional=bidirectional)
    result = _check(kind, m, n, layers, bias, bidirectional)
    st.caption(t("count_rule"))
    st.markdown("\n".join(f"- {line}" for line in count_lines(calc_spec, lang)))
    a, b, c = st.columns(3)
    a.metric(t("pc_by_formula"), f"{result['formula']:,}")
    b.metric(t("pc_by_torch"), f"{result['torch']:,}")
    c.metric(t("pc_agree"), "✓" if result["equal"] else "✗")
    if kind == "lstm" and layers == 1 and bias and not bidirectional:
        course = 4 * (n + 1) * (m + n)
        st.caption(t("pc_calc_course", course=course, diff=result["torch"] - course))


def render(lesson, params: dict) -> None:
    lang = session.view().lang
    spec = lesson.presets[params.get("preset", 0)].spec
    _preset_part(spec, lang)
    _course_part(spec)
    _calculator(spec, lang)
