"""The shared sidebar: language, presenter mode, sharing (presenter mode hides it: see presenter.py)."""
from __future__ import annotations

import streamlit as st

from rnnviz.ui import session
from rnnviz.ui.hotkeys import escape_calls
from rnnviz.ui.presenter import leave_presenter
from rnnviz.ui.state import LANGUAGES
from rnnviz.ui.theme import apply_theme, theme_switch

LANGUAGE_NAMES = {"en": "English", "zh": "中文"}


def _set_language():
    session.update(lang=st.session_state["sb_lang"])


def _set_presenter(key: str):
    session.update(presenter=st.session_state[key])


def sidebar() -> None:
    view = session.view()
    st.session_state.setdefault("sb_present", view.presenter)
    with st.sidebar:
        # index, not a preset session-state value: the radio is a new widget on every page (its id includes the
        # page), and a new one showed its default (English) while the page was in 中文.
        st.radio(session.t("language"), LANGUAGES, index=LANGUAGES.index(view.lang), key="sb_lang", horizontal=True,
                 format_func=LANGUAGE_NAMES.get, on_change=_set_language)
        st.toggle(session.t("presenter"), key="sb_present", help=session.t("presenter_help"),
                  on_change=_set_presenter, args=("sb_present",))
        theme_switch("sb_theme")
        apply_theme()
        st.caption(session.t("share_help"))
        if not session.link_complete():
            st.caption(session.t("link_incomplete"))
        if view.presenter:  # in the hidden sidebar: it draws nothing and takes no room on the page
            escape_calls(leave_presenter)


def show_link_problems() -> None:
    problems = session.url_problems()
    if problems:
        st.warning(session.t("link_ignored", problems="; ".join(problems)))
        problems.clear()
