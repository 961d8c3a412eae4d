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
from rnnviz.ui.string_families import family_key

_HERE = Path(__file__).parent
_chooser = components_v2.component("rnnviz_theme", js=(_HERE / "theme.js").read_text(encoding="utf-8"))


def _chosen(key: str) -> None:
    choice = st.session_state[key]
    if choice in THEMES:
        session.update(theme=choice)
    else:  # a segmented control can be clicked off; keep the theme as it was
        st.session_state[key] = session.view().theme


ICONS = {"auto": ":material/contrast:", "light": ":material/light_mode:", "dark": ":material/dark_mode:"}


def theme_switch(key: str, where=st, compact: bool = False) -> None:
    """The auto / light / dark switch. Any number of them, each with its own key, show the view's theme.
    compact (presenter mode's bar): icons only, the help says what it is."""
    st.session_state[key] = session.view().theme  # another switch may have changed it since the last run
    label = (lambda v: ICONS[v]) if compact else (lambda v: session.t(family_key("theme_{}", v)))
    where.segmented_control(session.t("theme"), THEMES, key=key, format_func=label,
                            help=session.t("theme_help"), on_change=_chosen, args=(key,),
                            label_visibility="collapsed" if compact else "visible")


# Corrections to Streamlit's colours that fall below WCAG AA on one theme (see the file).
THEME_CSS = f"<style>{(_HERE / 'theme.css').read_text(encoding='utf-8')}</style>"


def apply_theme() -> None:
    """Switch the browser to the view's theme (a no-op when it already shows it). Mount once per run."""
    st.html(THEME_CSS)
    _chooser(key="rnnviz_theme", data={"mode": session.view().theme})
