"""Messages that must survive a rerun (an edit is rejected in a callback; the page shows why next run)."""
from __future__ import annotations

import streamlit as st

from rnnviz.ui import session_keys


def flash_error(message: str) -> None:
    st.session_state.setdefault(session_keys.FLASH, []).append(message)


def show_flashed() -> None:
    for message in st.session_state.pop(session_keys.FLASH, []):
        st.error(message, icon="⚠️")


def reset_widgets(prefix: str) -> None:
    """Forget widget values so they are drawn again from the view (after the view changed elsewhere)."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[key]


def keep_widgets(prefix: str, *, skip: tuple[str, ...] = ()) -> None:
    """Keep a page's widget values while the learner is on another page.

    Streamlit forgets the value of every widget a run does not draw, so leaving the page would reset it. Call
    this at the top of the page: values missing now are put back from the last visit, then the current ones are
    remembered in a plain key (which Streamlit keeps). `skip`: key prefixes not to keep (buttons and uploads,
    which cannot be set; widgets whose key changes on purpose)."""
    store_key = session_keys.KEPT_PREFIX + prefix
    kept = st.session_state.get(store_key, {})
    for key, value in kept.items():
        if key not in st.session_state:
            st.session_state[key] = value
    st.session_state[store_key] = {key: st.session_state[key] for key in st.session_state
                                   if isinstance(key, str) and key.startswith(prefix) and not key.startswith(skip)}
