"""The Network API: seeded init equal to torch's, torch round trips, parameter counts and tables,
trace.frame() and the readout head."""
from __future__ import annotations

import math

import pytest
import torch
import torch.nn as nn
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz import HeadSpec, ModelSpec, Network, Trace


def torch_module(cell, *args, nonlinearity="tanh", **kwargs):
    kwargs.setdefault("batch_first", True)
    if cell == "lstm":
        return nn.LSTM(*args, **kwargs)
    if cell == "gru":
        return nn.GRU(*args, **kwargs)
    return nn.RNN(*args, nonlinearity=nonlinearity, **kwargs)


@st.composite
def torch_shapes(draw):
    kind = draw(st.sampled_from(["lstm", "gru", "rnn-tanh", "rnn-relu"]))
    cell, _, nl = kind.partition("-")
    hidden = draw(st.integers(1, 8))
    proj = draw(st.integers(0, hidden - 1)) if cell == "lstm" else 0
    return dict(cell=cell, nonlinearity=nl or "tanh", input_size=draw(st.integers(1, 8)), hidden_size=hidden,
                num_layers=draw(st.integers(1, 3)), bidirectional=draw(st.booleans()), bias=draw(st.booleans()),
                proj_size=proj)


def build_torch(shape):
    extra = {"proj_size": shape["proj_size"]} if shape["cell"] == "lstm" else {}
    return torch_module(shape["cell"], shape["input_size"], shape["hidden_size"], num_layers=shape["num_layers"],
                        bidirectional=shape["bidirectional"], bias=shape["bias"], nonlinearity=shape["nonlinearity"],
                        **extra)


# --- seeded initialisation --------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(shape=torch_shapes(), seed=st.integers(0, 2**40), n_out=st.one_of(st.none(), st.integers(1, 6)),
       head_bias=st.booleans())
def test_seed_equals_torch_manual_seed(shape, seed, n_out, head_bias):
    """Network(spec, seed) == torch.manual_seed(seed); nn.LSTM(...); nn.Linear(...), bit for bit, in order."""
    head = None if n_out is None else HeadSpec(n_out, bias=head_bias)
    spec = ModelSpec(shape["cell"], shape["input_size"], shape["hidden_size"], num_layers=shape["num_layers"],
                     bidirectional=shape["bidirectional"], bias=shape["bias"], proj_size=shape["proj_size"],
                     nonlinearity=shape["nonlinearity"], head=head)
    net = Network(spec, seed=seed)
    torch.manual_seed(seed)
    module = build_torch(shape)
    expected = dict(module.state_dict())
    if head is not None:
        fan_in = (2 if shape["bidirectional"] else 1) * (shape["proj_size"] or shape["hidden_size"])
        linear = nn.Linear(fan_in, n_out, bias=head_bias)
        expected.update({f"head.{k}": v for k, v in linear.state_dict().items()})
    got = net.state_dict()
    assert list(got) == list(expected)  # torch's names, in torch's registration order
    for name, tensor in expected.items():
        assert got[name].dtype == torch.float32
        assert torch.equal(got[name], tensor), name


def test_same_seed_same_trace_different_seed_different():
    spec = ModelSpec("lstm", 3, 4, num_layers=2, bidirectional=True, head=HeadSpec(2, "softmax"))
    x = torch.randn(2, 6, 3, generator=torch.Generator().manual_seed(0))
    a, b, c = Network(spec, seed=11).trace(x), Network(spec, seed=11).trace(x), Network(spec, seed=12).trace(x)
    for q in a.quantities:
        assert torch.equal(a[q], b[q]), q
        assert not torch.allclose(a[q], c[q]), q
    sa, sc = Network(spec, seed=11).state_dict(), Network(spec, seed=12).state_dict()
    assert all(not torch.equal(sa[k], sc[k]) for k in sa)


def test_seed_does_not_touch_the_global_generator():
    torch.manual_seed(5)
    before = torch.rand(3)
    torch.manual_seed(5)
    Network(ModelSpec("gru", 4, 4), seed=99)
    assert torch.equal(torch.rand(3), before)


def test_default_init_bounds():
    """torch's scheme: every recurrent tensor ~ U(-1/sqrt(H), 1/sqrt(H))."""
    net = Network(ModelSpec("lstm", 5, 16, num_layers=2), seed=3)
    for name, tensor in net.state_dict().items():
        assert tensor.abs().max() <= 1 / math.sqrt(16)
        assert tensor.abs().max() > 0.8 / math.sqrt(16), name  # really spread over the range


