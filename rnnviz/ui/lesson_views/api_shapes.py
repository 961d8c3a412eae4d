"""nn.RNN / nn.LSTM / nn.GRU arguments in, every shape out: measured on a real module, with runnable code.

params (all optional; the defaults are the course's example nn.LSTM(10, 20, 2) on input (5, 3, 10)):
kind, input_size, hidden_size, num_layers, batch_first, bidirectional, proj_size, batch (None: unbatched),
seq_len.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from rnnviz.model.shapes import (
    KINDS,
    MAX_SHAPES_BATCH,
    MAX_SHAPES_LAYERS,
    MAX_SHAPES_SIZE,
    MAX_SHAPES_STEPS,
    shapes_code,
    torch_shapes,
)
from rnnviz.ui import session

DEFAULTS = {"kind": "lstm", "input_size": 10, "hidden_size": 20, "num_layers": 2, "batch_first": False,
            "bidirectional": False, "proj_size": 0, "batch": 3, "seq_len": 5}
_P = "lv_api_"  # widget keys


@st.cache_data(max_entries=64, show_spinner=False)
def _shapes(args: tuple) -> dict:
    return torch_shapes(**dict(args))


def _widgets(params: dict) -> dict:
    t = session.t
    p = {**DEFAULTS, **params}
    c1, c2, c3, c4, c5 = st.columns(5)
    kind = c1.selectbox(t("api_kind"), list(KINDS), index=list(KINDS).index(p["kind"]), key=_P + "kind",
                        format_func=lambda k: f"nn.{KINDS[k]}")
    input_size = c2.number_input("input_size", 1, MAX_SHAPES_SIZE, p["input_size"], key=_P + "input_size")
    hidden_size = c3.number_input("hidden_size", 1, MAX_SHAPES_SIZE, p["hidden_size"], key=_P + "hidden_size")
    num_layers = c4.number_input("num_layers", 1, MAX_SHAPES_LAYERS, p["num_layers"], key=_P + "num_layers")
    proj_size = c5.number_input("proj_size", 0, MAX_SHAPES_SIZE - 1, p["proj_size"], key=_P + "proj_size",
                                disabled=kind != "lstm", help=t("api_proj_help"))
    c1, c2, c3, c4, c5 = st.columns(5, vertical_alignment="bottom")
    seq_len = c1.number_input(t("api_seq_len"), 1, MAX_SHAPES_STEPS, p["seq_len"], key=_P + "seq_len")
    batched = c2.checkbox(t("api_batched"), p["batch"] is not None, key=_P + "batched", help=t("api_batched_help"))
    batch = c3.number_input(t("api_batch"), 1, MAX_SHAPES_BATCH, p["batch"] or 3, key=_P + "batch",
                            disabled=not batched)
    batch_first = c4.checkbox("batch_first", p["batch_first"], key=_P + "batch_first")
    bidirectional = c5.checkbox("bidirectional", p["bidirectional"], key=_P + "bidirectional")
    return {"kind": kind, "input_size": int(input_size), "hidden_size": int(hidden_size),
            "num_layers": int(num_layers), "batch_first": bool(batch_first), "bidirectional": bool(bidirectional),
            "proj_size": int(proj_size) if kind == "lstm" else 0, "batch": int(batch) if batched else None,
            "seq_len": int(seq_len)}


def shapes_frame(shapes: dict, lang: str) -> pd.DataFrame:
    names = [n for n in ("input", "h_0", "c_0", "output", "h_n", "c_n") if n in shapes]
    return pd.DataFrame([{session.t("api_tensor"): n, session.t("api_layout"): shapes["symbols"][n],
                          session.t("api_shape"): str(shapes[n])} for n in names])


def pairs_frame(shapes: dict) -> pd.DataFrame:
    t = session.t
    rows = []
    for pair in shapes["pairs"]:
        rows.append({t("api_direction"): t("dir_forward" if pair["direction"] == "forward" else "dir_reverse"),
                     "output": pair["output_expr"], "h_n": pair["h_n_expr"],
                     t("api_output_values"): ", ".join(f"{v:.4f}" for v in pair["output_values"]) + " …",
                     t("api_h_n_values"): ", ".join(f"{v:.4f}" for v in pair["h_n_values"]) + " …",
                     t("api_max_diff"): f"{pair['max_abs_difference']:.2g}",
                     t("api_equal"): "✓" if pair["equal"] else "✗"})
    return pd.DataFrame(rows)


def render(lesson, params: dict) -> None:
    t = session.t
    lang = session.view().lang
    st.subheader(t("api_title"))
    st.caption(t("api_lead"))
    args = _widgets(params)
    try:
        shapes = _shapes(tuple(sorted(args.items())))
    except ValueError as err:
        st.warning(t("bad_spec", error=err))
        return
    sizes = shapes["sizes"]
    st.markdown(t("api_call", call=shapes["constructor"], L=sizes["L"],
                  N=sizes["N"] if sizes["N"] is not None else "—", H_in=sizes["H_in"], H_out=sizes["H_out"],
                  H_cell=sizes["H_cell"], D=sizes["D"]))
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown(f"**{t('api_shapes')}**")
        st.dataframe(shapes_frame(shapes, lang), hide_index=True, width="stretch")
    with right:
        st.markdown(f"**{t('api_weights', count=shapes['num_parameters'])}**")
        st.dataframe(pd.DataFrame([{t("api_tensor"): name, t("api_shape"): str(shape)}
                                   for name, shape in shapes["weights"].items()]),
                     hide_index=True, width="stretch")
    st.markdown(f"**{t('api_last_step')}**")
    st.dataframe(pairs_frame(shapes), hide_index=True, width="stretch",
                 column_config={"output": st.column_config.TextColumn(width="medium"),
                                "h_n": st.column_config.TextColumn(width="small")})
    if args["bidirectional"]:
        st.caption(t("api_bidir_note", H=sizes["H_out"]))
    else:
        st.caption(t("api_uni_note"))
    st.markdown(f"**{t('api_code')}**")
    st.code(shapes["code"] if lang == "en" else shapes_code(**args, lang=lang), language="python")
