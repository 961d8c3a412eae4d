"""Keys that act on the whole app, not on one stepper: Esc leaves presenter mode (hotkeys.js listens).

The stepper's own keys (the clicker's PageUp/PageDown and arrows, Space) live in stepper.js."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit.components.v2 as components_v2

# Registered once at import. Draws nothing: it only listens for keys on the page.
_component = components_v2.component(
    "rnnviz_hotkeys", js=(Path(__file__).parent / "hotkeys.js").read_text(encoding="utf-8"))


def escape_calls(on_escape: Callable[[], None], *, key: str = "rnnviz_hotkeys") -> None:
    """Mount the listener; Esc (outside text fields and open dropdowns) calls on_escape before the rerun."""
    _component(key=key, on_escape_change=on_escape)