# --- torch round trips -------------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(shape=torch_shapes(), seed=st.integers(0, 2**31), with_head=st.booleans())
def test_from_torch_to_torch_round_trip(shape, seed, with_head):
    torch.manual_seed(seed)
    module = build_torch(shape)
    D = 2 if shape["bidirectional"] else 1
    head = nn.Linear(D * (shape["proj_size"] or shape["hidden_size"]), 3) if with_head else None
    net = Network.from_torch(module, head=head)
    assert net.spec.cell == shape["cell"] and net.spec.num_layers == shape["num_layers"]
    assert net.spec.proj_size == shape["proj_size"] and net.spec.bias == shape["bias"]
    assert net.spec.nonlinearity == shape["nonlinearity"]
    assert (net.spec.head is None) == (not with_head)
    back = net.to_torch()
    back_module, back_head = back if with_head else (back, None)
    assert type(back_module) is type(module) and back_module.batch_first
    for k, v in module.state_dict().items():
        assert torch.equal(back_module.state_dict()[k], v), k
    assert set(back_module.state_dict()) == set(module.state_dict())
    if with_head:
        assert isinstance(back_head, nn.Linear)
        assert torch.equal(back_head.weight, head.weight) and torch.equal(back_head.bias, head.bias)
    # and the round-tripped network computes what the original module computes
    x = torch.randn(2, 5, shape["input_size"], generator=torch.Generator().manual_seed(seed))
    with torch.no_grad():
        out, _ = module(x)
    torch.testing.assert_close(net.trace(x).output, out, atol=1e-5, rtol=1e-5)
    again = Network.from_torch(back_module, head=back_head)
    assert again.spec == net.spec
    for k, v in net.state_dict().items():
        assert torch.equal(again.state_dict()[k], v)


def test_from_torch_copies_weights():
    module = nn.GRU(2, 3, batch_first=True)
    net = Network.from_torch(module)
    with torch.no_grad():
        module.weight_ih_l0.add_(1.0)
    assert not torch.equal(net.parameter("weight_ih_l0"), module.weight_ih_l0)


def test_from_torch_seq_first_module_is_read_batch_first():
    torch.manual_seed(1)
    module = nn.LSTM(3, 4, batch_first=False)
    x = torch.randn(6, 2, 3)
    with torch.no_grad():
        out, _ = module(x)
    torch.testing.assert_close(Network.from_torch(module).trace(x.transpose(0, 1)).output, out.transpose(0, 1))


def test_from_torch_head_options():
    module, head = nn.RNN(2, 3), nn.Linear(3, 4, bias=False)
    net = Network.from_torch(module, head=head, head_activation="softmax", head_every_step=False)
    assert net.spec.head == HeadSpec(4, "softmax", every_step=False, bias=False)
    assert "head.bias" not in net.state_dict()


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(cell="lstm", peephole=True), "peephole"),
    (dict(cell="lstm", coupled=True), "coupled"),
    (dict(cell="lstm", cell_activation="identity"), "candidate activation identity"),
    (dict(cell="lstm", output_activation="sigmoid"), "output activation sigmoid"),
    (dict(cell="lstm", cell_activation="relu"), "candidate activation relu"),
    (dict(cell="rnn", nonlinearity="identity"), "nonlinearity identity"),
    (dict(cell="jordan", head=HeadSpec(2)), "Jordan"),
])
def test_to_torch_refuses_variants_torch_lacks(kwargs, fragment):
    net = Network(ModelSpec(input_size=2, hidden_size=3, **kwargs))
    with pytest.raises(ValueError, match="torch.nn has no module") as err:
        net.to_torch()
    assert fragment in str(err.value)


def test_from_torch_refuses_other_modules():
    with pytest.raises(ValueError, match="nn.LSTM, nn.GRU or nn.RNN, got Linear"):
        Network.from_torch(nn.Linear(2, 3))
    with pytest.raises(ValueError, match="head must be an nn.Linear, got LSTM"):
        Network.from_torch(nn.LSTM(2, 3), head=nn.LSTM(3, 2))
    with pytest.raises(ValueError, match=r"in_features must be 6 .*got 3"):
        Network.from_torch(nn.LSTM(2, 3, bidirectional=True), head=nn.Linear(3, 2))


# --- parameter counts and the table --------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(shape=torch_shapes(), n_out=st.one_of(st.none(), st.integers(1, 6)))
def test_num_parameters_equals_torch(shape, n_out):
    module = build_torch(shape)
    D = 2 if shape["bidirectional"] else 1
    head = None if n_out is None else nn.Linear(D * (shape["proj_size"] or shape["hidden_size"]), n_out)
    net = Network.from_torch(module, head=head)
    want = (sum(p.numel() for p in module.parameters())
            + (0 if head is None else sum(p.numel() for p in head.parameters())))
    assert net.num_parameters() == want
    table = net.parameter_table()
    assert int(table["count"].sum()) == want
    named = dict(module.named_parameters())
    if head is not None:
        named.update({f"head.{k}": v for k, v in head.named_parameters()})
    assert list(table["name"]) == list(named)  # one row per tensor, torch's order
    for _, row in table.iterrows():
        shape_t = tuple(named[row["name"]].shape)
        assert row["shape"] == " x ".join(map(str, shape_t))
        assert row["count"] == named[row["name"]].numel()
        assert isinstance(row["meaning"], str) and len(row["meaning"]) > 5


