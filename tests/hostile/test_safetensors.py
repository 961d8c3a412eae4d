"""safetensors files that are not what they claim: refused with a reason before anything is parsed or built."""
from __future__ import annotations

import json
import struct

import pytest
import safetensors.torch
import torch
import torch.nn as nn

from rnnviz.model.checkpoints import read_checkpoint
from rnnviz.model.network import Network
from rnnviz.model.safetensors_file import MAX_HEADER_BYTES
from tests.pages.conftest import errors


def good() -> bytes:
    torch.manual_seed(0)
    return safetensors.torch.save(dict(nn.GRU(3, 4).state_dict()))


def with_header(header, data: bytes = b"") -> bytes:
    raw = json.dumps(header).encode() if not isinstance(header, bytes) else header
    return struct.pack("<Q", len(raw)) + raw + data


def header_of(blob: bytes) -> tuple[dict, bytes]:
    (length,) = struct.unpack("<Q", blob[:8])
    return json.loads(blob[8:8 + length]), blob[8 + length:]


def edited(change) -> bytes:
    header, data = header_of(good())
    change(header)
    return with_header(header, data)


def test_a_good_file_reads_in_the_headers_order():
    tensors, notes = read_checkpoint(good())
    assert list(tensors) == ["bias_hh_l0", "bias_ih_l0", "weight_hh_l0", "weight_ih_l0"] and notes == []
    assert tensors["weight_ih_l0"].shape == (12, 3)


def test_the_header_length_is_bounded_by_the_file_and_a_cap_before_it_is_read():
    with pytest.raises(ValueError, match=r"header claims 18,446,744,073,709,551,615 bytes, but the file has only 1"):
        read_checkpoint(struct.pack("<Q", 2**64 - 1) + b"{")
    huge = with_header(b"{" + b" " * (MAX_HEADER_BYTES + 1) + b"}")
    with pytest.raises(ValueError, match=f"header is {MAX_HEADER_BYTES + 3:,} bytes; at most {MAX_HEADER_BYTES:,}"):
        read_checkpoint(huge)


@pytest.mark.parametrize("blob, fragment", [
    (good()[:-7], "cut short: its tensors need"),
    (good()[:40], "damaged or cut short: its header claims"),
    (good() + b"\0" * 16, "holds 16 bytes that no tensor in its header covers"),
    (with_header(b"{not json"), "header is not valid JSON"),
    (with_header(b"{" * 5000 + b"}" * 5000), "header is not valid JSON"),
    (with_header(b'{"\xff": 1}'), "header is not valid JSON"),
    (with_header(b"{}"), "holds no tensors"),
    (safetensors.torch.save({}, metadata={"format": "pt"}), r"holds no tensors \(only metadata\)"),
    (with_header({"w": "a string"}), "the safetensors entry 'w' is not a tensor"),
    (with_header({"w": {"dtype": "F32", "shape": [1]}}), "needs dtype, shape and data_offsets"),
    (with_header({"w": {"dtype": "OBJ", "shape": [1], "data_offsets": [0, 4]}}, b"\0" * 4), "dtype 'OBJ'"),
    (with_header({"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}, b"\0" * 4), r"has shape \[-1\]"),
    (with_header({"w": {"dtype": "F32", "shape": [True], "data_offsets": [0, 4]}}, b"\0" * 4), "has shape"),
    (with_header({"w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 0]}}, b"\0" * 4), "begin <= end"),
    # lying headers: a shape the bytes cannot hold, ranges that overlap, leave gaps or run past the end
    (with_header({"w": {"dtype": "F32", "shape": [10**9, 10**9], "data_offsets": [0, 4]}}, b"\0" * 4),
     "the header does not describe the data"),
    (with_header({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                  "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}, b"\0" * 12), "overlaps"),
    (with_header({"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}, b"\0" * 8), "leaves a gap"),
    (with_header({"a": {"dtype": "F64", "shape": [4], "data_offsets": [0, 32]}}, b"\0" * 8), "cut short"),
])
def test_damaged_and_lying_files_are_refused(blob, fragment):
    with pytest.raises(ValueError, match=fragment):
        read_checkpoint(blob)


def test_tensors_that_are_not_weights_are_refused_where_the_network_reads_them():
    state = dict(nn.LSTM(2, 2).state_dict())
    state["weight_hh_l0"] = state["weight_hh_l0"].to(torch.int32)
    with pytest.raises(ValueError, match="weight_hh_l0 holds int32 numbers"):
        Network.from_checkpoint(safetensors.torch.save(state))
    state = dict(nn.LSTM(2, 2).state_dict())
    state["weight_hh_l0"][0, 0] = float("nan")
    with pytest.raises(ValueError, match="weight_hh_l0 holds NaN or infinity"):
        Network.from_checkpoint(safetensors.torch.save(state))


def test_the_import_page_reads_a_safetensors_upload_with_its_embedding_and_refuses_a_lying_one():
    from tests.pages.test_import_export_page import open_import_export, upload, view
    torch.manual_seed(1)
    state = {"word_embeddings.weight": torch.randn(9, 6),
             **{f"lstm.{k}": v for k, v in nn.LSTM(6, 6).state_dict().items()},
             **{f"hidden2tag.{k}": v for k, v in nn.Linear(6, 3).state_dict().items()}}
    at = open_import_export()
    before = view(at).spec
    upload(at, with_header({"w": {"dtype": "F32", "shape": [9], "data_offsets": [0, 4]}}, b"\0" * 4),
           name="lying.safetensors")
    assert any("the header does not describe the data" in e for e in errors(at)), errors(at)
    assert view(at).spec == before
    upload(at, safetensors.torch.save(state), name="tagger.safetensors")
    assert errors(at) == []
    rows = dict(zip(at.dataframe[0].value.iloc[:, 0], at.dataframe[0].value.iloc[:, 2]))
    assert rows["Embedding (token ids in)"] == "word_embeddings.weight: 9 × 6"
    at.button(key="ie_use").click().run()
    assert not at.exception and errors(at) == []
    assert view(at).spec.vocab_size == 9 and view(at).sequence.kind == "ids"
