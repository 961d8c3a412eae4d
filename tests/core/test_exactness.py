"""Exactness: every recorded quantity equals what torch computes (and an independent float64 recurrence).

The contract (design.md): for LSTM, GRU and RNN in every torch configuration (layers, bidirectional,
proj_size, batch), trace values equal torch's to 1e-5 in float32. h, the output and the final state are
checked against torch's own module (net.to_torch(), batch_first=True), each hidden layer's h against a
torch module cut to that many layers, and the gates and c (which torch does not expose) against the
recurrence written out in core_reference.py straight from the module's weight_ih_l{k} etc.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn as nn
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.model.inputs import coerce_sequence, coerce_state
from rnnviz.model.run import run_network
from tests.core.core_reference import reference

ATOL = RTOL = 1e-5  # float32; the relative part only matters where |value| > 1 (relu RNN, large c)


def assert_close(actual, expected, what, atol=ATOL, rtol=RTOL):
    expected = expected.to(actual.dtype)
    assert actual.shape == expected.shape, f"{what}: shape {tuple(actual.shape)} != {tuple(expected.shape)}"
    err = (actual - expected).abs()
    bound = atol + rtol * expected.abs()
    assert bool((err <= bound).all()), f"{what}: max abs error {err.max().item():.3g} (tolerance {atol} + {rtol}*|v|)"


@dataclass(frozen=True)
class Config:
    cell: str
    nonlinearity: str
    input_size: int
    hidden_size: int
    num_layers: int
    bidirectional: bool
    bias: bool
    proj_size: int
    batch: int
    steps: int
    unbatched: bool
    given_state: bool
    scale: float
    seed: int

    def spec(self, **extra) -> ModelSpec:
        return ModelSpec(self.cell, self.input_size, self.hidden_size, num_layers=self.num_layers,
                         bidirectional=self.bidirectional, bias=self.bias, proj_size=self.proj_size,
                         nonlinearity=self.nonlinearity, **extra)

    @property
    def D(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def H_out(self) -> int:
        return self.proj_size or self.hidden_size

    def data(self):
        """x (B, T, I) and torch-shaped batched (h0, c0) (None, None when zeros), all drawn from `seed`."""
        gen = torch.Generator().manual_seed(self.seed)
        x = torch.randn(self.batch, self.steps, self.input_size, generator=gen) * self.scale
        h0 = c0 = None
        if self.given_state:
            DL = self.D * self.num_layers
            h0 = torch.randn(DL, self.batch, self.H_out, generator=gen)
            c0 = torch.randn(DL, self.batch, self.hidden_size, generator=gen) * 2
        return x, h0, c0

    def rnnviz_and_torch_inputs(self):
        """What to hand to net.trace and to the torch module (unbatched input drops the batch dim)."""
        x, h0, c0 = self.data()
        if not self.given_state:
            state = hx = None
        elif self.cell == "lstm":
            state = hx = (h0, c0)
        else:
            state = hx = h0
        if self.unbatched:
            x_in = x[0]
            if hx is not None:
                hx = tuple(s[:, 0] for s in hx) if isinstance(hx, tuple) else hx[:, 0]
                state = hx
        else:
            x_in = x
        return x, h0, c0, x_in, state, hx


@st.composite
def native_configs(draw, max_steps=50):
    kind = draw(st.sampled_from(["lstm", "lstm-proj", "gru", "rnn-tanh", "rnn-relu"]))
    cell, _, nonlinearity = kind.partition("-")
    if nonlinearity == "proj":
        hidden = draw(st.integers(2, 8))
        proj, nonlinearity = draw(st.integers(1, hidden - 1)), "tanh"
    else:
        hidden, proj = draw(st.integers(1, 8)), 0
    unbatched = draw(st.booleans())
    return Config(cell=cell, nonlinearity=nonlinearity or "tanh", input_size=draw(st.integers(1, 8)),
                  hidden_size=hidden, num_layers=draw(st.integers(1, 3)), bidirectional=draw(st.booleans()),
                  bias=draw(st.booleans()), proj_size=proj,
                  batch=1 if unbatched else draw(st.sampled_from([1, 2, 3, 4])),
                  steps=draw(st.integers(1, max_steps)), unbatched=unbatched, given_state=draw(st.booleans()),
                  scale=draw(st.sampled_from([0.3, 1.0, 4.0])), seed=draw(st.integers(0, 2**31 - 1)))


def torch_truncated(module: nn.Module, layers: int) -> nn.Module:
    """The first `layers` layers of a torch RNN module as a module of its own."""
    kwargs = dict(input_size=module.input_size, hidden_size=module.hidden_size, num_layers=layers,
                  bias=module.bias, batch_first=True, bidirectional=module.bidirectional)
    if isinstance(module, nn.LSTM):
        cut = nn.LSTM(proj_size=module.proj_size, **kwargs)
    elif isinstance(module, nn.GRU):
        cut = nn.GRU(**kwargs)
    else:
        cut = nn.RNN(nonlinearity=module.nonlinearity, **kwargs)
    cut.load_state_dict({k: v for k, v in module.state_dict().items() if int(k.split("_l")[1][0]) < layers})
    return cut


def check_against_torch_and_reference(cfg: Config, trace, net: Network):
    L, D, B, T = cfg.num_layers, cfg.D, cfg.batch, cfg.steps
    x, h0, c0, x_in, state, hx = cfg.rnnviz_and_torch_inputs()
    module = net.to_torch()
    with torch.no_grad():
        out, h_n = module(x_in, hx)

    # 1. What torch returns: output and final state, in torch's own (un)batched shapes.
    assert_close(trace.output, out, "output")
    if cfg.cell == "lstm":
        assert_close(trace.final_state[0], h_n[0], "h_n")
        assert_close(trace.final_state[1], h_n[1], "c_n")
    else:
        assert_close(trace.final_state, h_n, "h_n")

    # 2. Shapes of every recorded quantity: (num_layers, num_directions, B, T, size).
    expected_q = {"lstm": ("i", "f", "g", "o", "c", "h"), "gru": ("r", "z", "n", "h"), "rnn": ("h",)}[cfg.cell]
    assert tuple(trace.quantities) == expected_q
    for q in expected_q:
        size = cfg.H_out if q == "h" else cfg.hidden_size
        assert tuple(trace[q].shape) == (L, D, B, T, size), q

    # 3. The last layer's h is torch's output split by direction; earlier layers' h is a cut module's output.
    out_b = out.unsqueeze(0) if cfg.unbatched else out
    for d in range(D):
        assert_close(trace["h"][L - 1, d], out_b[..., d * cfg.H_out:(d + 1) * cfg.H_out], f"h layer {L-1} dir {d}")
    for layer in range(L - 1):
        cut = torch_truncated(module, layer + 1)
        with torch.no_grad():
            sub_hx = None
            if hx is not None:
                sub_hx = tuple(s[:(layer + 1) * D] for s in hx) if isinstance(hx, tuple) else hx[:(layer + 1) * D]
            sub_out, _ = cut(x_in, sub_hx)
        sub_out = sub_out.unsqueeze(0) if cfg.unbatched else sub_out
        for d in range(D):
            assert_close(trace["h"][layer, d], sub_out[..., d * cfg.H_out:(d + 1) * cfg.H_out],
                         f"h layer {layer} dir {d}")

    # 4. Every quantity (gates, c, h) against the independent float64 recurrence from torch's weights.
    values, ref_out = reference(cfg.cell, module.state_dict(), x, h0, c0, num_layers=L,
                                bidirectional=cfg.bidirectional, hidden_size=cfg.hidden_size,
                                proj_size=cfg.proj_size, nonlinearity=cfg.nonlinearity)
    assert_close(out_b, ref_out, "torch output vs reference")  # the reference itself agrees with torch
    for layer in range(L):
        for d in range(D):
            for q in expected_q:
                assert_close(trace[q][layer, d], values[layer][d][q], f"{q} layer {layer} dir {d}")

    # 5. The recorded initial state is what was passed in (zeros by default), laid out (L, D, B, size).
    want_h0 = torch.zeros(L * D, B, cfg.H_out) if h0 is None else h0
    assert torch.equal(trace.initial["h"], want_h0.reshape(L, D, B, -1))
    if cfg.cell == "lstm":
        want_c0 = torch.zeros(L * D, B, cfg.hidden_size) if c0 is None else c0
        assert torch.equal(trace.initial["c"], want_c0.reshape(L, D, B, -1))


@settings(max_examples=300, deadline=None)
@given(cfg=native_configs())
def test_every_recorded_quantity_matches_torch(cfg):
    net = Network(cfg.spec(), seed=cfg.seed)
    _, _, _, x_in, state, _ = cfg.rnnviz_and_torch_inputs()
    check_against_torch_and_reference(cfg, net.trace(x_in, state), net)


@settings(max_examples=100, deadline=None)
@given(cfg=native_configs(max_steps=20))
def test_stepwise_equations_match_torch(cfg):
    """The step-by-step path (what every variant runs on) agrees with torch where torch has the cell."""
    net = Network(cfg.spec(), seed=cfg.seed)
    _, _, _, x_in, state, _ = cfg.rnnviz_and_torch_inputs()
    x, unbatched = coerce_sequence(net.spec, x_in)
    init = coerce_state(net.spec, state, x.shape[0], unbatched)
    trace = run_network(net.spec, net.state_dict(), x, init, unbatched, torch_layers=None)
    check_against_torch_and_reference(cfg, trace, net)


@settings(max_examples=50, deadline=None)
@given(cfg=native_configs(max_steps=20), n_out=st.integers(1, 5),
       activation=st.sampled_from(["identity", "softmax", "sigmoid"]))
def test_head_matches_torch_linear(cfg, n_out, activation):
    """y = activation(Linear(output)) at every step, with the head torch.manual_seed would draw."""
    net = Network(cfg.spec(head=HeadSpec(n_out, activation)), seed=cfg.seed)
    _, _, _, x_in, state, hx = cfg.rnnviz_and_torch_inputs()
    trace = net.trace(x_in, state)
    module, linear = net.to_torch()
    with torch.no_grad():
        out, _ = module(x_in, hx)
        logits = linear(out.unsqueeze(0) if cfg.unbatched else out)
    y = {"identity": logits, "softmax": torch.softmax(logits, -1), "sigmoid": torch.sigmoid(logits)}[activation]
    assert tuple(trace["y"].shape) == (cfg.batch, cfg.steps, n_out)
    assert_close(trace["y"], y, "y")


def test_long_sequence_cell_state_stays_exact():
    """2000 steps with forget gates near 1, so c grows large: the cell state must not drift from torch's."""
    torch.manual_seed(7)
    module = nn.LSTM(3, 4, batch_first=True)
    with torch.no_grad():
        module.bias_ih_l0[4:8] = 6.0  # forget gate ~ 0.998: c accumulates over hundreds of steps
        module.bias_ih_l0[0:4] = 2.0
    net = Network.from_torch(module)
    x = torch.randn(2, 2000, 3, generator=torch.Generator().manual_seed(1))
    trace = net.trace(x)
    with torch.no_grad():
        out, (h_n, c_n) = module(x)
    assert trace["c"].abs().max() > 20  # the test is only meaningful if c really is large
    assert_close(trace.output, out, "output")
    assert_close(trace.final_state[1], c_n, "c_n")
    values, _ = reference("lstm", module.state_dict(), x, hidden_size=4)
    for q in "ifgoch":
        assert_close(trace[q][0, 0], values[0][0][q], q)