def test_course_parameter_counts():
    """course-notes §6: LSTM(6, 32) = 4n(m + n + 2) = 5120; with Linear(32, 2) 5186 (not the course's 5016)."""
    assert Network(ModelSpec("lstm", 6, 32)).num_parameters() == 5120 == 4 * 32 * (6 + 32 + 2)
    assert Network(ModelSpec("lstm", 6, 32, head=HeadSpec(2))).num_parameters() == 5186
    torch_count = (sum(p.numel() for p in nn.LSTM(6, 32).parameters())
                   + sum(p.numel() for p in nn.Linear(32, 2).parameters()))
    assert torch_count == 5186


def test_parameter_table_rows_and_meanings():
    net = Network(ModelSpec("lstm", 6, 32, head=HeadSpec(2)))
    table = net.parameter_table()
    assert list(table.columns) == ["name", "shape", "count", "meaning"]
    assert list(table["name"]) == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                                   "head.weight", "head.bias"]
    assert list(table["shape"]) == ["128 x 6", "128 x 32", "128", "128", "2 x 32", "2"]
    assert list(table["count"]) == [768, 4096, 128, 128, 64, 2]
    meaning = dict(zip(table["name"], table["meaning"]))
    assert "input gate i" in meaning["weight_ih_l0"] and "output gate o" in meaning["weight_ih_l0"]
    assert "rows 32-63 forget gate f" in meaning["weight_hh_l0"]
    assert "readout" in meaning["head.weight"]


def test_parameter_table_variants():
    peep = Network(ModelSpec("lstm", 2, 3, peephole=True, coupled=True))
    table = peep.parameter_table().set_index("name")
    assert table.loc["weight_ih_l0", "shape"] == "9 x 2"  # coupled: f, g, o blocks only
    assert table.loc["weight_ch_l0", "shape"] == "6"  # peepholes for f and o
    assert peep.num_parameters() == 9 * 2 + 9 * 3 + 9 + 9 + 6
    jordan = Network(ModelSpec("jordan", 2, 3, head=HeadSpec(4)))
    table = jordan.parameter_table().set_index("name")
    assert table.loc["weight_hh_l0", "shape"] == "3 x 4"  # Jordan feeds back y (4), not h (3)
    assert "y_{t-1}" in table.loc["weight_hh_l0", "meaning"]


# --- state dicts ------------------------------------------------------------------------------------------


def test_state_dict_is_a_copy_and_load_replaces_weights():
    net = Network(ModelSpec("gru", 2, 3), seed=0)
    sd = net.state_dict()
    sd["weight_ih_l0"].zero_()
    assert not torch.equal(net.parameter("weight_ih_l0"), sd["weight_ih_l0"])
    other = Network(ModelSpec("gru", 2, 3), seed=1)
    other.load_state_dict(net.state_dict())
    x = torch.randn(4, 2)
    assert torch.equal(other.trace(x).output, net.trace(x).output)


def test_set_parameter_changes_the_trace():
    net = Network(ModelSpec("rnn", 1, 1, bias=False), seed=0)
    net.set_parameter("weight_ih_l0", [[0.5]])
    net.set_parameter("weight_hh_l0", torch.tensor([[2.0]]))
    out = net.trace([[1.0], [0.0]]).output
    h1 = math.tanh(0.5)
    torch.testing.assert_close(out, torch.tensor([[h1], [math.tanh(2 * h1)]]))


def test_copy_is_independent():
    net = Network(ModelSpec("lstm", 2, 2), seed=0)
    twin = net.copy()
    twin.set_parameter("bias_ih_l0", torch.ones(8))
    assert not torch.equal(net.parameter("bias_ih_l0"), twin.parameter("bias_ih_l0"))
    assert repr(net) == "Network(LSTM, 2->2, 48 parameters)"


# --- trace.frame() and the head ---------------------------------------------------------------------------


