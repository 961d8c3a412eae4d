"""The course's published numbers beside what the open network computes, step by step.

The open network, not the preset: after the learner changes a weight (lesson 5's forget bias), the rows that
no longer match the course are flagged ✗, the course's value beside them.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from rnnviz.lessons.lesson import preset_network
from rnnviz.strings import translate
from rnnviz.ui import session

MATCH, MISMATCH = "✓", "✗"
FLAG_TINT = "rgba(213, 94, 0, 0.35)"  # translucent orange: reads on the light and the dark theme


def expected_table(lesson, params: dict, net=None, lang: str = "en") -> pd.DataFrame:
    """net: the network to run on the preset's input (default: the preset's own)."""
    preset = lesson.presets[params.get("preset", 0)]
    trace = (net or preset_network(preset)).trace(preset.sequence.array(preset.spec.input_size))
    tolerance = params.get("tolerance", 0.0)
    rows = []
    for step in range(trace.num_steps):
        row = {"t": step, "x": _shown(trace.x[0, step].numpy())}
        for q, expected in params["expected"].items():
            got = (trace["y"][0, step] if q == "y" else trace[q][-1, 0, 0, step]).numpy()
            row[translate("expected_course", lang, q=q)] = ", ".join(str(v) for v in expected[step])
            row[translate("expected_computed", lang, q=q)] = _shown(got)
            row[f"{q} ✓"] = MATCH if np.allclose(got, expected[step], atol=tolerance, rtol=0) else MISMATCH
        rows.append(row)
    return pd.DataFrame(rows)


def _shown(values: np.ndarray) -> str:
    """Four significant digits, as a learner compares them (float32 noise like 9.99999974e-05 hidden)."""
    return ", ".join(f"{float(v):.4g}" for v in np.ravel(values))


def render(lesson, params: dict) -> None:
    view = session.view()
    preset = lesson.presets[params.get("preset", 0)]
    st.markdown(f"**{session.t('expected_title', preset=preset.name[view.lang])}**")
    # The open network when it is this lesson's model (edited or not); another model cannot read this input.
    ours = view.spec == preset.spec
    if not ours:
        st.caption(session.t("expected_other_model"))
    table = expected_table(lesson, params, net=session.network() if ours else None, lang=view.lang)
    checks = [c for c in table.columns if c.endswith("✓")]
    # A flagged cell is tinted, not only marked: it must be seen from the back of a lecture hall.
    styled = table.style.map(lambda v: f"background-color: {FLAG_TINT}; font-weight: 700" if v == MISMATCH else "",
                             subset=checks)
    st.dataframe(styled, hide_index=True, width="stretch")
