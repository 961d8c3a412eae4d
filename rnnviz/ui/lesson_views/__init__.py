"""Extra views a lesson can name. Each is a general tool taking (lesson, params); lessons stay data."""
from __future__ import annotations

from . import compare, expected_values

VIEWS = {
    "compare": compare.render,
    "expected_values": expected_values.render,
}


def register(name: str, render) -> None:
    VIEWS[name] = render
