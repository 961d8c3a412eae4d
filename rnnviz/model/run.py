"""Run a whole network over a sequence and record everything: layers, directions, head."""
from __future__ import annotations

import torch

from .cells import head_step, run_layer_stepwise, run_layers_stepwise
from .fast import run_layer_fast
from .spec import ModelSpec
from .trace import Trace


def zero_state(spec: ModelSpec, batch: int) -> dict[str, torch.Tensor]:
    from .inputs import state_shapes
    return {name: torch.zeros(shape) for name, shape in state_shapes(spec, batch).items()}


def run_network(spec: ModelSpec, params: dict, x: torch.Tensor, state: dict | None, unbatched: bool,
                torch_layers=None, ids: torch.Tensor | None = None) -> Trace:
    """x (B, T, I) checked; state torch-shaped and batched, or None. torch_layers: cached one-layer modules
    for the fast path (None: use the step-by-step equations). ids: the token ids x was embedded from, if any."""
    B, T, _ = x.shape
    state = state or zero_state(spec, B)
    L, D = spec.num_layers, spec.num_directions
    initial = {}
    inputs = x
    with torch.no_grad():
        if spec.cell == "jordan":
            y0 = state["y"][0]
            out, _ = run_layer_stepwise(spec, params, 0, 0, inputs, y0, keep=("h", "y"))
            values = {"h": out["h"][None, None], "y": out["y"]}
            initial = {"h": torch.zeros(1, 1, B, spec.hidden_size), "y": y0[None, None]}
            return Trace(spec, x, values, initial, unbatched, ids)
        h_all = state["h"].reshape(L, D, B, -1)
        c_all = state["c"].reshape(L, D, B, -1) if "c" in state else None
        initial["h"] = h_all
        if c_all is not None:
            initial["c"] = c_all
        if torch_layers is None:  # the step equations, every layer at once
            runs, inputs, _, _ = run_layers_stepwise(spec, params, x, state["h"], state.get("c"), spec.quantities)
            values = {q: runs[0][q][None] if len(runs) == 1 else torch.stack([r[q] for r in runs])
                      for q in spec.quantities}  # one layer: a view, no copy
        else:
            # Every quantity's storage, (L*D, B, T, size), filled in place by the layers: a free reshape to
            # (L, D, ...) at the end, and no stacking copy.
            values = {q: x.new_empty(L * D, B, T, spec.output_size if q == "h" else spec.hidden_size)
                      for q in spec.quantities}
            for layer in range(L):
                out = [{q: v[layer * D + d] for q, v in values.items()} for d in range(D)]
                need_output = layer < L - 1 or spec.head is not None
                c0 = None if c_all is None else c_all[layer]
                inputs = run_layer_fast(spec, params, torch_layers[layer], layer, inputs, h_all[layer], c0, out,
                                        need_output)
        values = {q: v.unflatten(0, (L, D)) for q, v in values.items()}
        if spec.head is not None:
            top = inputs if spec.head.every_step else inputs[:, -1:]
            values["y"] = head_step(spec, params, top)
    return Trace(spec, x, values, initial, unbatched, ids)
