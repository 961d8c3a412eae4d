"""The embedding input stage: token ids checked against the vocabulary, then looked up as nn.Embedding does.

A network whose spec has vocab_size > 0 reads token ids, not vectors: shape (T,) or (B, T), as a list, an integer
ndarray or an integer tensor. Every check (type, shape, the session's caps, each id within 0..vocab_size-1) runs on
the ids themselves, before the lookup multiplies them into B x T x input_size numbers. Floating-point input is
refused, even when it holds whole numbers or looks like vectors of input_size: which one was meant cannot be told,
and a network with an embedding starts from the ids (its trace keeps the embedded vectors as trace.x).
"""
from __future__ import annotations

import numpy as np
import torch

from .inputs import check_trace_size
from .spec import MAX_BATCH, MAX_INPUT_VALUES, MAX_STEPS, ModelSpec

_KINDS = {"f": "floating-point numbers", "b": "true/false values", "c": "complex numbers", "U": "text", "S": "bytes",
          "M": "dates", "m": "time spans"}

_IDS_NOT_VECTORS = "a network with an embedding reads token ids, not vectors"


def _empty(what: str, shape) -> str:
    return f"{what} are empty (shape {tuple(shape)}); at least one step is needed"


def id_array(value, what: str) -> np.ndarray:
    """The ids as an integer ndarray (not yet range-checked); anything that is not whole numbers is refused."""
    if isinstance(value, torch.Tensor):
        tensor = value.detach()
        if tensor.layout != torch.strided or tensor.is_meta:
            raise ValueError(f"{what} must be a dense tensor of whole numbers, got a {tensor.layout} tensor"
                             + (" on the meta device" if tensor.is_meta else ""))
        if tensor.numel() == 0:
            raise ValueError(_empty(what, tensor.shape))
        if tensor.is_floating_point() or tensor.is_complex() or tensor.dtype == torch.bool:
            kind = "true/false values" if tensor.dtype == torch.bool else \
                "complex numbers" if tensor.is_complex() else "floating-point numbers"
            raise ValueError(f"{what} must be whole numbers ({_IDS_NOT_VECTORS}), got a tensor of {kind} "
                             f"(dtype {tensor.dtype}); convert it with .long()")
        return tensor.cpu().numpy()
    if isinstance(value, (str, bytes)):
        raise ValueError(f"{what} must be whole numbers, got text {value[:40]!r}: a vocabulary turns text into ids")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError):
        raise ValueError(f"{what} must be a rectangular array of whole numbers; its rows have different lengths") \
            from None
    if array.dtype == object:
        odd = sorted({type(v).__name__ for v in array.reshape(-1)[:1000] if not isinstance(v, (int, np.integer))})
        detail = f"it holds {', '.join(odd)}" if odd else "a number is too large, or its rows have different lengths"
        raise ValueError(f"{what} must be a rectangular array of whole numbers; {detail}")
    if array.size == 0:
        raise ValueError(_empty(what, array.shape))
    if array.dtype.kind not in "iu":
        kind = _KINDS.get(array.dtype.kind, str(array.dtype))
        raise ValueError(f"{what} must be whole numbers ({_IDS_NOT_VECTORS}), got {kind} (shape "
                         f"{tuple(array.shape)}); pass ints, e.g. [3, 1, 4] or np.array(..., dtype=np.int64)")
    return array


def coerce_token_ids(spec: ModelSpec, value, what: str = "the token ids") -> tuple[torch.Tensor, bool]:
    """Token ids as a (B, T) int64 tensor, and whether they came unbatched as (T,). ValueError says what is wrong."""
    V = spec.vocab_size
    if not V:
        raise ValueError(f"this {spec.kind_label} has no embedding, so it reads vectors, not token ids")
    array = id_array(value, what)
    if array.ndim not in (1, 2):
        raise ValueError(f"{what} must have shape (T,) or (B, T) for a network with an embedding; "
                         f"got shape {tuple(array.shape)}")
    unbatched = array.ndim == 1
    if unbatched:
        array = array[None]
    B, T = array.shape
    if T > MAX_STEPS:
        raise ValueError(f"x has {T} steps; at most {MAX_STEPS} are allowed")
    if B > MAX_BATCH:
        raise ValueError(f"x has a batch of {B}; at most {MAX_BATCH} are allowed")
    embedded = B * T * spec.input_size
    if embedded > MAX_INPUT_VALUES:
        raise ValueError(f"{B * T:,} token ids embed into {embedded:,} numbers (input_size={spec.input_size}); a "
                         f"session may hold at most {MAX_INPUT_VALUES:,} on a shared server (fewer steps)")
    check_trace_size(spec, B, T)
    outside = (array < 0) | (array >= V)
    if outside.any():
        b, t = (int(k) for k in np.argwhere(outside)[0])
        where = ", ".join([f"sequence {b}"] * (B > 1) + [f"step {t}"] * (T > 1))  # (a stream's one step: neither)
        raise ValueError(f"token id {int(array[b, t])}{' at ' + where if where else ''} is outside the vocabulary: "
                         f"ids run from 0 to {V - 1} (vocab_size={V})")
    return torch.from_numpy(array.astype(np.int64)), unbatched


def embed(table: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
    """(B, T) checked ids -> (B, T, input_size): row ids[b, t] of the table, exactly nn.Embedding's forward."""
    return torch.nn.functional.embedding(ids, table)
