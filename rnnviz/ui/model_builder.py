"""The Build page's controls: every ModelSpec field, applied on change, rejected with a reason if invalid."""
from __future__ import annotations

import streamlit as st

from rnnviz.data.source import sequence_for
from rnnviz.model.resize import carry_over
from rnnviz.model.spec import (
    HEAD_ACTIVATIONS,
    LSTM_ACTIVATIONS,
    MAX_HIDDEN_SIZE,
    MAX_INPUT_SIZE,
    MAX_LAYERS,
    MAX_VOCAB_SIZE,
    NONLINEARITIES,
    HeadSpec,
    ModelSpec,
)
from rnnviz.ui import session
from rnnviz.ui.messages import flash_error
from rnnviz.ui.param_text import count_lines, shown_parameter_frame
from rnnviz.ui.session import activation_name
from rnnviz.ui.state import CELL_KINDS, cell_kind
from rnnviz.ui.string_families import family_key

P = "b_"  # widget key prefix
INPUT_KINDS = ("vectors", "ids")  # what layer 0 reads: vectors of input_size, or token ids through an embedding
DEFAULT_VOCAB_SIZE = 10


def _spec_from_widgets(old: ModelSpec) -> ModelSpec:
    ss = st.session_state
    kind = ss.get(P + "cell", cell_kind(old))
    lstm = kind in ("lstm", "peephole", "coupled")
    fields = dict(cell="lstm" if lstm else kind, input_size=int(ss.get(P + "in", old.input_size)),
                  hidden_size=int(ss.get(P + "hid", old.hidden_size)),
                  num_layers=int(ss.get(P + "layers", old.num_layers)), bias=bool(ss.get(P + "bias", old.bias)),
                  peephole=kind == "peephole", coupled=kind == "coupled")
    if ss.get(P + "input", "ids" if old.vocab_size else "vectors") == "ids":
        fields["vocab_size"] = int(ss.get(P + "vocab", old.vocab_size or DEFAULT_VOCAB_SIZE))
    if kind != "jordan":
        fields["bidirectional"] = bool(ss.get(P + "bi", old.bidirectional))
    else:
        fields["num_layers"] = 1
    if lstm:
        fields["proj_size"] = int(ss.get(P + "proj", old.proj_size))
        fields["cell_activation"] = ss.get(P + "gact", old.cell_activation)
        fields["output_activation"] = ss.get(P + "cact", old.output_activation)
    if kind in ("rnn", "jordan"):
        fields["nonlinearity"] = ss.get(P + "act", old.nonlinearity)
    head_act = ss.get(P + "head", old.head.activation if old.head else "none")
    if kind == "jordan" and head_act == "none":
        head_act = "identity"  # a Jordan network reads out y to feed it back
    if head_act != "none":
        out = int(ss.get(P + "headout", old.head.out_features if old.head else fields["input_size"]))
        every = True if kind == "jordan" else bool(ss.get(P + "every", old.head.every_step if old.head else True))
        fields["head"] = HeadSpec(out, head_act, every)
    return ModelSpec(**fields)


def apply_spec_change() -> None:
    """Callback: build the new spec; keep edited weights that still fit; on error keep everything."""
    view = session.view()
    try:
        spec = _spec_from_widgets(view.spec)
    except ValueError as err:
        flash_error(session.t("bad_spec", error=err))
        return
    if spec == view.spec:
        return
    weights = None
    if view.weights is not None:
        carried = carry_over(view.spec, view.weights, spec, view.seed)
        weights = {k: v.numpy() for k, v in carried.items()}
        st.session_state["b_kept"] = True
    sequence, _ = sequence_for(spec, view.sequence)  # token ids for an embedding, vectors without one
    session.set_view(session.view().replace(spec=spec, weights=weights, sequence=sequence))


def _redraw_from_seed() -> None:
    session.update(seed=int(st.session_state[P + "seed"]), weights=None)


def _seed_widgets(spec: ModelSpec, seed: int) -> None:
    defaults = {"cell": cell_kind(spec), "in": spec.input_size, "hid": spec.hidden_size, "layers": spec.num_layers,
                "bi": spec.bidirectional, "bias": spec.bias, "proj": spec.proj_size, "gact": spec.cell_activation,
                "cact": spec.output_activation, "act": spec.nonlinearity,
                "head": spec.head.activation if spec.head else "none",
                "headout": spec.head.out_features if spec.head else spec.input_size,
                "every": spec.head.every_step if spec.head else True, "seed": seed,
                "input": "ids" if spec.vocab_size else "vectors", "vocab": spec.vocab_size or DEFAULT_VOCAB_SIZE}
    for name, value in defaults.items():
        st.session_state.setdefault(P + name, value)


