"""Type words, see them as vectors: 1-of-N, 1-of-N with "other", and letter trigrams (word hashing).

params: vocab (list of words), words (the text shown first).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from rnnviz.data.encoders import OTHER, letter_trigrams, one_hot, one_hot_with_other, split_words, trigram_vector
from rnnviz.ui import session
from rnnviz.viz.colors import QUANTITY_COLORS

_P = "lv_enc_"
_ONE = f"background-color: {QUANTITY_COLORS['x']}33; font-weight: bold"  # the 1s stand out, lightly


def _highlight(frame: pd.DataFrame):
    numbers = list(frame.columns[1:])
    return frame.style.map(lambda v: _ONE if v == 1 else "", subset=numbers).format(precision=0, subset=numbers)


def one_hot_frame(words: list[str], vocab: list[str], other: bool, label: str = "word",
                  other_label: str = f"⟨{OTHER}⟩") -> pd.DataFrame:
    """Rows of the encoding, one per word (for 1-of-N only the words in the vocabulary).

    The first column (`label`) holds the words; the "other" column is written ⟨other⟩ so that it can never
    be mistaken for (or collide with) a vocabulary word spelled "other" (`other_label`, in the page's language).
    """
    if label in vocab:
        label = ""
    if other:
        values = one_hot_with_other(words, vocab)
        columns = list(vocab) + [other_label]
    else:
        known = {v.casefold() for v in vocab}
        words = [w for w in words if w.casefold() in known]
        values = one_hot(words, vocab) if words else None
        columns = list(vocab)
    frame = pd.DataFrame(values.astype(int) if values is not None else [], columns=columns)
    frame.insert(0, label, words)
    return frame


def trigram_frame(words: list[str], boundary: bool, columns=("word", "trigram", "index", "count")) -> pd.DataFrame:
    """The non-zero dimensions of each word's trigram vector: one row per (word, trigram)."""
    rows = []
    for w in words:
        vec = trigram_vector(w, boundary)
        rows += [dict(zip(columns, (w, tri, index, count)))
                 for tri, index, count in zip(vec.trigrams, vec.indices, vec.counts)]
    return pd.DataFrame(rows, columns=list(columns))


def render(lesson, params: dict) -> None:
    t = session.t
    st.subheader(t("enc_title"))
    c1, c2 = st.columns(2)
    vocab_text = c1.text_input(t("enc_vocab"), ", ".join(params.get("vocab", ())), key=_P + "vocab")
    words_text = c2.text_input(t("enc_words"), params.get("words", ""), key=_P + "words")
    try:
        vocab, words = split_words(vocab_text), split_words(words_text)
        if not vocab or not words:
            st.info(t("enc_empty"))
            return
        one_hot_with_other(words, vocab)  # checks both lists once, with a message naming the problem
    except ValueError as err:
        st.warning(t("enc_bad", error=err))
        return
    known = {v.casefold() for v in vocab}
    unknown = [w for w in words if w.casefold() not in known]

    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(f"**{t('enc_one_hot', n=len(vocab))}**")
        frame = one_hot_frame(words, vocab, other=False, label=t("enc_word"))
        if len(frame):
            st.dataframe(_highlight(frame), hide_index=True, width="stretch")
        if unknown:
            st.caption(t("enc_no_row", words=", ".join(unknown)))
    with right:
        st.markdown(f"**{t('enc_other', n=len(vocab) + 1)}**")
        st.dataframe(_highlight(one_hot_frame(words, vocab, other=True, label=t("enc_word"),
                                                 other_label=t("enc_other_col"))), hide_index=True, width="stretch")
        st.caption(t("enc_other_note"))

    boundary = st.toggle(t("enc_boundary"), True, key=_P + "boundary", help=t("enc_boundary_help"))
    dims = 27 ** 3 if boundary else 26 ** 3
    st.markdown(f"**{t('enc_trigrams', dims=dims)}**")
    left, right = st.columns([2, 3], gap="large")
    with left:
        for w in words:
            tris = letter_trigrams(w, boundary)
            st.markdown(f"`{w}` → " + (", ".join(f"`{tri}`" for tri in tris) if tris else t("enc_no_letters")))
    with right:
        st.dataframe(trigram_frame(words, boundary, (t("enc_word"), t("enc_trigram"), t("enc_index"), t("enc_count"))),
                     hide_index=True, width="stretch")
        st.caption(t("enc_trigram_index_27" if boundary else "enc_trigram_index_26"))
