"""Read a safetensors file: named tensors and nothing else, so nothing in it can run.

The format is an 8-byte little-endian header length N, N bytes of JSON naming each tensor's dtype, shape and
byte range, then the tensors' bytes. Every claim of the header is checked against the file before anything is
parsed or allocated: N against the file's size and a cap, then (parsed) each entry's dtype, shape and byte range,
which must tile the data exactly. Only then does safetensors.torch.load build the tensors. Each refusal is a
ValueError that says what the file holds.
"""
from __future__ import annotations

import json
import math
import struct
from collections import OrderedDict

import torch

from rnnviz.checks import whole

# A header lists every tensor by name; a network within the caps needs a few KB. Hugging Face's readers allow
# 100 MB: far more than a checkpoint of at most 20 MB could ever describe.
MAX_HEADER_BYTES = 1024 * 1024
_ITEM_BYTES = {"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
               "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8}
_MAX_DIMS = 8


def looks_like_safetensors(data: bytes) -> bool:
    """Whether the bytes start as a safetensors file does: a header length, then a JSON object."""
    return len(data) > 8 and data[8:9] == b"{"


def _header_length(data: bytes) -> int:
    (length,) = struct.unpack("<Q", data[:8])
    if length > len(data) - 8:
        raise ValueError(f"this safetensors file is damaged or cut short: its header claims {length:,} bytes, but "
                         f"the file has only {len(data) - 8:,} after the header length")
    if length > MAX_HEADER_BYTES:
        raise ValueError(f"this safetensors file's header is {length:,} bytes; at most {MAX_HEADER_BYTES:,} are read "
                         "(a network rnnviz can show needs a few thousand)")
    return length


def _parse_header(raw: bytes) -> dict:
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ValueError("this safetensors file's header is not valid JSON (damaged?)") from None
    if not isinstance(header, dict):
        raise ValueError(f"this safetensors file's header must be a JSON object, got a {type(header).__name__}")
    return header


def _count(value) -> bool:
    return whole(value) and value >= 0


def _entry_bytes(name: str, entry) -> tuple[int, int]:
    """The byte range an entry claims, after checking its dtype and that its shape needs exactly that many bytes."""
    if not isinstance(entry, dict) or not {"dtype", "shape", "data_offsets"} <= set(entry):
        raise ValueError(f"the safetensors entry {name[:80]!r} is not a tensor (it needs dtype, shape and "
                         f"data_offsets); got {str(entry)[:80]}")
    dtype, shape, offsets = entry["dtype"], entry["shape"], entry["data_offsets"]
    if dtype not in _ITEM_BYTES:
        raise ValueError(f"the safetensors tensor {name[:80]!r} has dtype {str(dtype)[:20]!r}, which rnnviz does not "
                         f"read; known: {', '.join(_ITEM_BYTES)}")
    if not (isinstance(shape, list) and len(shape) <= _MAX_DIMS and all(map(_count, shape))):
        raise ValueError(f"the safetensors tensor {name[:80]!r} has shape {str(shape)[:80]}; a shape is a list of at "
                         f"most {_MAX_DIMS} whole numbers")
    if not (isinstance(offsets, list) and len(offsets) == 2 and all(map(_count, offsets)) and offsets[0] <= offsets[1]):
        raise ValueError(f"the safetensors tensor {name[:80]!r} has data_offsets {str(offsets)[:80]}; expected "
                         "[begin, end] with begin <= end")
    need = math.prod(shape) * _ITEM_BYTES[dtype]
    if offsets[1] - offsets[0] != need:
        raise ValueError(f"the safetensors tensor {name[:80]!r} claims shape {shape} of {dtype} ({need:,} bytes) but "
                         f"spans {offsets[1] - offsets[0]:,} bytes: the header does not describe the data")
    return offsets[0], offsets[1]


def _check_layout(ranges: list[tuple[int, int, str]], data_bytes: int) -> None:
    """The tensors' byte ranges must tile the data from its first byte to its last, with no gap or overlap."""
    at = 0
    for begin, end, name in sorted(ranges):
        if begin != at:
            what = "overlaps the one before it" if begin < at else "leaves a gap before it"
            raise ValueError(f"this safetensors file's header lies: tensor {name[:80]!r} {what}")
        at = end
    if at > data_bytes:
        raise ValueError(f"this safetensors file is cut short: its tensors need {at:,} bytes of data, the file holds "
                         f"{data_bytes:,}")
    if at < data_bytes:
        raise ValueError(f"this safetensors file holds {data_bytes - at:,} bytes that no tensor in its header covers "
                         "(damaged?)")


def read_safetensors(data: bytes) -> OrderedDict[str, torch.Tensor]:
    """Every tensor by name, in the header's order (safetensors writes names sorted). ValueError for the rest."""
    length = _header_length(data)
    header = _parse_header(data[8:8 + length])
    names = [name for name in header if name != "__metadata__"]
    if not names:
        raise ValueError("this safetensors file holds no tensors (only metadata); save the weights with "
                         "safetensors.torch.save_file(model.state_dict(), 'model.safetensors')")
    ranges = [(*_entry_bytes(name, header[name]), name) for name in names]
    _check_layout(ranges, len(data) - 8 - length)
    from safetensors import SafetensorError
    from safetensors.torch import load

    try:
        tensors = load(data)
    except (SafetensorError, ValueError, RuntimeError, OverflowError) as err:
        first = (str(err).strip().splitlines() or [type(err).__name__])[0][:200]
        raise ValueError(f"the safetensors file could not be read (damaged?): {first}") from None
    return OrderedDict((name, tensors[name]) for name in names)
