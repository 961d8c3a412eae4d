"""Where the input sequence comes from. A bad sequence is refused with a reason; the old one stays."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from rnnviz.data.sequences import GENERATOR_PARAMS, GENERATORS, parse_csv, parse_step, table_to_array, vocabulary
from rnnviz.model.spec import MAX_INPUT_SIZE, MAX_STEPS
from rnnviz.ui import session, session_keys
from rnnviz.ui.messages import flash_error
from rnnviz.ui.state import SequenceSource
from rnnviz.ui.string_families import family_key
from rnnviz.ui.uploader import file_uploader

P = "s_"
SOURCES = ("generator", "table", "text", "csv")


def use_source(source: SequenceSource, step: int = 0) -> bool:
    """Switch to `source` if the model can read it; otherwise say why and keep the current sequence."""
    view = session.view()
    try:
        x = source.array(view.spec.input_size)
        session.network(view).trace(x[:1])  # the model's own checks (caps, finiteness) on one step
    except ValueError as err:
        flash_error(session.t("bad_sequence", error=err))
        return False
    st.session_state.pop(session_keys.SEQUENCE_BEFORE_FEEDING, None)
    session.update(sequence=source, step=min(step, len(x) - 1))
    return True


def _apply_generator() -> None:
    ss = st.session_state
    kind = ss[P + "gen"]
    params = tuple((name, ss.get(f"{P}g_{kind}_{name}", default)) for name, default in GENERATOR_PARAMS[kind].items())
    params = tuple((n, int(v) if isinstance(GENERATOR_PARAMS[kind][n], int) else float(v)) for n, v in params)
    use_source(SequenceSource("generator", kind, int(ss[P + "len"]), params))


def _apply_text() -> None:
    use_source(SequenceSource("text", text=st.session_state[P + "text"]))


def _fix_input_size(n: int) -> None:
    """Resize the model's input to the text's vocabulary (keeping the weights that still fit)."""
    from rnnviz.ui.model_builder import apply_spec_change
    st.session_state["b_in"] = n
    apply_spec_change()
    _apply_text()


def _feed() -> None:
    view = session.view()
    try:
        x_t = parse_step(st.session_state[P + "feed"], view.spec.input_size)
        current = view.sequence.array(view.spec.input_size)
    except ValueError as err:
        flash_error(session.t("bad_sequence", error=err))
        return
    if len(current) >= MAX_STEPS:
        flash_error(session.t("bad_sequence", error=session.t("seq_too_long", max=MAX_STEPS)))
        return
    before = st.session_state.get(session_keys.SEQUENCE_BEFORE_FEEDING, view.sequence)
    grown = np.vstack([current, x_t[None]])
    if use_source(SequenceSource("table", values=grown), step=len(grown) - 1):
        st.session_state[session_keys.SEQUENCE_BEFORE_FEEDING] = before


def _reset() -> None:
    """Back to step 0 from a zero state, dropping the steps fed by hand."""
    before = st.session_state.pop(session_keys.SEQUENCE_BEFORE_FEEDING, None)
    if before is not None:
        session.update(sequence=before)
    session.update(step=0)


def sequence_controls() -> None:
    view = session.view()
    t = session.t
    seq = view.sequence
    ss = st.session_state
    ss.setdefault(P + "source", seq.kind if seq.kind in SOURCES else "table")
    source = st.radio(t("source"), SOURCES, key=P + "source", horizontal=True,
                      format_func=lambda s: t(family_key("src_{}", s)))
    if source == "generator":
        _generator_controls(seq)
    elif source == "table":
        _table_controls(view)
    elif source == "text":
        _text_controls(view)
    else:
        _csv_controls(view)


def _generator_controls(seq: SequenceSource) -> None:
    t, ss = session.t, st.session_state
    ss.setdefault(P + "gen", seq.generator)
    ss.setdefault(P + "len", seq.length)
    for name, value in seq.params:
        ss.setdefault(f"{P}g_{seq.generator}_{name}", value)
    c1, c2 = st.columns(2)
    kind = c1.selectbox(t("generator"), GENERATORS, key=P + "gen", format_func=lambda g: t(family_key("gen_{}", g)),
                        on_change=_apply_generator)
    c2.number_input(t("length"), 1, MAX_STEPS, key=P + "len", on_change=_apply_generator)
    cols = st.columns(max(1, len(GENERATOR_PARAMS[kind])))
    for col, (name, default) in zip(cols, GENERATOR_PARAMS[kind].items()):
        key = f"{P}g_{kind}_{name}"
        ss.setdefault(key, default)
        col.number_input(t(family_key("gp_{}", name)), key=key, on_change=_apply_generator,
                         step=1 if isinstance(default, int) else 0.1)


def _table_controls(view) -> None:
    t = session.t
    I = view.spec.input_size
    try:
        current = view.sequence.array(I)
    except ValueError:
        current = np.zeros((1, I), dtype=np.float32)
    st.caption(t("table_help"))
    frame = pd.DataFrame(current, columns=[f"x{j}" for j in range(I)])
    edited = st.data_editor(frame, num_rows="dynamic", key=f"{P}table_{view.sequence.fingerprint()}_{I}",
                            width="stretch", height=min(400, 40 + 35 * len(frame)))
    if st.button(t("apply"), key=P + "table_apply"):
        try:
            values = table_to_array(edited, I)
        except ValueError as err:
            flash_error(session.t("bad_sequence", error=err))
            st.rerun()
        if use_source(SequenceSource("table", values=values)):
            st.rerun()
        st.rerun()


def _text_controls(view) -> None:
    t, ss = session.t, st.session_state
    ss.setdefault(P + "text", view.sequence.text or "hello world")
    text = st.text_input(t("text_input"), key=P + "text", on_change=_apply_text, max_chars=MAX_STEPS)
    if not text:
        return
    vocab = vocabulary(text[:MAX_STEPS])  # the alphabet only: a one-hot of 20,000 x 4,096 would be 330 MB
    if len(vocab) > MAX_INPUT_SIZE:
        st.error(t("bad_sequence", error=f"the text has {len(vocab)} distinct characters; at most {MAX_INPUT_SIZE} "
                                          "are allowed"))
        return
    shown = "".join("␣" if ch == " " else ch for ch in vocab)
    st.caption(t("vocab", n=len(vocab), chars=shown))
    if len(vocab) != view.spec.input_size:
        st.button(t("vocab_fix", n=len(vocab)), on_click=_fix_input_size, args=(len(vocab),))
    elif view.sequence.kind != "text" or view.sequence.text != text:
        st.button(t("apply"), key=P + "text_apply", on_click=_apply_text)


def _csv_controls(view) -> None:
    t = session.t
    I = view.spec.input_size
    pasted = st.text_area(t("csv_paste"), key=P + "csv", height=120,
                          placeholder=",".join(f"x{j}" for j in range(I)) + "\n" + ",".join(["0.5"] * I))
    upload = file_uploader(t("csv_upload"), type=["csv", "txt"], key=P + "csv_file")
    if st.button(t("apply"), key=P + "csv_apply"):
        try:
            text = upload.getvalue().decode("utf-8-sig") if upload is not None else pasted
            values = parse_csv(text, I)
        except UnicodeDecodeError:
            flash_error(t("bad_sequence", error=t("seq_not_utf8")))
            st.rerun()
        except ValueError as err:
            flash_error(t("bad_sequence", error=err))
            st.rerun()
        use_source(SequenceSource("table", values=values))
        st.rerun()


def feed_controls() -> None:
    t = session.t
    I = session.view().spec.input_size
    c1, c2, c3 = st.columns([3, 1, 1], vertical_alignment="bottom")
    c1.text_input(t("feed_step"), key=P + "feed", placeholder=", ".join(["0"] * I), help=t("feed_help", n=I))
    c2.button(t("feed"), on_click=_feed, key=P + "feed_btn")
    c3.button(t("reset"), on_click=_reset, key=P + "reset_btn")