def test_course_api_example_shapes_and_values():
    """course-notes §6: nn.LSTM(10, 20, 2), input (5, 3, 10) seq-first, h0/c0 (2, 3, 20); output[-1] == h_n[-1]."""
    torch.manual_seed(0)
    module = nn.LSTM(10, 20, 2)  # batch_first=False, as in the course
    x = torch.randn(5, 3, 10)
    h0, c0 = torch.randn(2, 3, 20), torch.randn(2, 3, 20)
    with torch.no_grad():
        out, (h_n, c_n) = module(x, (h0, c0))
    net = Network.from_torch(module)
    trace = net.trace(x.transpose(0, 1), (h0, c0))  # rnnviz is batch-first
    assert tuple(trace.output.shape) == (3, 5, 20)
    assert_close(trace.output, out.transpose(0, 1), "output")
    assert_close(trace.final_state[0], h_n, "h_n")
    assert_close(trace.final_state[1], c_n, "c_n")
    assert_close(trace.output[:, -1], trace.final_state[0][-1], "output[-1] vs h_n[-1]")


def test_unbatched_and_batched_traces_agree():
    net = Network(ModelSpec("gru", 3, 5, num_layers=2, bidirectional=True), seed=4)
    x = torch.randn(7, 3, generator=torch.Generator().manual_seed(2))
    one, batched = net.trace(x), net.trace(x.unsqueeze(0))
    assert tuple(one.output.shape) == (7, 10) and tuple(batched.output.shape) == (1, 7, 10)
    assert tuple(one.final_state.shape) == (4, 5) and tuple(batched.final_state.shape) == (4, 1, 5)
    for q in one.quantities:
        assert torch.equal(one[q], batched[q])


