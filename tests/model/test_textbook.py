"""The course's names for torch's tensors, held to torch's own modules."""
import pytest
import torch

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.model.textbook import gate_rows, times_a_plain_rnn, uwv


def test_u_w_v_of_the_courses_example_are_torchs_shapes():
    """course-notes §3: input 2, hidden 5, output 3 -> U 5x2, W 5x5, V 3x5."""
    rnn, readout = torch.nn.RNN(2, 5), torch.nn.Linear(5, 3)
    rows = {row["symbol"]: row for row in uwv(ModelSpec("rnn", 2, 5, head=HeadSpec(3)))}
    assert rows["U"]["shape"] == tuple(rnn.weight_ih_l0.shape) == (5, 2)
    assert rows["W"]["shape"] == tuple(rnn.weight_hh_l0.shape) == (5, 5)
    assert rows["V"]["shape"] == tuple(readout.weight.shape) == (3, 5)
    assert [r["torch"] for r in rows.values()] == ["weight_ih_l0", "weight_hh_l0", "head.weight"]
    assert "V" not in {row["symbol"] for row in uwv(ModelSpec("rnn", 2, 5))}  # no readout, no V


def test_u_and_w_are_what_the_recurrence_multiplies():
    """h_1 = tanh(U x_1 + b_ih + W h_0 + b_hh) with U = weight_ih, W = weight_hh: the trace agrees."""
    net = Network(ModelSpec("rnn", 2, 5, head=HeadSpec(3)), seed=4)
    sd = net.state_dict()
    x = torch.tensor([[0.5, -1.0], [2.0, 0.25]])
    h1 = torch.tanh(sd["weight_ih_l0"] @ x[0] + sd["bias_ih_l0"] + sd["bias_hh_l0"])
    h2 = torch.tanh(sd["weight_ih_l0"] @ x[1] + sd["bias_ih_l0"] + sd["weight_hh_l0"] @ h1 + sd["bias_hh_l0"])
    trace = net.trace(x)
    torch.testing.assert_close(trace["h"][0, 0, 0], torch.stack([h1, h2]), rtol=1e-5, atol=1e-6)
    y2 = torch.softmax(sd["head.weight"] @ h2 + sd["head.bias"], -1) if net.spec.head.activation == "softmax" \
        else sd["head.weight"] @ h2 + sd["head.bias"]
    torch.testing.assert_close(trace["y"][0, 1], y2, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("cell,blocks", [("lstm", "ifgo"), ("gru", "rzn")])
def test_gate_rows_are_torchs_chunks(cell, blocks):
    spec = ModelSpec(cell, 3, 4)
    module = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(3, 4)
    chunks = module.weight_ih_l0.chunk(len(blocks))
    rows = gate_rows(spec)
    assert [r["block"] for r in rows] == list(blocks)
    for row, chunk in zip(rows, chunks):
        assert row["weight_ih"] == tuple(chunk.shape) and row["rows"][1] - row["rows"][0] + 1 == 4
        assert row["count"] == 4 * (3 + 4) + 2 * 4
    assert sum(r["count"] for r in rows) == sum(p.numel() for p in module.parameters())


def test_an_lstm_has_four_times_and_a_gru_three_times_a_plain_rnns_parameters():
    for cell, ratio in (("lstm", 4), ("gru", 3)):
        spec = ModelSpec(cell, 6, 32, num_layers=2, bidirectional=True, head=HeadSpec(2))
        times = times_a_plain_rnn(spec)
        module = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(6, 32, 2, bidirectional=True)
        assert times["count"] == sum(p.numel() for p in module.parameters())
        assert times["plain"] == sum(p.numel() for p in torch.nn.RNN(6, 32, 2, bidirectional=True).parameters())
        assert times["ratio"] == ratio == times["blocks"]
