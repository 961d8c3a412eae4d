"""Networks of every cell kind, traced over a short batch, for the figure and equation tests."""
from __future__ import annotations

import base64
import functools

import numpy as np
import torch

from rnnviz import HeadSpec, ModelSpec, Network

STEPS, BATCH = 7, 2

SPECS = {
    "lstm": ModelSpec("lstm", 3, 4, head=HeadSpec(2)),
    "lstm_no_bias": ModelSpec("lstm", 2, 3, bias=False),
    "peephole": ModelSpec("lstm", 5, 4, peephole=True),
    "coupled": ModelSpec("lstm", 2, 3, coupled=True),
    "peephole_coupled_relu": ModelSpec("lstm", 2, 4, peephole=True, coupled=True, cell_activation="relu",
                                       output_activation="identity"),
    "lstm_sigmoid": ModelSpec("lstm", 4, 3, cell_activation="sigmoid", output_activation="sigmoid"),
    "lstm_identity_g": ModelSpec("lstm", 3, 2, cell_activation="identity", output_activation="relu"),
    "gru": ModelSpec("gru", 2, 5),
    "gru_many_to_one": ModelSpec("gru", 4, 3, head=HeadSpec(3, "softmax", every_step=False)),
    "rnn_tanh": ModelSpec("rnn", 3, 4),
    "rnn_relu": ModelSpec("rnn", 4, 3, nonlinearity="relu"),
    "rnn_identity": ModelSpec("rnn", 2, 3, nonlinearity="identity"),
    "jordan": ModelSpec("jordan", 2, 3, head=HeadSpec(2, "softmax")),
    "jordan_sigmoid": ModelSpec("jordan", 5, 4, nonlinearity="relu", head=HeadSpec(3, "sigmoid")),
    "jordan_identity": ModelSpec("jordan", 2, 3, bias=False, nonlinearity="identity", head=HeadSpec(2)),
    "bidirectional_2layer": ModelSpec("lstm", 3, 4, num_layers=2, bidirectional=True, head=HeadSpec(3)),
    "gru_bidirectional_2layer": ModelSpec("gru", 2, 3, num_layers=2, bidirectional=True),
    "proj": ModelSpec("lstm", 3, 5, proj_size=2),
    "proj_bidirectional_2layer": ModelSpec("lstm", 2, 4, proj_size=3, num_layers=2, bidirectional=True),
}


def traced(name, *, steps: int = STEPS, batch: int = BATCH, seed: int = 0):
    """(network, trace, params) for a SPECS name or a ModelSpec. Fresh network and params each call;
    the trace is shared (figures only read it)."""
    spec = SPECS[name] if isinstance(name, str) else name
    net, trace = _traced(spec, steps, batch, seed)
    return net.copy(), trace, net.state_dict()


@functools.lru_cache(maxsize=64)
def _traced(spec: ModelSpec, steps: int, batch: int, seed: int):
    """Weights scaled up so gates spread over (0, 1) rather than sit near 0.5."""
    net = Network(spec, seed=seed)
    gen = torch.Generator().manual_seed(seed + 1)
    net.load_state_dict({k: 2.5 * v for k, v in net.state_dict().items()})
    x = torch.randn(batch, steps, spec.input_size, generator=gen)
    return net, net.trace(x, state=_random_state(spec, batch, gen))


def _random_state(spec: ModelSpec, batch: int, gen):
    """A non-zero initial state, so the t = 0 equations read a real previous value."""
    if spec.cell == "jordan":
        return 0.5 * torch.randn(1, batch, spec.head.out_features, generator=gen)
    h0 = 0.5 * torch.randn(spec.num_layers * spec.num_directions, batch, spec.output_size, generator=gen)
    if spec.cell == "lstm":
        return h0, 0.5 * torch.randn(spec.num_layers * spec.num_directions, batch, spec.hidden_size, generator=gen)
    return h0


def series(trace, quantity: str, layer=0, direction=0, batch=0) -> np.ndarray:
    """(T_q, size) as the figures should show it."""
    if quantity == "y":
        return trace["y"][batch].numpy()
    return trace[quantity][layer, direction, batch].numpy()


def decoded(array) -> np.ndarray:
    """An array as the browser receives it: plotly's base64 typed array, or a plain JSON list."""
    if isinstance(array, dict):
        flat = np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]).newbyteorder("<"))
        shape = array.get("shape")
        return flat.reshape([int(n) for n in shape.split(",")]) if shape else flat
    return np.asarray(array)
