"""The differentiable forward pass training uses: parameters in, head *logits* out, nothing recorded.

`forward(spec, params, x)` returns what the head computes *before* its activation (softmax / sigmoid):
the losses (cross-entropy, binary cross-entropy with logits) take logits, because log(softmax(v)) is
computed stably from v directly, and a softmax followed by a log is not. Apply the head's activation
(`rnnviz.model.cells.head_activation`) to get the y a trace shows.

Two paths, one result:
- torch-native specs (LSTM, GRU, tanh/relu RNN) run torch's fused nn.LSTM / nn.GRU / nn.RNN kernel,
  made to compute with the given tensors: nn.Parameters are bound to the module itself (a training
  step then costs what a hand-written torch loop costs; `bound_forward` is that, for a training loop),
  other tensors go through torch.func.functional_call (still differentiable, ~15 us slower a call).
  forward() keeps its modules per spec and per thread (a Streamlit server runs sessions in threads).
- the variants torch lacks (peephole / coupled LSTM, other activations, identity RNN, Jordan) run the
  very loop a trace runs for them (rnnviz.model.cells.run_layers_stepwise, plain differentiable torch),
  keeping only h: the step equations are defined once, for both.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import partial

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call

from rnnviz.model import cells
from rnnviz.model.cells import run_layer_stepwise, run_layers_stepwise
from rnnviz.model.native import native_module
from rnnviz.model.spec import ModelSpec

__all__ = ["bound_forward", "forward", "forward_with_state", "head_logits"]

_MODULES_PER_THREAD = 8  # specs kept per thread; a session rarely switches between more
_local = threading.local()


def forward(spec: ModelSpec, params: dict[str, torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """Head logits (pre-activation) for x (B, T, input_size): (B, T, out) with an every-step head,
    (B, out) for a many-to-one head (read out from the last step, as a trace's y is).

    Differentiable in `params` (torch's names: weight_ih_l0 ..., head.weight, head.bias). x is used as
    given: callers check it (train() does). The initial state is zeros.
    """
    return forward_with_state(spec, params, x)[0]


def forward_with_state(spec: ModelSpec, params: dict, x: torch.Tensor, state=None):
    """forward() from an initial state, also returning the final state, for feeding a sequence in pieces.

    state: None (zeros), or torch's layout as Network.trace takes it: h (L*D, B, H_out) for a GRU/RNN,
    (h, c) for an LSTM, the fed-back y (1, B, out) for a Jordan network.
    Returns (logits, the final state in the same layout).
    """
    if spec.head is None:
        raise ValueError(f"this {spec.kind_label} has no head (HeadSpec): there is no output to compute")
    if spec.is_torch_native:
        top, final = _run_native(spec, params, x, state)
        logits = head_logits(spec, params, top)
    elif spec.cell == "jordan":
        logits, final = _run_jordan(spec, params, x, state)
        return (logits if spec.head.every_step else logits[:, -1]), final
    else:
        top, final = _run_stepwise(spec, params, x, state)
        logits = head_logits(spec, params, top)
    return logits, final


def head_logits(spec: ModelSpec, params: dict, top: torch.Tensor) -> torch.Tensor:
    """The head's W h + b on the last layer's output (B, T, D*H_out): every step, or only the last."""
    return cells.head_logits(spec, params, top if spec.head.every_step else top[:, -1])


def bound_forward(spec: ModelSpec, params: dict) -> Callable[[torch.Tensor], torch.Tensor]:
    """forward(spec, params, .) with the parameters fixed: what a training loop calls every step.

    When the tensors are nn.Parameters of a torch-native spec, they become the parameters of a module of
    the function's own, so each call is exactly `module(x)` and a linear layer, as in a hand-written loop.
    """
    if spec.head is None:
        raise ValueError(f"this {spec.kind_label} has no head (HeadSpec): there is no output to compute")
    if not spec.is_torch_native:
        return partial(forward, spec, params)
    module = _new_module(spec)
    names = module._flat_weights_names
    if not all(isinstance(params[n], nn.Parameter) for n in names):
        return partial(forward, spec, params)
    for n in names:  # RNNBase.__setattr__ keeps the fused kernel's weight list in step
        setattr(module, n, params[n])
    weight, bias = params["head.weight"], params.get("head.bias")
    if spec.head.every_step:
        def run(x):
            return F.linear(module(x)[0], weight, bias)
    else:
        def run(x):
            return F.linear(module(x)[0][:, -1], weight, bias)
    return run


# --- torch-native: the fused kernel ---------------------------------------------------------------
def _new_module(spec: ModelSpec) -> nn.Module:
    """An nn.LSTM / GRU / RNN for this spec. Built on the meta device: no memory, and no draw from the
    global random generator (its own weights are never used)."""
    return native_module(spec, device="meta")


def _native_module(spec: ModelSpec) -> nn.Module:
    """The module for this spec, cached per thread (a Streamlit server runs sessions in threads, and a
    call may bind tensors to it)."""
    cache = getattr(_local, "modules", None)
    if cache is None:
        cache = _local.modules = OrderedDict()
    module = cache.get(spec)
    if module is not None:
        cache.move_to_end(spec)
        return module
    module = cache[spec] = _new_module(spec)
    while len(cache) > _MODULES_PER_THREAD:
        cache.popitem(last=False)
    return module


def _run_native(spec: ModelSpec, params: dict, x: torch.Tensor, state):
    module = _native_module(spec)
    names = module._flat_weights_names
    if all(module._parameters[n] is params[n] for n in names):  # bound already: the plain-torch cost
        out, final = module(x, state)
    elif all(isinstance(params[n], nn.Parameter) for n in names):
        for n in names:  # RNNBase.__setattr__ keeps the fused kernel's weight list in step
            setattr(module, n, params[n])
        out, final = module(x, state)
    else:
        out, final = functional_call(module, {n: params[n] for n in names}, (x, state), tie_weights=False,
                                     strict=True)
    return out, final


# --- variants: the step equations ------------------------------------------------------------------
def _run_stepwise(spec: ModelSpec, params: dict, x: torch.Tensor, state):
    """The trace's own step loop (cells.run_layers_stepwise), keeping only h and the final state."""
    B = x.shape[0]
    if state is None:
        h0 = x.new_zeros(spec.num_layers * spec.num_directions, B, spec.output_size)
        c0 = h0.new_zeros(*h0.shape[:2], spec.hidden_size) if spec.cell == "lstm" else None
    else:
        h0, c0 = state if spec.cell == "lstm" else (state, None)
    _, top, h_n, c_n = run_layers_stepwise(spec, params, x, h0, c0, keep=("h",))
    return top, ((h_n, c_n) if spec.cell == "lstm" else h_n)


def _run_jordan(spec: ModelSpec, params: dict, x: torch.Tensor, state):
    """h_t = act(W_ih x_t + b_ih + W_hh y_{t-1} + b_hh), y_t = head_act(W h_t + b): the activated y is fed
    back, the logits v = W h_t + b are returned."""
    y0 = x.new_zeros(x.shape[0], spec.head.out_features) if state is None else state[0]
    values, (y, _) = run_layer_stepwise(spec, params, 0, 0, x, y0, keep=("v",))
    return values["v"], y.unsqueeze(0)
