"""Train a tiny Elman RNN and a feed-forward tagger on slot-labelled sentences; compare them word by word.

params: examples ((sentence, labels), ...), slots (names used in the labels), slot_names ({"en": [...],
"zh": [...]}, shown instead of the names), sentences (the two shown first), focus (a word to compare
across the sentences), hidden_size, epochs, lr, seed.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st
import torch

from rnnviz.data.encoders import split_words
from rnnviz.data.slots import slot_dataset
from rnnviz.learn.slot_filling import slot_probabilities, tagger_spec, train_slot_taggers
from rnnviz.model.network import Network
from rnnviz.ui import session
from rnnviz.ui.presenter import figure_scale
from rnnviz.viz.slot_figures import slot_heatmap

_P = "lv_sf_"


@st.cache_data(max_entries=16, show_spinner=False)
def _trained(examples: tuple, slots: tuple, hidden_size: int, epochs: int, lr: float, seed: int) -> dict:
    """Deterministic for its arguments and read-only afterwards, so one result serves every session."""
    taggers = train_slot_taggers(slot_dataset(examples, slots), hidden_size, epochs, lr, seed)
    return {"rnn": {k: v.numpy() for k, v in taggers.rnn.state_dict().items()},
            "feed_forward": {k: v.numpy() for k, v in taggers.feed_forward.state_dict().items()},
            "rnn_loss": taggers.rnn_history.loss[-1], "feed_forward_loss": taggers.feed_forward_history.loss[-1],
            "seconds": taggers.rnn_history.seconds + taggers.feed_forward_history.seconds}


def _network(data, hidden_size: int, weights: dict) -> Network:
    net = Network(tagger_spec(data, hidden_size), seed=0)
    net.load_state_dict({k: torch.as_tensor(v) for k, v in weights.items()})
    return net


def render(lesson, params: dict) -> None:
    t = session.t
    view = session.view()
    lang = view.lang
    examples = tuple(tuple(pair) for pair in params["examples"])
    slots = tuple(params["slots"])
    names = list(params.get("slot_names", {}).get(lang) or slots)
    hidden, epochs, lr = params.get("hidden_size", 8), params.get("epochs", 150), params.get("lr", 0.05)
    data = slot_dataset(examples, slots)

    st.subheader(t("sf_title"))
    st.caption(t("sf_lead", n=len(examples), hidden=hidden, epochs=epochs))
    with st.expander(t("sf_data", n=len(examples))):
        label = dict(zip(slots, names))
        st.dataframe(pd.DataFrame([{t("sf_sentence_col"): " ".join(words),
                                    t("sf_labels_col"): " · ".join(label[tag] for tag in tags)}
                                   for words, tags in zip(data.sentences, data.labels)]),
                     hide_index=True, width="stretch")
    seed = int(st.columns(4)[0].number_input(t("sf_seed"), 0, 999, params.get("seed", 0), key=_P + "seed",
                                             help=t("sf_seed_help")))
    with st.spinner(t("sf_training")):
        result = _trained(examples, slots, hidden, epochs, lr, seed)
    st.caption(t("sf_losses", rnn=result["rnn_loss"], ff=result["feed_forward_loss"], seconds=result["seconds"]))
    rnn, feed_forward = _network(data, hidden, result["rnn"]), _network(data, hidden, result["feed_forward"])

    scale = figure_scale()
    focus = params.get("focus")
    focus_rows = []
    for k, default in enumerate(params.get("sentences", ())):
        text = st.text_input(t("sf_sentence", k=k + 1), default, key=f"{_P}sentence{k}")
        words = split_words(text)
        if not words or len(words) > 30:
            st.info(t("sf_words_needed"))
            continue
        p_rnn = slot_probabilities(rnn, data, words)
        p_ff = slot_probabilities(feed_forward, data, words)
        left, right = st.columns(2, gap="large")
        left.plotly_chart(slot_heatmap(words, names, p_rnn, title=t("sf_rnn"), font_scale=scale), width="stretch",
                          key=f"{_P}rnn{k}")
        right.plotly_chart(slot_heatmap(words, names, p_ff, title=t("sf_ff"), font_scale=scale), width="stretch",
                           key=f"{_P}ff{k}")
        unknown = [w for w in words if w.casefold() not in {v.casefold() for v in data.vocab}]
        if unknown:
            st.caption(t("sf_unknown", words=", ".join(unknown)))
        for model, p in ((t("sf_rnn_short"), p_rnn), (t("sf_ff_short"), p_ff)):
            for position, w in enumerate(words):
                if focus and w.casefold() == focus.casefold():
                    focus_rows.append({t("sf_sentence_col"): text, t("sf_model_col"): model,
                                       **{n: f"{v:.1%}" for n, v in zip(names, p[position])},
                                       t("sf_best_col"): names[int(np.argmax(p[position]))]})
    if focus_rows:
        st.markdown(f"**{t('sf_focus', word=focus)}**")
        st.dataframe(pd.DataFrame(focus_rows), hide_index=True, width="stretch")
        st.caption(t("sf_focus_note", word=focus))
