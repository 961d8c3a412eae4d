"""Hand-editable weight tables, rows labelled by gate and unit (how a learner wires a memory cell)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from rnnviz.model.params import column_labels, parameter_infos, row_labels
from rnnviz.ui import session, session_keys
from rnnviz.ui.messages import flash_error
from rnnviz.ui.param_text import meaning

MAX_EDITABLE_HIDDEN = 8
MAX_EDITABLE_ROWS = 64  # an embedding has a row per token id: a vocabulary of thousands is no table to type in


def _frame(spec, name: str, values: np.ndarray) -> pd.DataFrame:
    matrix = values.reshape(values.shape[0], -1)
    columns = [session.t("ie_value") if c == "value" else c for c in column_labels(spec, name)]  # a vector's one column
    return pd.DataFrame(matrix, index=row_labels(spec, name), columns=columns)


def weight_tables() -> None:
    net = session.network()
    spec = net.spec
    t = session.t
    st.subheader(t("weights_title"))
    if spec.hidden_size > MAX_EDITABLE_HIDDEN:
        st.info(t("weights_too_big", hidden=spec.hidden_size))
        return
    if session.view().weights is not None:
        st.caption(t("weights_edited"))
    # The key carries the weights' fingerprint and a generation: after an edit is applied (or refused) the
    # table starts afresh from the model's values instead of replaying its old edits on top of them.
    generation = st.session_state.get(session_keys.WEIGHT_EDITOR_GENERATION, 0)
    fingerprint = f"{session.view().model_fingerprint()}_{generation}"
    infos = parameter_infos(spec)
    tabs = st.tabs([i.name for i in infos])
    for tab, info in zip(tabs, infos):
        with tab:
            st.caption(meaning(spec, info, session.view().lang))
            if info.role == "embedding" and info.shape[0] > MAX_EDITABLE_ROWS:
                st.info(t("weights_embedding_too_big", rows=info.shape[0], max=MAX_EDITABLE_ROWS))
                continue
            current = net.parameter(info.name).numpy()
            shown = _frame(spec, info.name, current)
            edited = st.data_editor(shown, key=f"w_{info.name}_{fingerprint}", width="stretch")
            if not edited.equals(shown):
                _apply(net, info.name, edited, current.shape)


def _apply(net, name: str, edited: pd.DataFrame, shape) -> None:
    values = edited.to_numpy(dtype=np.float64, na_value=np.nan)
    try:
        if not np.isfinite(values).all():
            raise ValueError(f"every cell of {name} needs a finite number; one is empty")
        net.set_parameter(name, values.reshape(shape).astype(np.float32))
    except ValueError as err:
        flash_error(session.t("bad_weight", error=err))
        generation = session_keys.WEIGHT_EDITOR_GENERATION
        st.session_state[generation] = st.session_state.get(generation, 0) + 1
        st.rerun()
    session.set_weights(net)
    st.rerun()
