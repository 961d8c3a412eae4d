"""When a tab's session is lost, say what was lost: the trained runs (lost_runs.js keeps count in the tab).

Streamlit keeps a session in the memory of one server process. When that process dies, the server restarts,
the proxy moves the tab to another replica, or the page is reloaded, the tab gets a new session: the view comes
back from the link, but the finished training runs (train_view, in st.session_state) do not. The browser tab
remembers (sessionStorage) which session it last saw and how many runs that session held; when it meets a new
session after one that held runs, it reports them, and the page says so once: on the page where the report
arrived, until the learner moves to another page.
"""
from __future__ import annotations

import uuid
from pathlib import Path

import streamlit as st
import streamlit.components.v2 as components_v2

from rnnviz.ui import session, session_keys
from rnnviz.ui.trained_runs import all_runs

# Registered once at import. Draws nothing: it compares the session with the one the tab saw last.
_component = components_v2.component(
    "rnnviz_lost_runs", js=(Path(__file__).parent / "lost_runs.js").read_text(encoding="utf-8"))


def _noop() -> None:
    """The component's state must have a callback to be kept; the report is read during the run."""


def _lost(report) -> int | None:
    """The runs a browser report says the tab's previous session held, or None for no (or a malformed) report."""
    if not isinstance(report, dict) or not isinstance(report.get("session"), str):
        return None
    runs = report.get("runs")
    return runs if isinstance(runs, int) and not isinstance(runs, bool) and runs > 0 else None


def tell_lost_runs(page_key: str | None) -> None:
    """Mount the watcher (in the sidebar: it draws nothing, and presenter mode only hides the sidebar) and show
    the notice when this tab's previous session held trained runs. Call once per run, near the page's top."""
    token = st.session_state.setdefault(session_keys.SESSION_TOKEN, uuid.uuid4().hex)
    with st.sidebar:
        result = _component(key=session_keys.LOST_RUNS, data={"session": token, "runs": len(all_runs())},
                            default={"lost": None}, on_lost_change=_noop)
    report = result.get("lost")
    runs = _lost(report)
    already = st.session_state.get(session_keys.LOST_REPORTED)
    if runs is not None and report["session"] != already and report["session"] != token:
        st.session_state[session_keys.LOST_REPORTED] = report["session"]
        st.session_state[session_keys.LOST_NOTICE] = (runs, page_key)
    notice = st.session_state.get(session_keys.LOST_NOTICE)
    if notice is None:
        return
    if notice[1] != page_key:  # the learner moved on: said once is enough
        del st.session_state[session_keys.LOST_NOTICE]
        return
    st.warning(session.t("lost_runs_one" if notice[0] == 1 else "lost_runs_many", runs=notice[0]),
               icon=":material/restart_alt:")
