"""Every preset of a lesson on the same input, side by side."""
from __future__ import annotations

import streamlit as st

from rnnviz.figure_words import figure_words
from rnnviz.lessons.lesson import preset_trace
from rnnviz.ui import session
from rnnviz.ui.presenter import figure_scale
from rnnviz.viz.compare import compare_chart


@st.cache_data(max_entries=16, show_spinner=False)
def _traces(lesson_id: str):
    """Read-only per lesson, so shared between sessions (cache_data hands each caller a copy)."""
    from rnnviz.lessons import lesson_by_id
    return [(p.name, preset_trace(p)) for p in lesson_by_id(lesson_id).presets]


def render(lesson, params: dict) -> None:
    lang = session.view().lang
    st.markdown(f"**{session.t('compare_title')}**")
    named = [(name[lang], trace) for name, trace in _traces(lesson.id)]
    fig = compare_chart(named, quantity=params.get("quantity", "h"), unit=params.get("unit", 0),
                        font_scale=figure_scale(), text=figure_words(lang))
    st.plotly_chart(fig, width="stretch")
