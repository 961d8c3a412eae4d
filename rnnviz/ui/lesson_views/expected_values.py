"""The course's published numbers beside what the network computes, step by step."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from rnnviz.lessons.lesson import preset_trace
from rnnviz.ui import session


def expected_table(lesson, params: dict) -> pd.DataFrame:
    preset = lesson.presets[params.get("preset", 0)]
    trace = preset_trace(preset)
    tolerance = params.get("tolerance", 0.0)
    rows = []
    for t in range(trace.num_steps):
        row = {"t": t, "x": _shown(trace.x[0, t].numpy())}
        for q, expected in params["expected"].items():
            got = (trace["y"][0, t] if q == "y" else trace[q][-1, 0, 0, t]).numpy()
            row[session.t("ev_course", q=q)] = ", ".join(str(v) for v in expected[t])
            row[session.t("ev_computed", q=q)] = _shown(got)
            row[f"{q} ✓"] = bool(np.allclose(got, expected[t], atol=tolerance, rtol=0))
        rows.append(row)
    return pd.DataFrame(rows)


def _shown(values: np.ndarray) -> str:
    """Four significant digits, as a learner compares them (float32 noise like 9.99999974e-05 hidden)."""
    return ", ".join(f"{float(v):.4g}" for v in np.ravel(values))


def render(lesson, params: dict) -> None:
    preset = lesson.presets[params.get("preset", 0)]
    st.markdown(f"**{session.t('expected_title', preset=preset.name[session.view().lang])}**")
    st.dataframe(expected_table(lesson, params), hide_index=True, width="stretch")
