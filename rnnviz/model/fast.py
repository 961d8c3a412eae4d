"""The vectorised path for networks torch computes natively (LSTM, GRU, tanh/relu RNN).

torch's fused kernel produces h for every step; every gate then follows from (x_t, h_{t-1}) in one
batched matmul over all steps, and the LSTM cell state from its linear recurrence
c_t = f_t c_{t-1} + i_t g_t by a parallel scan. A per-step Python loop is ~28x slower than torch.
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

from .cells import layer_params
from .spec import ModelSpec


def torch_layer(spec: ModelSpec, params: dict, layer: int) -> nn.Module:
    """A one-layer torch module (both directions) holding this layer's weights."""
    kwargs = dict(input_size=spec.layer_input_size(layer), hidden_size=spec.hidden_size, num_layers=1,
                  bias=spec.bias, batch_first=True, bidirectional=spec.bidirectional)
    if spec.cell == "lstm":
        module = nn.LSTM(proj_size=spec.proj_size, **kwargs)
    elif spec.cell == "gru":
        module = nn.GRU(**kwargs)
    else:
        module = nn.RNN(nonlinearity=spec.nonlinearity, **kwargs)
    with torch.no_grad():
        for name, tensor in module.named_parameters():
            source = name.replace("_l0", f"_l{layer}")
            tensor.copy_(params[source])
    return module.requires_grad_(False)


def linear_scan(a: torch.Tensor, b: torch.Tensor, c0: torch.Tensor) -> torch.Tensor:
    """c_t = a_t * c_{t-1} + b_t along dim 1, c_{-1} = c0, in log2(T) vectorised sweeps (Hillis-Steele).

    Done in float64 so the result differs from a float32 sequential loop only by that loop's rounding.
    """
    a = a.double()
    b = b.double().clone()
    b[:, 0] += a[:, 0] * c0.double()
    T, d = a.shape[1], 1
    while d < T:
        b = torch.cat([b[:, :d], torch.addcmul(b[:, d:], a[:, d:], b[:, :-d])], dim=1)
        if 2 * d < T:  # the last sweep needs no new products
            a = torch.cat([a[:, :d], a[:, d:] * a[:, :-d]], dim=1)
        d *= 2
    return b.float()


def _previous(h_seq: torch.Tensor, h0: torch.Tensor, direction: int) -> torch.Tensor:
    """h_{t-1} in the direction's own time order (the reverse direction's previous step is t+1)."""
    if direction == 0:
        return torch.cat([h0.unsqueeze(1), h_seq[:, :-1]], dim=1)
    return torch.cat([h_seq[:, 1:], h0.unsqueeze(1)], dim=1)


def gates_from_hidden(spec: ModelSpec, params: dict, layer: int, direction: int, inputs, h_seq, h0, c0=None):
    """All recorded quantities of one layer and direction, given torch's h for every step."""
    p = layer_params(params, layer, direction)
    H = spec.hidden_size
    h_prev = _previous(h_seq, h0, direction)
    gi = F.linear(inputs, p["weight_ih"], p["bias_ih"])
    gh = F.linear(h_prev, p["weight_hh"], p["bias_hh"])
    if spec.cell == "rnn":
        return {"h": h_seq}
    if spec.cell == "gru":
        gi_r, gi_z, gi_n = gi.split(H, dim=-1)
        gh_r, gh_z, gh_n = gh.split(H, dim=-1)
        r = torch.sigmoid(gi_r + gh_r)
        z = torch.sigmoid(gi_z + gh_z)
        n = torch.tanh(torch.addcmul(gi_n, r, gh_n))
        return {"r": r, "z": z, "n": n, "h": h_seq}
    pre = gi + gh
    i, f, g, o = pre.split(H, dim=-1)
    i, f, o, g = torch.sigmoid(i), torch.sigmoid(f), torch.sigmoid(o), torch.tanh(g)
    if direction:
        c = linear_scan(f.flip(1), (i * g).flip(1), c0).flip(1)
    else:
        c = linear_scan(f, i * g, c0)
    return {"i": i, "f": f, "g": g, "o": o, "c": c, "h": h_seq}


def run_layer_fast(spec: ModelSpec, params: dict, module: nn.Module, layer: int, inputs, h0, c0=None):
    """Run one layer (both directions). h0, c0: (D, B, size). Returns ([per-direction dicts], layer output)."""
    hx = (h0, c0) if spec.cell == "lstm" else h0
    output, _ = module(inputs, hx)
    H_out = spec.output_size
    results = []
    for d in range(spec.num_directions):
        h_seq = output[..., d * H_out:(d + 1) * H_out]
        results.append(gates_from_hidden(spec, params, layer, d, inputs, h_seq, h0[d],
                                         None if c0 is None else c0[d]))
    return results, output
