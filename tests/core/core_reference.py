"""An independent float64 reference for every recurrence the core records, written from the equations.

Nothing here imports rnnviz: the weights come from a torch module's (or any) state dict under torch's
names, and each step is written out the way course-notes.md section 4 and torch's docs state it. The
tests compare rnnviz's traces against this and against torch itself.
"""
from __future__ import annotations

import torch

ACT = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid, "identity": lambda v: v}


def _get(sd, role, layer, direction):
    return sd.get(f"{role}_l{layer}{'_reverse' if direction else ''}")


def _affine(v, weight, bias):
    out = v @ weight.T
    return out if bias is None else out + bias


def lstm_step(p, x_t, h, c, H, *, peephole=False, coupled=False, cell_act="tanh", out_act="tanh"):
    pre = _affine(x_t, p["weight_ih"], p["bias_ih"]) + _affine(h, p["weight_hh"], p["bias_hh"])
    names = ("f", "g", "o") if coupled else ("i", "f", "g", "o")
    a = {n: pre[:, k * H:(k + 1) * H] for k, n in enumerate(names)}
    if peephole:
        peep_names = ("f", "o") if coupled else ("i", "f", "o")
        w = {n: p["weight_ch"][k * H:(k + 1) * H] for k, n in enumerate(peep_names)}
    else:
        w = {n: torch.zeros(H, dtype=x_t.dtype) for n in ("i", "f", "o")}
    f = torch.sigmoid(a["f"] + w["f"] * c)
    i = 1 - f if coupled else torch.sigmoid(a["i"] + w["i"] * c)
    g = ACT[cell_act](a["g"])
    c_new = f * c + i * g
    o = torch.sigmoid(a["o"] + w["o"] * c_new)
    m = o * ACT[out_act](c_new)
    h_new = m @ p["weight_hr"].T if p.get("weight_hr") is not None else m
    return {"i": i, "f": f, "g": g, "o": o, "c": c_new, "h": h_new}


def gru_step(p, x_t, h, H):
    gi = _affine(x_t, p["weight_ih"], p["bias_ih"])
    gh = _affine(h, p["weight_hh"], p["bias_hh"])
    r = torch.sigmoid(gi[:, :H] + gh[:, :H])
    z = torch.sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])
    n = torch.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])
    return {"r": r, "z": z, "n": n, "h": (1 - z) * n + z * h}


def rnn_step(p, x_t, h, nonlinearity):
    return {"h": ACT[nonlinearity](_affine(x_t, p["weight_ih"], p["bias_ih"])
                                   + _affine(h, p["weight_hh"], p["bias_hh"]))}


def reference(cell, state_dict, x, h0=None, c0=None, *, num_layers=1, bidirectional=False, hidden_size,
              proj_size=0, nonlinearity="tanh", **lstm_options):
    """Run a whole (stacked, possibly bidirectional) network in float64, one step at a time.

    x: (B, T, I). h0: (D*L, B, H_out), c0: (D*L, B, H) or None for zeros.
    Returns (values, output): values[layer][direction][quantity] is (B, T, size) in original time order;
    output is the last layer's (B, T, D*H_out).
    """
    sd = {k: v.detach().double() for k, v in state_dict.items()}
    x = torch.as_tensor(x).double()
    B, T, _ = x.shape
    D = 2 if bidirectional else 1
    H, H_out = hidden_size, proj_size or hidden_size
    h0 = torch.zeros(D * num_layers, B, H_out, dtype=torch.float64) if h0 is None else h0.double()
    c0 = torch.zeros(D * num_layers, B, H, dtype=torch.float64) if c0 is None else c0.double()
    values = []
    inputs = x
    for layer in range(num_layers):
        per_dir = []
        for d in range(D):
            p = {role: _get(sd, role, layer, d)
                 for role in ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr", "weight_ch")}
            h, c = h0[layer * D + d], c0[layer * D + d]
            steps = [None] * T
            for t in (range(T - 1, -1, -1) if d else range(T)):
                if cell == "lstm":
                    out = lstm_step(p, inputs[:, t], h, c, H, **lstm_options)
                    c = out["c"]
                elif cell == "gru":
                    out = gru_step(p, inputs[:, t], h, H)
                else:
                    out = rnn_step(p, inputs[:, t], h, nonlinearity)
                h = out["h"]
                steps[t] = out
            per_dir.append({q: torch.stack([s[q] for s in steps], dim=1) for q in steps[0]})
        values.append(per_dir)
        inputs = torch.cat([r["h"] for r in per_dir], dim=-1)
    return values, inputs
