"""Numeric arrays as plotly.js typed arrays ({"dtype", "bdata", "shape"}): base64 of the raw bytes, about a third
of the size of the same numbers as JSON text. The format is plotly.js's own (documented with its data arrays);
plotly.py writes it with a private helper, so it is written here, with a test against plotly's output."""
from __future__ import annotations

import base64

import numpy as np

# numpy dtype -> plotly.js dtype code, for the types plotly.js reads
_CODES = {"float64": "f8", "float32": "f4", "int32": "i4", "uint32": "u4", "int16": "i2", "uint16": "u2",
          "int8": "i1", "uint8": "u1"}
_SIGNED = (np.int8, np.int16, np.int32)
_UNSIGNED = (np.uint8, np.uint16, np.uint32)


def _narrowest(values: np.ndarray, kinds) -> np.ndarray | None:
    """64-bit integers in the narrowest type that holds them (plotly.js has no 64-bit integers), or None."""
    low, high = values.min(), values.max()
    for kind in kinds:
        info = np.iinfo(kind)
        if info.min <= low and high <= info.max:
            return values.astype(kind)
    return None


def plotly_typed_array(values: np.ndarray):
    """An array as plotly.js's typed-array spec (2-D and up keep their shape as "r, c"); an empty array or one
    plotly.js cannot type (bool, text, 64-bit integers too wide for 32 bits) as a plain list."""
    values = np.ascontiguousarray(values)
    if values.size and values.dtype in (np.int64, np.uint64):
        narrow = _narrowest(values, _SIGNED if values.dtype == np.int64 else _UNSIGNED)
        values = values if narrow is None else narrow
    if not values.size or str(values.dtype) not in _CODES:
        return values.tolist()
    spec = {"dtype": _CODES[str(values.dtype)], "bdata": base64.b64encode(values.tobytes()).decode("ascii")}
    if values.ndim > 1:
        spec["shape"] = ", ".join(map(str, values.shape))
    return spec


def typed_array(values) -> dict:
    """A float32 array as {"dtype": "f4", "bdata": base64, "shape": [...]}: 5.3 bytes a value instead of ~18
    as JSON text, so 20,000 steps of every diagram number stay small. Decoded once in stepper.js."""
    array = np.ascontiguousarray(values, dtype="<f4")
    return {"dtype": "f4", "bdata": base64.b64encode(array.tobytes()).decode(), "shape": list(array.shape)}


def decode_typed_array(data: dict) -> np.ndarray:
    """The inverse of typed_array (tests and tools read the payload with it)."""
    return np.frombuffer(base64.b64decode(data["bdata"]), dtype="<f4").reshape(data["shape"])
