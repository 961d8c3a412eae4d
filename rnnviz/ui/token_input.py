"""Step through's input for a network with an embedding: the tokens it reads.

With a vocabulary that fits the embedding (uploaded here, as tokenizers export them, or the pretrained model's),
text is typed and split into its tokens; without one, or by choice, the token ids are typed as whole numbers.
Either way the sequence is token ids (SequenceSource kind "ids"); a bad input is refused with a message and the
old sequence stays.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from rnnviz.data.source import SequenceSource
from rnnviz.data.token_ids import parse_token_ids
from rnnviz.data.vocabulary import MAX_VOCAB_BYTES, SPLITS, UnknownTokens, Vocabulary, read_vocabulary
from rnnviz.model.embedding import coerce_token_ids
from rnnviz.model.spec import MAX_STEPS
from rnnviz.ui import session, session_keys
from rnnviz.ui.messages import flash_error
from rnnviz.ui.sequence_editor import use_source
from rnnviz.ui.string_families import family_key
from rnnviz.ui.uploader import file_uploader

P = "s_"  # the sequence editor's prefix: this is one of its inputs
MODES = ("text", "ids")
_VISIBLE = {"\n": "↵", " ": "␣", "\t": "⇥", "": "∅"}


def vocabulary(spec=None) -> Vocabulary | None:
    """The session's vocabulary, when it has as many tokens as the network's embedding has rows."""
    spec = spec or session.view().spec
    vocab = st.session_state.get(session_keys.VOCABULARY)
    return vocab if vocab is not None and spec.vocab_size and len(vocab) == spec.vocab_size else None


def visible(token: str) -> str:
    """A token as a label: whitespace drawn as a symbol (↵ ␣ ⇥)."""
    return _VISIBLE.get(token, token)


def _apply_ids() -> None:
    spec = session.view().spec
    try:
        ids = parse_token_ids(st.session_state[P + "ids"])
        coerce_token_ids(spec, ids)  # every id within the vocabulary, before anything is embedded
    except ValueError as err:
        flash_error(session.t("bad_sequence", error=err))
        return
    if use_source(SequenceSource("ids", values=ids)):
        st.session_state.pop(P + "tok_text", None)  # the text box shows the new ids' text


def _apply_text() -> None:
    vocab = vocabulary()
    if vocab is None:
        return
    try:
        ids = vocab.encode(st.session_state[P + "tok_text"])
        if not ids:
            raise ValueError(session.t("tok_empty"))
    except UnknownTokens as err:
        flash_error(session.t("tok_unknown", error=err))
        return
    except ValueError as err:
        flash_error(session.t("bad_sequence", error=err))
        return
    if use_source(SequenceSource("ids", values=np.asarray(ids, dtype=np.int64))):
        st.session_state.pop(P + "ids", None)  # the ids box shows the new ids


def _load_vocabulary() -> None:
    upload = st.session_state.get(P + "tok_vocab_file")
    if upload is None:
        return
    t = session.t
    spec = session.view().spec
    try:
        if upload.size > MAX_VOCAB_BYTES:  # said before the file is read
            raise ValueError(f"a vocabulary file is at most {MAX_VOCAB_BYTES // 1_000_000} MB; "
                             f"this one is {upload.size / 1e6:.1f} MB")
        vocab = read_vocabulary(upload.getvalue(), split=st.session_state.get(P + "tok_split", "chars"))
        if len(vocab) != spec.vocab_size:
            raise ValueError(t("tok_vocab_size", tokens=len(vocab), rows=spec.vocab_size))
    except ValueError as err:
        flash_error(t("tok_bad_vocab", error=err))
        return
    st.session_state[session_keys.VOCABULARY] = vocab
    st.session_state.pop(P + "tok_text", None)


def _current_text(vocab: Vocabulary) -> str:
    sequence = session.view().sequence
    ids = sequence.values.tolist() if sequence.kind == "ids" and sequence.values is not None else []
    return vocab.decode([i for i in ids if i < len(vocab)])


def _vocabulary_upload() -> None:
    t = session.t
    with st.expander(t("tok_vocab_title"), expanded=False):
        st.caption(t("tok_vocab_help"))
        st.radio(t("tok_split"), SPLITS, key=P + "tok_split", horizontal=True,
                 format_func=lambda s: t(family_key("tok_split_{}", s)))
        file_uploader(t("tok_vocab_file"), type=["txt", "json", "vocab"], key=P + "tok_vocab_file",
                      on_change=_load_vocabulary)


def token_id_controls() -> None:
    """The network's tokens: typed as text through a vocabulary that fits it, or as ids."""
    view = session.view()
    t = session.t
    last = view.spec.vocab_size - 1
    vocab = vocabulary(view.spec)
    if vocab is None:
        st.info(t("ids_info", last=last))
        mode = "ids"
    else:
        mode = st.radio(t("tok_mode"), MODES, key=P + "tok_mode", horizontal=True,
                        format_func=lambda m: t(family_key("tok_mode_{}", m)))
    if mode == "text":
        if P + "tok_text" not in st.session_state:
            st.session_state[P + "tok_text"] = _current_text(vocab)
        st.text_area(t("tok_text", count=len(vocab)), key=P + "tok_text", on_change=_apply_text,
                     max_chars=MAX_STEPS, height=110, help=t("tok_text_help"))
        unknown = vocab.unknown_in(st.session_state[P + "tok_text"]) if vocab.unknown is not None else []
        if unknown:
            st.caption(t("tok_read_as_unknown", unknown=visible(vocab.unknown),
                         tokens=" ".join(repr(u) for u in unknown[:10])))
    else:
        if P + "ids" not in st.session_state and view.sequence.kind == "ids":
            st.session_state[P + "ids"] = " ".join(map(str, view.sequence.values.tolist()))
        st.text_input(t("ids_input"), key=P + "ids", on_change=_apply_ids, placeholder="0 1 2 3",
                      help=t("ids_help", last=last))
    _vocabulary_upload()