def model_controls() -> None:
    view = session.view()
    spec = view.spec
    _seed_widgets(spec, view.seed)
    t = session.t
    kind = cell_kind(spec)
    on = dict(on_change=apply_spec_change)
    st.selectbox(t("cell"), CELL_KINDS, key=P + "cell", format_func=lambda k: t(family_key("cell_{}", k)), **on)
    _input_controls(spec, on)
    c1, c2, c3 = st.columns(3)
    c1.number_input(t("embedding_dim") if spec.vocab_size else t("input_size"), 1, MAX_INPUT_SIZE, key=P + "in",
                    **on)
    c2.number_input(t("hidden_size"), 1, MAX_HIDDEN_SIZE, key=P + "hid", **on)
    if kind != "jordan":
        c3.number_input(t("num_layers"), 1, MAX_LAYERS, key=P + "layers", **on)
    c1, c2 = st.columns(2)
    if kind != "jordan":
        c1.checkbox(t("bidirectional"), key=P + "bi", **on)
    c2.checkbox(t("bias"), key=P + "bias", **on)
    if kind in ("lstm", "peephole", "coupled"):
        c1, c2, c3 = st.columns(3)
        c3.number_input(t("proj_size"), 0, MAX_HIDDEN_SIZE, key=P + "proj", **on)
        c1.selectbox(t("cell_activation"), LSTM_ACTIVATIONS, key=P + "gact", format_func=activation_name, **on)
        c2.selectbox(t("output_activation"), LSTM_ACTIVATIONS, key=P + "cact", format_func=activation_name, **on)
    if kind in ("rnn", "jordan"):
        st.selectbox(t("nonlinearity"), NONLINEARITIES, key=P + "act", format_func=activation_name, **on)
    c1, c2, c3 = st.columns(3)
    choices = HEAD_ACTIVATIONS if kind == "jordan" else ("none",) + HEAD_ACTIVATIONS
    if kind == "jordan" and st.session_state.get(P + "head") == "none":
        st.session_state[P + "head"] = "identity"
    c1.selectbox(t("head"), choices, key=P + "head",
                 format_func=lambda a: t("head_none") if a == "none" else activation_name(a), **on)
    if spec.head is not None:
        c2.number_input(t("head_out"), 1, MAX_INPUT_SIZE, key=P + "headout", **on)
        if kind != "jordan":
            c3.checkbox(t("head_every"), key=P + "every", **on)
    c1, c2 = st.columns([1, 2])
    c1.number_input(t("seed"), 0, 2**31 - 1, key=P + "seed")
    c2.button(t("reinit"), on_click=_redraw_from_seed)
    if st.session_state.pop("b_kept", False):
        st.info(t("kept_what_fits"))


def _input_controls(spec: ModelSpec, on: dict) -> None:
    """What layer 0 reads: vectors, or token ids through an embedding of vocab_size rows (input_size columns)."""
    t = session.t
    names = {"vectors": t("input_vectors"), "ids": t("input_ids")}
    c1, c2 = st.columns([2, 1])
    c1.radio(t("input_kind"), INPUT_KINDS, key=P + "input", horizontal=True, format_func=names.get, **on)
    if spec.vocab_size:
        c2.number_input(t("vocab_size"), 1, MAX_VOCAB_SIZE, key=P + "vocab", **on)


def parameter_summary() -> None:
    """The parameter table and the count with its formula, term by term."""
    net = session.network()
    t, lang = session.t, session.view().lang
    spec = net.spec
    st.subheader(t("params_title"))
    st.dataframe(shown_parameter_frame(spec, lang), hide_index=True, width="stretch")
    st.markdown(f"**{t('params_total', count=net.num_parameters())}**")
    with st.expander(t("formula_title"), expanded=True):
        blocks = "coupled" if spec.coupled else spec.cell
        st.caption(t(family_key("gate_blocks_{}", blocks)) + ("；" if lang == "zh" else "; ") + t("count_rule"))
        for line in count_lines(spec, lang):
            st.markdown(f"- {line}")

