"""Light or dark: Streamlit's own theme, chosen per browser tab (auto follows the operating system).

theme_switch(key) draws the auto / light / dark switch (the sidebar has one; presenter mode's bar can
place another: all stay in step through the view, and the link carries the choice as theme=...).
apply_theme() runs on every page and hands the view's choice to theme.js, which switches Streamlit's
theme in the browser (why that works: theme.js and .streamlit/config.toml).
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st
import streamlit.components.v2 as components_v2

from rnnviz.ui import session
from rnnviz.ui.state import THEMES

_chooser = components_v2.component("rnnviz_theme", js=(Path(__file__).parent / "theme.js").read_text(encoding="utf-8"))


def _chosen(key: str) -> None:
    choice = st.session_state[key]
    if choice in THEMES:
        session.update(theme=choice)
    else:  # a segmented control can be clicked off; keep the theme as it was
        st.session_state[key] = session.view().theme


def theme_switch(key: str) -> None:
    """The auto / light / dark switch. Any number of them, each with its own key, show the view's theme."""
    st.session_state[key] = session.view().theme  # another switch may have changed it since the last run
    st.segmented_control(session.t("theme"), THEMES, key=key, format_func=lambda v: session.t(f"theme_{v}"),
                         help=session.t("theme_help"), on_change=_chosen, args=(key,))


# Where Streamlit's own colours fall below WCAG AA (4.5:1) on one theme: grey captions on the light sidebar
# (~3.8:1: a colour at 60% opacity) and white text on the dark theme's light-blue multiselect chips (~2.3:1). light-dark() picks by
# the theme Streamlit shows (its app container sets color-scheme).
THEME_CSS = """<style>
[data-testid="stCaptionContainer"] { color: light-dark(#6B6966, #A6A39F); opacity: 1; }
[data-testid="stMultiSelectTagsContainer"] span { color: light-dark(#FFFFFF, #171614) !important; }
</style>"""


def apply_theme() -> None:
    """Switch the browser to the view's theme (a no-op when it already shows it). Mount once per run."""
    st.html(THEME_CSS)
    _chooser(key="rnnviz_theme", data={"mode": session.view().theme})
