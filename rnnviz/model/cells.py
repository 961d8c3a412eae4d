"""One time step of each cell, written out as the equations read (the reference and the variants' path).

Every function is plain differentiable torch, so training variants torch lacks works through it too.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .spec import ModelSpec

ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid, "identity": lambda v: v}


def head_activation(name: str, v: torch.Tensor) -> torch.Tensor:
    if name == "softmax":
        return torch.softmax(v, dim=-1)
    return ACTIVATIONS[name](v)


def layer_params(params: dict, layer: int, direction: int) -> dict:
    """The tensors of one layer and direction by role: weight_ih, weight_hh, bias_ih, bias_hh, weight_hr, weight_ch."""
    sfx = f"_l{layer}" + ("_reverse" if direction else "")
    roles = ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr", "weight_ch")
    return {role: params.get(role + sfx) for role in roles}


def _linear(v: torch.Tensor, weight: torch.Tensor, bias) -> torch.Tensor:
    return F.linear(v, weight, bias)


def lstm_step(spec: ModelSpec, p: dict, x_t, h, c):
    """Returns dict(i, f, g, o, c, h) for one step; handles peephole, coupled gates and activations."""
    H = spec.hidden_size
    pre = _linear(x_t, p["weight_ih"], p["bias_ih"]) + _linear(h, p["weight_hh"], p["bias_hh"])
    blocks = dict(zip(spec.gate_blocks, pre.split(H, dim=-1)))
    peep = dict(zip([b for b in spec.gate_blocks if b != "g"], p["weight_ch"].split(H))) if spec.peephole else {}
    f = torch.sigmoid(blocks["f"] + peep["f"] * c if peep else blocks["f"])
    if spec.coupled:
        i = 1 - f  # forget only to write: the new content fills exactly what was forgotten
    else:
        i = torch.sigmoid(blocks["i"] + peep["i"] * c if peep else blocks["i"])
    g = ACTIVATIONS[spec.cell_activation](blocks["g"])
    c_new = f * c + i * g
    o = torch.sigmoid(blocks["o"] + peep["o"] * c_new if peep else blocks["o"])  # o peeks at c_t
    m = o * ACTIVATIONS[spec.output_activation](c_new)
    h_new = _linear(m, p["weight_hr"], None) if spec.proj_size else m
    return {"i": i, "f": f, "g": g, "o": o, "c": c_new, "h": h_new}


def gru_step(spec: ModelSpec, p: dict, x_t, h):
    H = spec.hidden_size
    gi = _linear(x_t, p["weight_ih"], p["bias_ih"]).split(H, dim=-1)
    gh = _linear(h, p["weight_hh"], p["bias_hh"]).split(H, dim=-1)
    r = torch.sigmoid(gi[0] + gh[0])
    z = torch.sigmoid(gi[1] + gh[1])
    n = torch.tanh(gi[2] + r * gh[2])
    return {"r": r, "z": z, "n": n, "h": (1 - z) * n + z * h}


def rnn_step(spec: ModelSpec, p: dict, x_t, h):
    """Elman: h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh). Jordan passes y_{t-1} as h."""
    pre = _linear(x_t, p["weight_ih"], p["bias_ih"]) + _linear(h, p["weight_hh"], p["bias_hh"])
    return {"h": ACTIVATIONS[spec.nonlinearity](pre)}


def head_logits(spec: ModelSpec, params: dict, h_top):
    """The head's W h + b, before its activation (the losses take these)."""
    return _linear(h_top, params["head.weight"], params.get("head.bias"))


def head_step(spec: ModelSpec, params: dict, h_top):
    return head_activation(spec.head.activation, head_logits(spec, params, h_top))


def run_layer_stepwise(spec: ModelSpec, params: dict, layer: int, direction: int, inputs, h0, c0=None,
                       keep=None):
    """Run one layer and direction step by step. inputs (B, T, I).

    Returns ({quantity: (B, T, size)} for the quantities in `keep` (None: all a step computes), the final
    state (h, c)): c is None but for an LSTM. For Jordan, h0 is y_0, a step also computes the head's logits
    "v" and its output "y", and the final state is (y_T, None). Training keeps only what its loss needs
    ("h", or Jordan's "v"); a trace keeps everything.
    """
    p = layer_params(params, layer, direction)
    T = inputs.shape[1]
    order = range(T - 1, -1, -1) if direction else range(T)
    steps: list[dict] = [None] * T
    h, c = h0, c0
    for t in order:
        x_t = inputs[:, t]
        if spec.cell == "lstm":
            out = lstm_step(spec, p, x_t, h, c)
            c = out["c"]
        elif spec.cell == "gru":
            out = gru_step(spec, p, x_t, h)
        elif spec.cell == "jordan":
            out = rnn_step(spec, p, x_t, h)
            out["v"] = head_logits(spec, params, out["h"])
            out["y"] = head_activation(spec.head.activation, out["v"])
        else:
            out = rnn_step(spec, p, x_t, h)
        h = out["y"] if spec.cell == "jordan" else out["h"]
        steps[t] = out
    names = steps[0] if keep is None else keep
    return {q: torch.stack([s[q] for s in steps], dim=1) for q in names}, (h, c)


def run_layers_stepwise(spec: ModelSpec, params: dict, x, h0, c0=None, keep=None):
    """Every layer and direction of a (non-Jordan) network in turn, each step by step.

    h0, c0: (L*D, B, size). Returns (one {quantity: (B, T, size)} per layer * D + direction, the top layer's
    output (B, T, D*H_out), the final state h_n (L*D, B, H_out) and c_n (an LSTM's; else None)).
    """
    D = spec.num_directions
    runs, h_n, c_n = [], [], []
    inputs = x
    for layer in range(spec.num_layers):
        outputs = []
        for d in range(D):
            k = layer * D + d
            keep_layer = None if keep is None else tuple(dict.fromkeys((*keep, "h")))
            values, (h, c) = run_layer_stepwise(spec, params, layer, d, inputs, h0[k],
                                                None if c0 is None else c0[k], keep_layer)
            runs.append(values)
            outputs.append(values["h"])
            h_n.append(h)
            c_n.append(c)
        inputs = outputs[0] if D == 1 else torch.cat(outputs, dim=-1)
    return runs, inputs, torch.stack(h_n), (torch.stack(c_n) if c0 is not None else None)