def test_inputs_as_lists_and_ndarrays_equal_tensor_input():
    net = Network(ModelSpec("lstm", 2, 3), seed=1)
    x = [[0.5, -1.0], [2.0, 0.25], [0.0, 1.0]]
    a, b, c = net.trace(x), net.trace(np.array(x)), net.trace(torch.tensor(x))
    assert torch.equal(a.output, c.output) and torch.equal(b.output, c.output)
    ints = net.trace([[1, 0], [0, 1]])  # integers are real numbers: converted to float32
    assert torch.equal(ints.output, net.trace(torch.tensor([[1.0, 0.0], [0.0, 1.0]])).output)
    f64 = net.trace(torch.tensor(x, dtype=torch.float64))
    assert f64.output.dtype == torch.float32 and torch.equal(f64.output, c.output)


def test_trace_keeps_its_own_copy_of_the_input():
    """Editing the caller's tensor or array after tracing must not change what the trace shows as x."""
    net = Network(ModelSpec("rnn", 2, 2), seed=0)
    tensor, array = torch.ones(3, 2), np.ones((3, 2), dtype=np.float32)
    from_tensor, from_array = net.trace(tensor), net.trace(array)
    tensor.zero_()
    array[:] = 0
    assert torch.equal(from_tensor.x, torch.ones(1, 3, 2)) and torch.equal(from_array.x, torch.ones(1, 3, 2))
