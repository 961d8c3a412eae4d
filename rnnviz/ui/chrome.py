"""What every page shares: sidebar, messages, the exception guard, and writing the view to the URL."""
from __future__ import annotations

import logging
from contextlib import contextmanager

import streamlit as st

from rnnviz.ui import session
from rnnviz.ui.messages import show_flashed
from rnnviz.ui.sidebar import show_link_problems, sidebar

log = logging.getLogger("rnnviz")


@contextmanager
def page(title_key: str | None = None):
    """`with page("build_title"):` wraps a page body. Streamlit's own rerun/stop signals are BaseExceptions
    and pass through; anything else becomes a calm message (a lecture never shows a traceback)."""
    sidebar()
    if title_key:
        st.title(session.t(title_key))
    show_link_problems()
    show_flashed()
    try:
        yield
    except Exception:  # noqa: BLE001
        log.exception("page %s failed", title_key)
        st.error(session.t("page_failed"))
    session.sync_url()
