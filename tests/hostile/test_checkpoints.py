"""Checkpoints that hold no numbers are refused with a ValueError (the Import page shows it), not a crash."""
from __future__ import annotations

import io

import pytest
import torch

from rnnviz.model.network import Network
from tests.pages.conftest import errors


def meta_checkpoint() -> bytes:
    with torch.device("meta"):
        module = torch.nn.LSTM(3, 4)
    buffer = io.BytesIO()
    torch.save({"epoch": 3, "model_state_dict": module.state_dict()}, buffer)
    return buffer.getvalue()


def test_meta_device_tensors_are_a_value_error():
    with pytest.raises(ValueError, match="'model_state_dict.weight_ih_l0' has a shape but no numbers"):
        Network.from_checkpoint(meta_checkpoint())


def test_the_import_page_says_why_and_keeps_the_model():
    from tests.pages.test_import_export_page import open_import_export, upload
    at = open_import_export()
    before = at.session_state["rnnviz_view"]
    upload(at, meta_checkpoint())
    assert any("has a shape but no numbers" in e for e in errors(at)), errors(at)
    assert at.session_state["rnnviz_view"].spec == before.spec
