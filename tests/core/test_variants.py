"""Variants torch lacks, checked against small cases computed by hand (scalar math in the test) and against
the independent float64 recurrence in core_reference.py: peephole and coupled-gate LSTMs, configurable
LSTM activations, the identity (linear) Elman RNN and the Jordan RNN. Includes the course's exact numbers.
"""
from __future__ import annotations

import math

import pytest
import torch
import torch.nn as nn
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz import HeadSpec, ModelSpec, Network
from tests.core.core_reference import reference


def sig(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v))


ACT = {"tanh": math.tanh, "identity": lambda v: v, "sigmoid": sig, "relu": lambda v: max(v, 0.0)}


def values(tensor) -> list[float]:
    return [float(v) for v in tensor.reshape(-1)]


# --- the course's memory toy (course-notes §2) --------------------------------------------------------------


def memory_toy() -> Network:
    spec = ModelSpec("rnn", 2, 2, bias=False, nonlinearity="identity", head=HeadSpec(2, bias=False))
    net = Network(spec)
    for name in ("weight_ih_l0", "weight_hh_l0", "head.weight"):
        net.set_parameter(name, torch.ones(2, 2))
    return net


def test_memory_toy_exact_course_numbers():
    trace = memory_toy().trace([[1, 1], [1, 1], [2, 2]])
    assert trace["h"][0, 0, 0].tolist() == [[2, 2], [6, 6], [16, 16]]
    assert trace["y"][0].tolist() == [[4, 4], [12, 12], [32, 32]]
    assert trace.final_state.tolist() == [[16, 16]]


def test_memory_toy_order_matters():
    """The point of the lesson: the same inputs in another order give other outputs."""
    trace = memory_toy().trace([[2, 2], [1, 1], [1, 1]])
    assert trace["h"][0, 0, 0].tolist() == [[4, 4], [10, 10], [22, 22]]
    assert trace["y"][0].tolist() == [[8, 8], [20, 20], [44, 44]]


def test_memory_toy_with_initial_memory():
    trace = memory_toy().trace([[1, 1]], state=torch.tensor([[3.0, 1.0]]))
    assert trace["h"][0, 0, 0, 0].tolist() == [6, 6]  # 1 + 1 + 3 + 1


# --- the hand-wired LSTM memory cell (course-notes §4) -------------------------------------------------------


def memory_cell() -> Network:
    """One unit, linear cell input and output; weights [w_x1, w_x2, w_x3, bias] per gate block i, f, g, o."""
    spec = ModelSpec("lstm", 3, 1, cell_activation="identity", output_activation="identity")
    net = Network(spec)
    net.set_parameter("weight_ih_l0", [[0, 100, 0],     # input gate
                                       [0, 100, 0],     # forget gate
                                       [1, 0, 0],       # cell input g
                                       [0, 0, 100]])    # output gate
    net.set_parameter("weight_hh_l0", torch.zeros(4, 1))
    # biases -10, 10, 0, -10, split unevenly between the two vectors: only their sum matters
    net.set_parameter("bias_ih_l0", [-4.0, 4.0, 0.0, -3.0])
    net.set_parameter("bias_hh_l0", [-6.0, 6.0, 0.0, -7.0])
    return net


def memory_cell_by_hand(xs):
    """The cell's equations with plain floats: returns (c, h) per step."""
    c, cs, hs = 0.0, [], []
    for x1, x2, x3 in xs:
        i, f, g, o = sig(100 * x2 - 10), sig(100 * x2 + 10), x1, sig(100 * x3 - 10)
        c = f * c + i * g
        cs.append(c)
        hs.append(o * c)
    return cs, hs


