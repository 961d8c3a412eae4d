"""Messages that must survive a rerun (an edit is rejected in a callback; the page shows why next run)."""
from __future__ import annotations

import streamlit as st

_FLASH = "rnnviz_flash"


def flash_error(message: str) -> None:
    st.session_state.setdefault(_FLASH, []).append(message)


def show_flashed() -> None:
    for message in st.session_state.pop(_FLASH, []):
        st.error(message, icon="⚠️")


def reset_widgets(prefix: str) -> None:
    """Forget widget values so they are drawn again from the view (after the view changed elsewhere)."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[key]
