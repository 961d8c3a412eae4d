"""Argument checks every layer shares: each raises ValueError with a message that names what was expected and
what was given (the page shows it as it is)."""
from __future__ import annotations

import math

import numpy as np


def expect(ok: bool, message: str) -> None:
    """Raise ValueError(message) unless ok."""
    if not ok:
        raise ValueError(message)


def whole(value) -> bool:
    """Whether value is a whole number (a Python or numpy integer; not a bool, not a float like 3.0)."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def finite(value) -> bool:
    """Whether value is a finite real number (a Python or numpy integer or float; not a bool, NaN or infinity)."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_)) \
        and math.isfinite(value)


def check_int(name: str, value, low: int, high: int) -> int:
    """value as an int, if it is a whole number from low to high."""
    expect(whole(value) and low <= value <= high, f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return int(value)


def finite_number(name: str, value) -> float:
    """value as a float, if it is a finite real number."""
    expect(finite(value), f"{name} must be a finite number, got {value!r}")
    return float(value)