def test_hand_wired_memory_cell_worked_sequence():
    xs = [[3, 1, 0], [4, 1, 0], [2, 0, 0], [1, 0, 1], [3, -1, 0]]
    trace = memory_cell().trace(xs)
    c, h = values(trace["c"]), values(trace["h"])
    assert c == pytest.approx([3, 7, 7, 7, 0], abs=1e-3)  # stores 3, then 7, keeps 7, resets
    assert h == pytest.approx([0, 0, 0, 7, 0], abs=1e-3)  # outputs only when x3 = 1
    want_c, want_h = memory_cell_by_hand(xs)
    assert c == pytest.approx(want_c, abs=1e-5) and h == pytest.approx(want_h, abs=1e-5)
    assert values(trace["i"]) == pytest.approx([1, 1, sig(-10), sig(-10), 0], abs=1e-6)
    assert values(trace["f"]) == pytest.approx([1, 1, sig(10), sig(10), 0], abs=1e-6)
    assert values(trace["g"]) == [3, 4, 2, 1, 3]  # identity cell input: exactly x1
    assert values(trace["o"]) == pytest.approx([sig(-10), sig(-10), sig(-10), 1, sig(-10)], abs=1e-6)


def test_hand_wired_memory_cell_long_sequence():
    x1 = [1, 3, 2, 4, 2, 1, 3, 6, 1]
    x2 = [0, 1, 0, 1, 0, 0, -1, 1, 0]
    x3 = [0, 0, 0, 0, 0, 1, 0, 0, 1]
    xs = list(zip(x1, x2, x3))
    trace = memory_cell().trace(xs)
    h = values(trace["h"])
    assert h == pytest.approx([0, 0, 0, 0, 0, 7, 0, 0, 6], abs=1e-2)
    assert h[5] != 7.0  # "close to, not exactly": sigmoid(+-10) is not exactly 0 or 1
    assert h == pytest.approx(memory_cell_by_hand(xs)[1], abs=1e-5)


def test_hand_wired_memory_cell_via_load_state_dict():
    net = memory_cell()
    other = Network(net.spec, seed=5)
    other.load_state_dict(net.state_dict())
    xs = [[3, 1, 0], [4, 1, 0], [1, 0, 1]]
    assert torch.equal(other.trace(xs)["h"], net.trace(xs)["h"])


# --- peephole, coupled gates and activations: small cases by hand ---------------------------------------------


def one_unit_lstm(**options) -> Network:
    """One input, one unit; distinct weights per gate so a mix-up of blocks shows."""
    coupled = options.get("coupled", False)
    blocks = ("f", "g", "o") if coupled else ("i", "f", "g", "o")
    w_ih = {"i": 0.5, "f": -0.3, "g": 0.8, "o": 0.2}
    w_hh = {"i": 0.1, "f": 0.4, "g": -0.6, "o": 0.7}
    b = {"i": 0.05, "f": 0.5, "g": -0.2, "o": -0.1}
    net = Network(ModelSpec("lstm", 1, 1, **options))
    net.set_parameter("weight_ih_l0", [[w_ih[k]] for k in blocks])
    net.set_parameter("weight_hh_l0", [[w_hh[k]] for k in blocks])
    net.set_parameter("bias_ih_l0", [b[k] for k in blocks])
    net.set_parameter("bias_hh_l0", [0.0] * len(blocks))
    return net, w_ih, w_hh, b


def lstm_by_hand(xs, w_ih, w_hh, b, peep=None, coupled=False, cell_act="tanh", out_act="tanh", h=0.0, c=0.0):
    peep = peep or {"i": 0.0, "f": 0.0, "o": 0.0}
    rows = []
    for x in xs:
        a = {k: w_ih[k] * x + w_hh[k] * h + b[k] for k in "ifgo"}
        f = sig(a["f"] + peep["f"] * c)
        i = 1 - f if coupled else sig(a["i"] + peep["i"] * c)
        g = ACT[cell_act](a["g"])
        c = f * c + i * g
        o = sig(a["o"] + peep["o"] * c)
        h = o * ACT[out_act](c)
        rows.append(dict(i=i, f=f, g=g, o=o, c=c, h=h))
    return rows


def assert_rows(trace, rows, quantities="ifgoch"):
    for q in quantities:
        assert values(trace[q]) == pytest.approx([r[q] for r in rows], abs=1e-6), q


XS = [1.0, -2.0, 0.5, 3.0]


