"""Turn what a user hands us (tensor, ndarray, nested lists) into checked float32 tensors, or say why not."""
from __future__ import annotations

import math

import numpy as np
import torch

from .spec import MAX_BATCH, MAX_INPUT_VALUES, MAX_STEPS, MAX_TRACE_VALUES, ModelSpec


def as_float_tensor(value, what: str) -> torch.Tensor:
    """A float32 tensor from real numbers; bool, complex, text and ragged lists are refused."""
    if isinstance(value, torch.Tensor):
        tensor = value.detach()
        if tensor.dtype == torch.bool or tensor.is_complex():
            raise ValueError(f"{what} must hold real numbers, got a tensor of dtype {tensor.dtype}")
        return tensor.to("cpu", torch.float32, copy=True)  # a copy: a trace never aliases the caller's tensor
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(f"{what} must be a rectangular array of numbers; its rows have different lengths") from None
    if array.dtype == object:
        if array.ndim == 0:
            raise ValueError(f"{what} must be an array of real numbers, got {type(value).__name__}")
        odd = sorted({type(v).__name__ for v in array.reshape(-1) if not isinstance(v, (int, float, np.number))})
        raise ValueError(f"{what} must be a rectangular array of real numbers; its rows have different lengths "
                         f"or it holds something that is not a number ({', '.join(odd) or 'mixed rows'})")
    if array.dtype.kind not in "iuf":
        kinds = {"b": "true/false values", "c": "complex numbers", "U": "text", "S": "bytes", "M": "dates"}
        raise ValueError(f"{what} must hold real numbers, got {kinds.get(array.dtype.kind, array.dtype)}")
    return torch.from_numpy(np.array(array, dtype=np.float32, order="C"))  # a copy; keeps a 0-d shape as ()


def _check_finite(tensor: torch.Tensor, what: str) -> None:
    # aminmax propagates NaN and shows +-inf as its min or max: one pass and no temporaries, where
    # isfinite(tensor).all() takes several ops and bool tensors (~190 us for 80,000 numbers, ~9 us this way)
    if tensor.numel() == 0:
        return
    low, high = torch.aminmax(tensor)
    if not (math.isfinite(low.item()) and math.isfinite(high.item())):
        bad = (~torch.isfinite(tensor)).nonzero()[0].tolist()
        raise ValueError(f"{what} must be finite numbers; found NaN or infinity at index {tuple(bad)}")


def check_trace_size(spec: ModelSpec, batch: int, steps: int) -> None:
    """Refuse, before anything is computed, a run whose trace would not fit a session's budget; say what fits."""
    per_step = spec.trace_values_per_step(batch)
    if per_step * steps > MAX_TRACE_VALUES:
        fits = MAX_TRACE_VALUES // per_step
        what = f"{batch} sequences of {steps:,} steps" if batch > 1 else f"{steps:,} steps"
        raise ValueError(f"recording {what} of this model takes {per_step * steps:,} values ({per_step:,} a step); "
                         f"a session may record at most {MAX_TRACE_VALUES:,} on a shared server: "
                         + (f"up to {fits:,} steps fit, or use a smaller model" if fits else "use a smaller model"))


def coerce_sequence(spec: ModelSpec, x) -> tuple[torch.Tensor, bool]:
    """x as (B, T, input_size) float32, and whether it came unbatched as (T, input_size)."""
    tensor = as_float_tensor(x, "the input sequence x")
    if tensor.dim() not in (2, 3):
        raise ValueError("the input sequence x must have shape (T, input_size) or (B, T, input_size) "
                         f"with input_size={spec.input_size}; got shape {tuple(tensor.shape)}")
    unbatched = tensor.dim() == 2
    if unbatched:
        tensor = tensor.unsqueeze(0)
    B, T, I = tensor.shape
    if T == 0 or B == 0:
        raise ValueError(f"the input sequence x is empty (shape {tuple(tensor.shape)}); it needs at least one step")
    if I != spec.input_size:
        raise ValueError(f"each step of x must have input_size={spec.input_size} values; "
                         f"got {I} (x has shape {tuple(tensor.shape)})")
    if T > MAX_STEPS:
        raise ValueError(f"x has {T} steps; at most {MAX_STEPS} are allowed")
    if B > MAX_BATCH:
        raise ValueError(f"x has a batch of {B}; at most {MAX_BATCH} are allowed")
    if B * T * I > MAX_INPUT_VALUES:
        raise ValueError(f"x holds {B * T * I:,} numbers; a session may hold at most {MAX_INPUT_VALUES:,} "
                         "on a shared server (fewer steps or inputs)")
    check_trace_size(spec, B, T)
    _check_finite(tensor, "the input sequence x")
    return tensor, unbatched


def state_shapes(spec: ModelSpec, batch: int) -> dict[str, tuple[int, ...]]:
    """torch's batched state shapes: h (D*L, B, H_out), c (D*L, B, H); Jordan's y (1, B, out)."""
    DL = spec.num_directions * spec.num_layers
    if spec.cell == "jordan":
        return {"y": (1, batch, spec.head.out_features)}
    shapes = {"h": (DL, batch, spec.output_size)}
    if spec.cell == "lstm":
        shapes["c"] = (DL, batch, spec.hidden_size)
    return shapes


def coerce_state(spec: ModelSpec, state, batch: int, unbatched: bool) -> dict[str, torch.Tensor] | None:
    """A torch-style initial state (h0; (h0, c0) for an LSTM; y0 for Jordan) as batched tensors."""
    if state is None:
        return None
    shapes = state_shapes(spec, batch)
    names = list(shapes)
    if spec.cell == "lstm":
        if not (isinstance(state, (tuple, list)) and len(state) == 2):
            if isinstance(state, (tuple, list)):
                given = f"a {type(state).__name__} of {len(state)}"
            elif hasattr(state, "shape"):
                given = f"one {type(state).__name__} of shape {tuple(state.shape)}"
            else:
                given = type(state).__name__
            raise ValueError(f"an LSTM's initial state must be a pair (h0, c0); got {given}")
        parts = list(state)
    else:
        parts = [state[0] if isinstance(state, tuple) and len(state) == 1 else state]
    out = {}
    for name, part in zip(names, parts):
        tensor = as_float_tensor(part, f"the initial state {name}0")
        want = shapes[name]
        if unbatched and tensor.dim() == 2:
            tensor = tensor.unsqueeze(1)
        if tuple(tensor.shape) != want:
            shown = (want[0], want[2]) if unbatched else want
            raise ValueError(f"the initial state {name}0 must have shape {shown}; got {tuple(tensor.shape)}")
        _check_finite(tensor, f"the initial state {name}0")
        out[name] = tensor
    return out
