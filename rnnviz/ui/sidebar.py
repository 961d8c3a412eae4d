"""The shared sidebar (language, presenter mode, sharing) and the presenter-mode styling."""
from __future__ import annotations

import streamlit as st

from rnnviz.ui import session
from rnnviz.ui.state import LANGUAGES

LANGUAGE_NAMES = {"en": "English", "zh": "中文"}

# Larger type for a projector: Streamlit sizes text in rem, so scaling the root scales the page.
PRESENTER_CSS = """
<style>
html { font-size: 22px; }
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
.block-container, [data-testid="stMainBlockContainer"] { max-width: 100%; padding: 1rem 2rem; }
</style>
"""


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
        st.caption(session.t("share_help"))
        if not session.link_complete():
            st.caption(session.t("link_incomplete"))
    if view.presenter:
        st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
        # The sidebar is hidden, so the way out sits on the page itself.
        st.button(session.t("exit_presenter"), key="exit_present", on_click=_leave_presenter)


def _leave_presenter():
    st.session_state["sb_present"] = False
    session.update(presenter=False)


def show_link_problems() -> None:
    problems = session.url_problems()
    if problems:
        st.warning(session.t("link_ignored", problems="; ".join(problems)))
        problems.clear()