def test_plain_one_unit_lstm_by_hand_and_torch():
    net, w_ih, w_hh, b = one_unit_lstm()
    trace = net.trace([[x] for x in XS])
    assert_rows(trace, lstm_by_hand(XS, w_ih, w_hh, b))
    with torch.no_grad():
        out, _ = net.to_torch()(torch.tensor([[x] for x in XS]))
    assert values(out) == pytest.approx(values(trace["h"]), abs=1e-6)


def test_peephole_lstm_by_hand():
    net, w_ih, w_hh, b = one_unit_lstm(peephole=True)
    peep = {"i": 0.9, "f": -1.5, "o": 2.0}
    net.set_parameter("weight_ch_l0", [peep["i"], peep["f"], peep["o"]])  # units: i, f, o
    h0, c0 = torch.tensor([[0.3]]), torch.tensor([[1.2]])
    trace = net.trace([[x] for x in XS], (h0, c0))
    rows = lstm_by_hand(XS, w_ih, w_hh, b, peep=peep, h=0.3, c=1.2)
    assert_rows(trace, rows)
    # which cell each gate sees: at step 0, i and f see c_{-1} = 1.2 and o sees the new c_0
    a_o = w_ih["o"] * XS[0] + w_hh["o"] * 0.3 + b["o"]
    assert float(trace["o"][0, 0, 0, 0]) == pytest.approx(sig(a_o + 2.0 * rows[0]["c"]), abs=1e-7)
    assert float(trace["o"][0, 0, 0, 0]) != pytest.approx(sig(a_o + 2.0 * 1.2), abs=1e-3)
    a_f = w_ih["f"] * XS[0] + w_hh["f"] * 0.3 + b["f"]
    assert float(trace["f"][0, 0, 0, 0]) == pytest.approx(sig(a_f - 1.5 * 1.2), abs=1e-7)
    # and peepholes really change the result compared with the plain cell
    plain = lstm_by_hand(XS, w_ih, w_hh, b, h=0.3, c=1.2)
    assert abs(rows[-1]["h"] - plain[-1]["h"]) > 1e-2


