"""rnnviz's typed arrays are what plotly.py itself would write (its helper is private; this test watches it)."""
from __future__ import annotations

import numpy as np
import pytest
from _plotly_utils.utils import to_typed_array_spec

from rnnviz.viz.typed_arrays import plotly_typed_array

CASES = [np.arange(5.0), np.arange(5, dtype=np.float32), np.arange(5), np.arange(300), -np.arange(200),
         np.arange(70_000), np.arange(2**40, 2**40 + 3), np.arange(5, dtype=np.uint64), np.arange(6.0).reshape(2, 3),
         np.arange(24.0).reshape(2, 3, 4), np.array([]), np.array([True, False])]


@pytest.mark.parametrize("values", CASES, ids=lambda v: f"{v.dtype}{list(v.shape)}")
def test_same_as_plotly(values):
    theirs = to_typed_array_spec(values)
    assert plotly_typed_array(values) == (theirs.tolist() if isinstance(theirs, np.ndarray) else theirs)