def test_frame_is_tidy_with_the_right_rows():
    spec = ModelSpec("lstm", 3, 4, num_layers=2, bidirectional=True, proj_size=2, head=HeadSpec(5))
    net = Network(spec, seed=0)
    B, T = 3, 6
    trace = net.trace(torch.randn(B, T, 3))
    frame = trace.frame()
    assert list(frame.columns) == ["layer", "direction", "batch", "t", "unit", "quantity", "value"]
    L, D = 2, 2
    want_rows = 5 * L * D * B * T * 4 + L * D * B * T * 2 + B * T * 5  # i f g o c (4 units), h (proj 2), y (5)
    assert len(frame) == want_rows
    counts = frame.groupby("quantity").size().to_dict()
    assert counts == {"i": L * D * B * T * 4, "f": L * D * B * T * 4, "g": L * D * B * T * 4,
                      "o": L * D * B * T * 4, "c": L * D * B * T * 4, "h": L * D * B * T * 2, "y": B * T * 5}
    # values are placed where they belong
    row = frame[(frame.quantity == "c") & (frame.layer == 1) & (frame.direction == 1) & (frame.batch == 2)
                & (frame.t == 4) & (frame.unit == 3)]
    assert len(row) == 1 and row["value"].iloc[0] == pytest.approx(trace["c"][1, 1, 2, 4, 3].item())
    y = frame[frame.quantity == "y"]
    assert set(y["layer"]) == {2} and set(y["direction"]) == {0}
    assert y[(y.batch == 1) & (y.t == 5) & (y.unit == 4)]["value"].iloc[0] == pytest.approx(trace["y"][1, 5, 4].item())
    only = trace.frame(["h"])
    assert set(only["quantity"]) == {"h"} and len(only) == L * D * B * T * 2


def test_frame_rnn_rows():
    trace = Network(ModelSpec("rnn", 2, 3)).trace(torch.zeros(4, 2))
    frame = trace.frame()
    assert len(frame) == 1 * 1 * 1 * 4 * 3 and set(frame["quantity"]) == {"h"}
    assert sorted(frame["t"].unique()) == [0, 1, 2, 3]


def test_every_step_head_shape_and_softmax_rows():
    net = Network(ModelSpec("gru", 3, 4, bidirectional=True, head=HeadSpec(5, "softmax")), seed=2)
    trace = net.trace(torch.randn(2, 7, 3) * 3)
    y = trace["y"]
    assert tuple(y.shape) == (2, 7, 5)
    torch.testing.assert_close(y.sum(-1), torch.ones(2, 7))
    assert (y > 0).all()
    assert trace.quantities == ("r", "z", "n", "h", "y")
    sig = Network(ModelSpec("rnn", 3, 4, head=HeadSpec(2, "sigmoid")), seed=2).trace(torch.randn(7, 3) * 3)["y"]
    assert tuple(sig.shape) == (1, 7, 2) and ((sig > 0) & (sig < 1)).all()


def test_many_to_one_head_reads_only_the_last_step():
    spec = ModelSpec("lstm", 3, 4, num_layers=2, head=HeadSpec(2, "softmax", every_step=False))
    net = Network(spec, seed=0)
    x = torch.randn(3, 9, 3)
    trace = net.trace(x)
    assert tuple(trace["y"].shape) == (3, 1, 2)
    module, linear = net.to_torch()
    with torch.no_grad():
        out, _ = module(x)
        want = torch.softmax(linear(out[:, -1, :]), -1)
    torch.testing.assert_close(trace["y"][:, 0], want, atol=1e-6, rtol=1e-6)
    y_rows = trace.frame(["y"])
    assert len(y_rows) == 3 * 2 and set(y_rows["t"]) == {8}  # shown at the last step


def test_trace_getitem_unknown_quantity():
    trace = Network(ModelSpec("gru", 2, 2)).trace(torch.zeros(2, 2))
    with pytest.raises(KeyError, match="'c' is not recorded for a GRU"):
        trace["c"]
    assert "h" in trace and "c" not in trace


def test_trace_previous_and_at():
    net = Network(ModelSpec("lstm", 2, 3, bidirectional=True), seed=0)
    h0, c0 = torch.randn(2, 1, 3), torch.randn(2, 1, 3)
    trace = net.trace(torch.randn(1, 4, 2), (h0, c0))
    assert isinstance(trace, Trace)
    assert torch.equal(trace.previous("c", 0, direction=0), c0[0, 0])
    assert torch.equal(trace.previous("c", 3, direction=1), c0[1, 0])
    assert torch.equal(trace.previous("h", 2, direction=0), trace["h"][0, 0, 0, 1])
    assert torch.equal(trace.previous("h", 2, direction=1), trace["h"][0, 1, 0, 3])
    step = trace.at(2, direction=1)
    assert set(step) == {"i", "f", "g", "o", "c", "h"} and torch.equal(step["g"], trace["g"][0, 1, 0, 2])
