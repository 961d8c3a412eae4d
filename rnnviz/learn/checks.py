"""Argument checks the learn modules share; each raises ValueError naming what was expected and given."""
from __future__ import annotations

import math

import numpy as np


def finite_number(name: str, value) -> float:
    """value as a float, if it is a finite real number (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)