def test_peephole_with_zero_weights_is_torch_lstm():
    torch.manual_seed(3)
    module = nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True)
    sd = dict(module.state_dict())
    net = Network(ModelSpec("lstm", 3, 4, num_layers=2, bidirectional=True, peephole=True))
    for name in list(net.state_dict()):
        if name.startswith("weight_ch"):
            sd[name] = torch.zeros(12)
    net.load_state_dict(sd)
    x = torch.randn(2, 9, 3)
    with torch.no_grad():
        out, (h_n, c_n) = module(x)
    trace = net.trace(x)
    torch.testing.assert_close(trace.output, out, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(trace.final_state[1], c_n, atol=1e-5, rtol=1e-5)


def test_coupled_gates_by_hand():
    net, w_ih, w_hh, b = one_unit_lstm(coupled=True)
    assert tuple(net.parameter("weight_ih_l0").shape) == (3, 1)  # blocks f, g, o
    trace = net.trace([[x] for x in XS])
    assert_rows(trace, lstm_by_hand(XS, w_ih, w_hh, b, coupled=True))
    assert torch.equal(trace["i"], 1 - trace["f"])  # forget only to write


def test_coupled_peephole_by_hand():
    net, w_ih, w_hh, b = one_unit_lstm(coupled=True, peephole=True)
    assert tuple(net.parameter("weight_ch_l0").shape) == (2,)  # f and o only
    net.set_parameter("weight_ch_l0", [-0.7, 1.1])
    trace = net.trace([[x] for x in XS])
    assert_rows(trace, lstm_by_hand(XS, w_ih, w_hh, b, peep={"i": 0.0, "f": -0.7, "o": 1.1}, coupled=True))


@pytest.mark.parametrize("cell_act", ["tanh", "identity", "sigmoid", "relu"])
@pytest.mark.parametrize("out_act", ["tanh", "identity", "sigmoid", "relu"])
def test_lstm_activations_by_hand(cell_act, out_act):
    net, w_ih, w_hh, b = one_unit_lstm(cell_activation=cell_act, output_activation=out_act)
    trace = net.trace([[x] for x in XS])
    rows = lstm_by_hand(XS, w_ih, w_hh, b, cell_act=cell_act, out_act=out_act)
    assert_rows(trace, rows)
    if cell_act == "relu":
        assert min(values(trace["g"])) == 0.0  # the candidate at x = -2 is negative before relu
    if cell_act == "sigmoid":
        assert all(0 < v < 1 for v in values(trace["g"]))


def test_identity_elman_by_hand():
    net = Network(ModelSpec("rnn", 1, 1, nonlinearity="identity"))
    net.set_parameter("weight_ih_l0", [[2.0]])
    net.set_parameter("weight_hh_l0", [[0.5]])
    net.set_parameter("bias_ih_l0", [1.0])
    net.set_parameter("bias_hh_l0", [-0.25])
    trace = net.trace([[1.0], [-3.0], [4.0]])
    # h1 = 2 + 0.75 = 2.75; h2 = -6 + 1.375 + 0.75 = -3.875; h3 = 8 - 1.9375 + 0.75 = 6.8125 (exact in binary)
    assert values(trace["h"]) == [2.75, -3.875, 6.8125]


def test_relu_elman_by_hand():
    net = Network(ModelSpec("rnn", 1, 1, nonlinearity="relu", bias=False))
    net.set_parameter("weight_ih_l0", [[1.0]])
    net.set_parameter("weight_hh_l0", [[-2.0]])
    assert values(net.trace([[1.0], [1.0], [3.0]])["h"]) == [1.0, 0.0, 3.0]


# --- Jordan RNN: the output y_{t-1} is fed back --------------------------------------------------------------


def jordan_net(out_activation="identity", nonlinearity="tanh"):
    net = Network(ModelSpec("jordan", 1, 2, nonlinearity=nonlinearity, head=HeadSpec(1, out_activation)))
    net.set_parameter("weight_ih_l0", [[1.0], [-0.5]])
    net.set_parameter("weight_hh_l0", [[0.5], [2.0]])  # 2 hidden units x 1 output fed back
    net.set_parameter("bias_ih_l0", [0.1, 0.0])
    net.set_parameter("bias_hh_l0", [0.0, 0.2])
    net.set_parameter("head.weight", [[1.5, -1.0]])
    net.set_parameter("head.bias", [0.3])
    return net


def jordan_by_hand(xs, y=0.0, act=math.tanh, out=lambda v: v):
    hs, ys = [], []
    for x in xs:
        h = [act(1.0 * x + 0.5 * y + 0.1), act(-0.5 * x + 2.0 * y + 0.2)]
        y = out(1.5 * h[0] - 1.0 * h[1] + 0.3)
        hs.append(h)
        ys.append(y)
    return hs, ys


def test_jordan_feeds_back_the_previous_output():
    xs = [1.0, 0.0, -1.0, 2.0]
    trace = jordan_net().trace([[x] for x in xs])
    hs, ys = jordan_by_hand(xs)
    assert trace.quantities == ("h", "y")
    assert tuple(trace["h"].shape) == (1, 1, 1, 4, 2) and tuple(trace["y"].shape) == (1, 4, 1)
    assert values(trace["h"]) == pytest.approx([v for h in hs for v in h], abs=1e-6)
    assert values(trace["y"]) == pytest.approx(ys, abs=1e-6)
    assert values(trace.final_state) == pytest.approx([ys[-1]], abs=1e-6)  # y_n: what is fed back next
    # an Elman network with the same weights would feed back h, giving something else at step 2
    elman_h2 = math.tanh(0.0 + 0.5 * hs[0][0] + 0.1)
    assert abs(float(trace["h"][0, 0, 0, 1, 0]) - elman_h2) > 1e-2


def test_jordan_with_initial_output_and_sigmoid_head():
    xs = [0.5, -0.5, 1.0]
    trace = jordan_net("sigmoid", "relu").trace([[x] for x in xs], state=torch.tensor([[0.8]]))
    hs, ys = jordan_by_hand(xs, y=0.8, act=lambda v: max(v, 0.0), out=sig)
    assert values(trace["y"]) == pytest.approx(ys, abs=1e-6)
    assert values(trace["h"]) == pytest.approx([v for h in hs for v in h], abs=1e-6)


def test_jordan_batched_matches_one_by_one():
    net = Network(ModelSpec("jordan", 2, 3, head=HeadSpec(2, "softmax")), seed=1)
    x = torch.randn(3, 5, 2)
    batched = net.trace(x)
    for b in range(3):
        alone = net.trace(x[b])
        torch.testing.assert_close(batched["y"][b], alone["y"][0], atol=1e-6, rtol=0)
        torch.testing.assert_close(batched["h"][:, :, b], alone["h"][:, :, 0], atol=1e-6, rtol=0)


# --- variants at random sizes against the independent float64 recurrence -------------------------------------


@st.composite
def variant_configs(draw):
    kind = draw(st.sampled_from(["lstm", "rnn-identity"]))
    hidden = draw(st.integers(1, 6))
    options = {}
    if kind == "lstm":
        options = dict(peephole=draw(st.booleans()), coupled=draw(st.booleans()),
                       cell_activation=draw(st.sampled_from(["tanh", "identity", "sigmoid", "relu"])),
                       output_activation=draw(st.sampled_from(["tanh", "identity", "sigmoid", "relu"])))
        if hidden > 1 and draw(st.booleans()):
            options["proj_size"] = draw(st.integers(1, hidden - 1))
    else:
        options = dict(nonlinearity="identity")
    return dict(cell=kind.split("-")[0], input_size=draw(st.integers(1, 6)), hidden_size=hidden,
                num_layers=draw(st.integers(1, 3)), bidirectional=draw(st.booleans()), bias=draw(st.booleans()),
                batch=draw(st.integers(1, 3)), steps=draw(st.integers(1, 20)), given_state=draw(st.booleans()),
                seed=draw(st.integers(0, 2**31 - 1)), **options)


@settings(max_examples=150, deadline=None)
@given(cfg=variant_configs())
def test_variants_match_independent_recurrence(cfg):
    cfg = dict(cfg)
    B, T, seed, given_state = cfg.pop("batch"), cfg.pop("steps"), cfg.pop("seed"), cfg.pop("given_state")
    spec = ModelSpec(**cfg)
    net = Network(spec, seed=seed)
    gen = torch.Generator().manual_seed(seed)
    sd = net.state_dict()
    for name in sd:  # peephole weights start as torch would draw them; make them matter
        if name.startswith("weight_ch"):
            sd[name] = torch.randn(sd[name].shape, generator=gen)
    net.load_state_dict(sd)
    x = torch.randn(B, T, spec.input_size, generator=gen)
    DL = spec.num_layers * spec.num_directions
    h0 = torch.randn(DL, B, spec.output_size, generator=gen) * 0.5 if given_state else None
    c0 = torch.randn(DL, B, spec.hidden_size, generator=gen) if given_state else None
    state = None if not given_state else ((h0, c0) if spec.cell == "lstm" else h0)
    trace = net.trace(x, state)
    lstm_options = {}
    if spec.cell == "lstm":
        lstm_options = dict(peephole=spec.peephole, coupled=spec.coupled, cell_act=spec.cell_activation,
                            out_act=spec.output_activation)
    ref, ref_out = reference(spec.cell, sd, x, h0, c0, num_layers=spec.num_layers, bidirectional=spec.bidirectional,
                             hidden_size=spec.hidden_size, proj_size=spec.proj_size, nonlinearity=spec.nonlinearity,
                             **lstm_options)
    for layer in range(spec.num_layers):
        for d in range(spec.num_directions):
            for q in spec.quantities:
                torch.testing.assert_close(trace[q][layer, d], ref[layer][d][q].float(), atol=1e-5, rtol=1e-5,
                                           msg=lambda m: f"{q} layer {layer} dir {d}: {m}")
    torch.testing.assert_close(trace.output, ref_out.float(), atol=1e-5, rtol=1e-5)
    if spec.coupled:
        assert torch.equal(trace["i"], 1 - trace["f"])
