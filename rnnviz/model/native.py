"""torch's own module for a spec torch computes natively: nn.LSTM, nn.GRU or nn.RNN, batch-first."""
from __future__ import annotations

import torch.nn as nn

from .spec import ModelSpec


def native_module(spec: ModelSpec, *, layers: int | None = None, input_size: int | None = None,
                  device=None) -> nn.Module:
    """The nn.LSTM / nn.GRU / nn.RNN with this spec's sizes (its own fresh weights). layers and input_size
    override the spec's (one layer of a deeper network); device="meta" builds shapes with no memory."""
    kwargs = dict(input_size=spec.input_size if input_size is None else input_size, hidden_size=spec.hidden_size,
                  num_layers=spec.num_layers if layers is None else layers, bias=spec.bias, batch_first=True,
                  bidirectional=spec.bidirectional, device=device)
    if spec.cell == "lstm":
        return nn.LSTM(proj_size=spec.proj_size, **kwargs)
    if spec.cell == "gru":
        return nn.GRU(**kwargs)
    return nn.RNN(nonlinearity=spec.nonlinearity, **kwargs)
