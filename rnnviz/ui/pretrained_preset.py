"""Open a model that ships (rnnviz.pretrained) in the explorer, as a lesson opens its preset: no training."""
from __future__ import annotations

import json

import numpy as np
import streamlit as st

from rnnviz import pretrained
from rnnviz.data.source import SequenceSource
from rnnviz.ui import session, session_keys
from rnnviz.ui.messages import reset_widgets
from rnnviz.ui.state import clamp

SAMPLE_CODE = 'def greet(name):\n    """Say hello."""\n    return f"Hello, {name}!" + str(len([1, (2, 3)]))\n'


def interesting_units(name: str = "python-code") -> tuple[int, ...]:
    """The units measured to track a one-line string, bracket depth, the position in the line and the indentation
    (measured.json), so that Step through opens on them; (0, 1, 2, 3) when nothing was measured."""
    path = pretrained.ASSETS / name / "measured.json"
    if not path.exists():
        return (0, 1, 2, 3)
    best = json.loads(path.read_text(encoding="utf-8"))["best_units"]
    picks = (("in_line_string", "tanh_c"), ("code_depth", "h"), ("position", "c"), ("indent", "c"))
    units = [best[f"{feature} {quantity}"]["unit"] for feature, quantity in picks]
    return tuple(dict.fromkeys(units))


def open_pretrained(name: str = "python-code", text: str = SAMPLE_CODE) -> None:
    """The pretrained network, its vocabulary, and `text` as its input, in this session's explorer."""
    net, vocab = pretrained.shared(name)
    ids = np.asarray(vocab.encode(text), dtype=np.int64)  # unknown characters read as the unknown token
    weights = {k: v.numpy().copy() for k, v in net.state_dict().items()}
    units = interesting_units(name)
    new = session.view().replace(spec=net.spec, seed=0, weights=weights, sequence=SequenceSource("ids", values=ids),
                                 step=len(ids) - 1, layer=0, direction=0, unit=units[0], units=units, lesson="",
                                 preset=0)
    session.set_view(clamp(new))
    for prefix in ("b_", "s_", "v_"):
        reset_widgets(prefix)
    st.session_state[session_keys.VOCABULARY] = vocab
    st.session_state["s_tok_mode"] = "text"


def open_button(key: str) -> None:
    st.button(session.t("pre_open"), key=key, on_click=open_pretrained, icon=":material/code:",
              help=session.t("pre_open_help"))
