"""What every page shares: sidebar, messages, the exception guard, and writing the view to the URL."""
from __future__ import annotations

import logging
from contextlib import contextmanager

import streamlit as st

from rnnviz.ui import session, session_keys
from rnnviz.ui.lost_runs import tell_lost_runs
from rnnviz.ui.messages import show_flashed
from rnnviz.ui.presenter import presenter_bar
from rnnviz.ui.sidebar import show_link_problems, sidebar

log = logging.getLogger("rnnviz")


def _leave_legacy_page_discovery() -> None:
    """Route every run through app.py's st.navigation, even a fresh server's first deep link.

    Streamlit keeps a process-wide flag (PagesManager.uses_pages_directory) that is True while no session
    has run st.navigation yet; while it is set, a link to /step_through runs pages/step_through.py on its
    own through the legacy pages/ discovery, app.py never runs, and the flag never clears. Clearing it
    and rerunning sends this run (same page) through app.py. Pinned by a browser test on a fresh server.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the legacy router
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        if not st.session_state.get(session_keys.SESSION_STARTED):
            st.rerun()  # a session's first run: no click or edit can be lost by running it again
    st.session_state[session_keys.SESSION_STARTED] = True


@contextmanager
def page(title_key: str | None = None):
    """`with page("build_title") as bar:` wraps a page body. Streamlit's own rerun/stop signals are BaseExceptions
    and pass through; anything else becomes a calm message (a lecture never shows a traceback).

    `bar` is where a page puts its own pickers: presenter mode's compact top bar, else a row under the title."""
    _leave_legacy_page_discovery()
    sidebar()
    if session.view().presenter:
        bar = presenter_bar(title_key)
    else:
        if title_key:
            st.title(session.t(title_key))
        bar = st.container()
    show_link_problems()
    show_flashed()
    tell_lost_runs(title_key)
    try:
        yield bar
    except Exception:  # noqa: BLE001
        log.exception("page %s failed", title_key)
        st.error(session.t("page_failed"))
    session.sync_url()  # pages end by falling through, never by stopping: after a stop no st call gets through
