"""Argument checks the learn modules share beyond rnnviz.checks (they need torch); each raises ValueError naming
what was expected and given."""
from __future__ import annotations

import numpy as np
import torch


def float64_sequence(x, input_size: int) -> torch.Tensor:
    """One sequence x as a (T, input_size) float64 tensor of finite numbers (T >= 1)."""
    x = torch.as_tensor(np.asarray(x, dtype=np.float64))
    if x.ndim != 2 or x.shape[1] != input_size or x.shape[0] < 1:
        raise ValueError(f"x must have shape (T, {input_size}) with T >= 1, got {tuple(x.shape)}")
    if not torch.isfinite(x).all():
        raise ValueError("x must hold finite numbers; it has NaN or infinity")
    return x
