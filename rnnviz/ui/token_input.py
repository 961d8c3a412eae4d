"""Step through's input for a network with an embedding: the token ids it reads, typed as whole numbers.

The sequence editor's sources (generators, tables, one-hot text, CSV) make vectors; a network with an embedding
reads token ids instead. token_id_controls() is that input, in one place, so that text typed through a
vocabulary can join it later.
"""
from __future__ import annotations

import streamlit as st

from rnnviz.data.source import SequenceSource
from rnnviz.data.token_ids import parse_token_ids
from rnnviz.model.embedding import coerce_token_ids
from rnnviz.ui import session
from rnnviz.ui.messages import flash_error
from rnnviz.ui.sequence_editor import use_source

P = "s_"  # the sequence editor's prefix: this is one of its inputs


def _apply_ids() -> None:
    spec = session.view().spec
    try:
        ids = parse_token_ids(st.session_state[P + "ids"])
        coerce_token_ids(spec, ids)  # every id within the vocabulary, before anything is embedded
    except ValueError as err:
        flash_error(session.t("bad_sequence", error=err))
        return
    use_source(SequenceSource("ids", values=ids))


def token_id_controls() -> None:
    """Say that the network reads token ids, and take them typed: whole numbers separated by spaces."""
    view = session.view()
    t = session.t
    last = view.spec.vocab_size - 1
    st.info(t("ids_info", last=last))
    if P + "ids" not in st.session_state and view.sequence.kind == "ids":
        st.session_state[P + "ids"] = " ".join(map(str, view.sequence.values.tolist()))
    st.text_input(t("ids_input"), key=P + "ids", on_change=_apply_ids, placeholder="0 1 2 3",
                  help=t("ids_help", last=last))
