"""The LSTM path that reads every gate and c back from oneDNN's training workspace (rnnviz/model/workspace.py).

It must agree with the path that recomputes them (and so with torch) in every configuration it takes, really
be taken where torch has oneDNN, and whenever the workspace is missing, the wrong size or disagrees with a
recomputed step, give the recomputing path's result instead.
"""
from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz import ModelSpec, Network
from rnnviz.model import workspace
from tests.core.test_exactness import Config, assert_close, check_against_torch_and_reference

needs_onednn = pytest.mark.skipif(not workspace.available(), reason="this torch runs no LSTM through oneDNN")


def _reset(mp: pytest.MonkeyPatch) -> list:
    """Fresh verdicts for this test, and a record of what each workspace.lstm_direction call returned."""
    mp.setattr(workspace, "_verified", set())
    mp.setattr(workspace, "_failures", {})
    mp.setattr(workspace, "_disabled", False)
    record = []
    real = workspace.lstm_direction

    def spy(*args, **kwargs):
        record.append(real(*args, **kwargs))
        return record[-1]

    mp.setattr(workspace, "lstm_direction", spy)
    return record


@pytest.fixture
def used(monkeypatch):
    return _reset(monkeypatch)


def recomputed(net: Network, x, state=None):
    """The trace of the path that recomputes the gates and c (the workspace switched off)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(workspace, "_disabled", True)
        return net.trace(x, state)


def assert_same_trace(trace, other, exact=False):
    assert trace.quantities == other.quantities
    for q in trace.quantities:
        if exact:
            assert torch.equal(trace[q], other[q]), q
        else:
            assert_close(trace[q], other[q], q)


def lstm(I=3, H=5, **kwargs) -> Network:
    return Network(ModelSpec("lstm", I, H, **kwargs), seed=3)


@st.composite
def lstm_configs(draw):
    unbatched = draw(st.booleans())
    return Config(cell="lstm", nonlinearity="tanh", input_size=draw(st.integers(1, 9)),
                  hidden_size=draw(st.sampled_from([1, 2, 3, 4, 5, 8, 16, 17, 33, 64])),  # 4H = 256: padded rows
                  num_layers=draw(st.integers(1, 3)), bidirectional=draw(st.booleans()), bias=draw(st.booleans()),
                  proj_size=0, batch=1 if unbatched else draw(st.sampled_from([1, 2, 3, 5])),
                  steps=draw(st.integers(1, 40)), unbatched=unbatched, given_state=draw(st.booleans()),
                  scale=draw(st.sampled_from([0.3, 1.0, 4.0])), seed=draw(st.integers(0, 2**31 - 1)))


@needs_onednn
@settings(max_examples=120, deadline=None)
@given(cfg=lstm_configs(), chunk=st.one_of(st.none(), st.integers(1, 12)))
def test_workspace_path_agrees_with_recomputing_path_and_torch(cfg, chunk):
    """Random configurations, some cut into chunks of a few steps (as long sequences are)."""
    net = Network(cfg.spec(), seed=cfg.seed)
    _, _, _, x_in, state, _ = cfg.rnnviz_and_torch_inputs()
    with pytest.MonkeyPatch.context() as mp:
        used = _reset(mp)
        if chunk is not None:
            mp.setattr(workspace, "chunk_length", lambda T, B, I, H: min(T, chunk))
        trace = net.trace(x_in, state)
    assert used and all(used), "the workspace path was not taken"
    assert_same_trace(trace, recomputed(net, x_in, state))
    check_against_torch_and_reference(cfg, trace, net)


@needs_onednn
def test_long_sequence_in_chunks_matches_torch(used):
    """Chunks carry h and c over exactly: 3000 steps in chunks of 37, both directions, from a given state."""
    cfg = Config(cell="lstm", nonlinearity="tanh", input_size=4, hidden_size=6, num_layers=2, bidirectional=True,
                 bias=True, proj_size=0, batch=2, steps=3000, unbatched=False, given_state=True, scale=1.0, seed=5)
    net = Network(cfg.spec(), seed=cfg.seed)
    _, _, _, x_in, state, _ = cfg.rnnviz_and_torch_inputs()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(workspace, "chunk_length", lambda T, B, I, H: 37)
        trace = net.trace(x_in, state)
    assert used == [True] * 4
    check_against_torch_and_reference(cfg, trace, net)


@needs_onednn
def test_real_workspace_has_the_decoded_size():
    """The canary for a torch/oneDNN upgrade: if the layout changes, the fast path silently falls back."""
    for T, B, I, H in [(1, 1, 1, 1), (5, 1, 3, 4), (9, 1, 8, 64), (4, 3, 5, 17), (3, 2, 8, 512), (10, 4, 300, 33)]:
        w_ih, w_hh, b = torch.randn(4 * H, I), torch.randn(4 * H, H), torch.randn(4 * H)
        h = c = torch.zeros(1, B, H)
        ws = workspace._mkldnn_lstm(torch.randn(T, B, I), w_ih, w_hh, b, b, h, c, False, True)[3]
        assert ws.numel() == workspace.layout(T, B, I, H).bytes, (T, B, I, H)


@needs_onednn
def test_only_plain_lstms_take_the_workspace_path(used):
    x = torch.randn(2, 6, 3)
    lstm(num_layers=2, bidirectional=True).trace(x)
    assert used == [True] * 4
    used.clear()
    lstm(proj_size=2).trace(x)  # oneDNN has no projection: torch itself runs those without it
    Network(ModelSpec("gru", 3, 5), seed=0).trace(x)
    Network(ModelSpec("lstm", 3, 5, peephole=True), seed=0).trace(x)
    assert used == []


# --- fallbacks: every failure gives the recomputing path's result --------------------------------------------


@needs_onednn
def test_missing_op_falls_back_and_switches_the_path_off(used, monkeypatch):
    net, x = lstm(bidirectional=True), torch.randn(2, 9, 3)
    calls = []

    def missing(*args):
        calls.append(1)
        raise AttributeError("'_OpNamespace' 'aten' object has no attribute 'mkldnn_rnn_layer'")

    monkeypatch.setattr(workspace, "_mkldnn_lstm", missing)
    assert_same_trace(net.trace(x), recomputed(net, x), exact=True)
    assert workspace._disabled and not workspace.available()
    net.trace(x)
    assert len(calls) == 1  # not tried again


@needs_onednn
@pytest.mark.parametrize("workspace_out", [None, torch.zeros(3, dtype=torch.float32)])
def test_no_workspace_falls_back(used, monkeypatch, workspace_out):
    """As from a torch whose op returns no workspace (or something else) in grad mode."""
    net, x = lstm(), torch.randn(1, 9, 3)
    real = workspace._mkldnn_lstm
    monkeypatch.setattr(workspace, "_mkldnn_lstm", lambda *a: real(*a)[:3] + (workspace_out,))
    assert_same_trace(net.trace(x), recomputed(net, x), exact=True)
    assert used == [False] and workspace._disabled


@needs_onednn
def test_workspace_of_another_size_falls_back(used, monkeypatch):
    net, x = lstm(), torch.randn(1, 9, 3)
    real = workspace._mkldnn_lstm

    def bigger(*args):
        y, h, c, ws = real(*args)
        return y, h, c, torch.cat([ws, torch.zeros(4096, dtype=torch.uint8)])

    monkeypatch.setattr(workspace, "_mkldnn_lstm", bigger)
    assert_same_trace(net.trace(x), recomputed(net, x), exact=True)
    assert used == [False] and workspace._failures == {(1, 3, 5, True): 1}


@needs_onednn
def test_wrong_layout_fails_the_first_check_and_is_given_up(used, monkeypatch):
    """Gates read one unit off: the recomputed steps disagree; after MAX_FAILURES the op is not even run."""
    net, x = lstm(), torch.randn(2, 11, 3)
    real_layout, real_op = workspace.layout, workspace._mkldnn_lstm
    calls = []
    monkeypatch.setattr(workspace, "layout", lambda *a: real_layout(*a)._replace(gates=real_layout(*a).gates + 1))
    monkeypatch.setattr(workspace, "_mkldnn_lstm", lambda *a: calls.append(1) or real_op(*a))
    want = recomputed(net, x)
    for _ in range(workspace.MAX_FAILURES + 2):
        assert_same_trace(net.trace(x), want, exact=True)
    assert not any(used) and not workspace._verified
    assert len(calls) == workspace.MAX_FAILURES


@needs_onednn
@pytest.mark.parametrize("reverse", [False, True])
def test_corrupted_workspace_after_verification_falls_back(used, monkeypatch, reverse):
    """A shape checked in full once is later checked at one step (h = o tanh c): garbage is still caught."""
    net, x = lstm(bidirectional=reverse), torch.randn(2, 11, 3)
    net.trace(x)
    assert all(used) and workspace._verified
    real = workspace._mkldnn_lstm

    def garbage(*args):
        y, h, c, ws = real(*args)
        if args[7] == reverse:  # only this direction's
            floats = ws.view(torch.float32)
            floats.copy_(torch.rand(floats.shape, generator=torch.Generator().manual_seed(0)))
        return y, h, c, ws

    monkeypatch.setattr(workspace, "_mkldnn_lstm", garbage)
    used.clear()
    assert_same_trace(net.trace(x), recomputed(net, x), exact=True)
    assert used[-1] is False


def test_layout_of_a_small_workspace():
    """Worked by hand from oneDNN's set_offsets for T=9, B=1, I=8, H=64: sections on 4096-byte pages."""
    at = workspace.layout(9, 1, 8, 64)
    assert at.gates == 0 and at.gates_ld == 272  # 4H = 256 is a multiple of 256: padded by 16
    assert at.c * 4 == 24576 + (10 + 1) * 64 * 4  # the c section of layer 1, after iteration 0
    assert at.bytes == 57344
    assert workspace.layout(4, 3, 5, 17).gates_ld == 80
