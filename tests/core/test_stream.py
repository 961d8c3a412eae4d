"""net.stream(): feeding steps one at a time gives the same trace as the whole sequence at once."""
from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz import HeadSpec, ModelSpec, Network


def assert_same_trace(streamed, whole, atol=1e-6):
    assert streamed.quantities == whole.quantities
    for q in whole.quantities:
        assert streamed[q].shape == whole[q].shape, q
        torch.testing.assert_close(streamed[q], whole[q], atol=atol, rtol=0, msg=lambda m: f"{q}: {m}")
    torch.testing.assert_close(streamed.output, whole.output, atol=atol, rtol=0)
    final_s, final_w = streamed.final_state, whole.final_state
    for a, b in zip(final_s if isinstance(final_s, tuple) else (final_s,),
                    final_w if isinstance(final_w, tuple) else (final_w,)):
        torch.testing.assert_close(a, b, atol=atol, rtol=0)
    assert torch.equal(streamed.x, whole.x)
    assert streamed.num_steps == whole.num_steps
    for q in whole.initial:
        assert torch.equal(streamed.initial[q], whole.initial[q])


@st.composite
def stream_specs(draw):
    kind = draw(st.sampled_from(["lstm", "gru", "rnn", "peephole", "jordan"]))
    head = None
    if kind == "jordan" or draw(st.booleans()):
        head = HeadSpec(draw(st.integers(1, 3)), draw(st.sampled_from(["identity", "softmax"])),
                        every_step=kind == "jordan" or draw(st.booleans()))
    if kind == "jordan":
        return ModelSpec("jordan", draw(st.integers(1, 4)), draw(st.integers(1, 4)), head=head)
    cell = "lstm" if kind == "peephole" else kind
    return ModelSpec(cell, draw(st.integers(1, 4)), draw(st.integers(1, 4)), num_layers=draw(st.integers(1, 2)),
                     bidirectional=draw(st.booleans()), peephole=kind == "peephole", head=head)


@settings(max_examples=50, deadline=None)
@given(spec=stream_specs(), batch=st.integers(1, 3), steps=st.integers(1, 12), seed=st.integers(0, 2**31))
def test_stream_equals_whole_sequence(spec, batch, steps, seed):
    net = Network(spec, seed=seed)
    x = torch.randn(batch, steps, spec.input_size, generator=torch.Generator().manual_seed(seed))
    stream = net.stream(batch=batch)
    for t in range(steps):
        out_t = stream.step(x[:, t])
        assert stream.num_steps == t + 1
        # after every step the trace so far equals a whole trace of the steps so far
        so_far = net.trace(x[:, :t + 1])
        torch.testing.assert_close(out_t, so_far.output[:, -1], atol=1e-6, rtol=0)
    assert_same_trace(stream.trace, net.trace(x))


@pytest.mark.parametrize("bidirectional", [False, True])
def test_stream_lstm_with_state_and_reset(bidirectional):
    spec = ModelSpec("lstm", 3, 4, num_layers=2, bidirectional=bidirectional, proj_size=2)
    net = Network(spec, seed=3)
    D = 2 if bidirectional else 1
    h0, c0 = torch.randn(2 * D, 2, 2), torch.randn(2 * D, 2, 4)
    x = torch.randn(2, 8, 3)
    stream = net.stream(batch=2, state=(h0, c0))
    for t in range(8):
        stream.step(x[:, t])
    assert_same_trace(stream.trace, net.trace(x, (h0, c0)))
    # reset() with no state starts again from zeros and forgets what was fed
    stream.reset()
    for t in range(5):
        stream.step(x[:, t])
    assert stream.num_steps == 5
    assert_same_trace(stream.trace, net.trace(x[:, :5]))
    # reset(state) starts from that state
    stream.reset((h0, c0))
    for t in range(3):
        stream.step(x[:, t])
    assert_same_trace(stream.trace, net.trace(x[:, :3], (h0, c0)))


def test_bidirectional_stream_revises_earlier_reverse_steps():
    """The reverse direction at t = 0 depends on later inputs, so a new step changes it: still exact."""
    net = Network(ModelSpec("gru", 2, 3, bidirectional=True), seed=0)
    x = torch.randn(1, 4, 2)
    stream = net.stream()
    stream.step(x[0, 0])
    first = stream.trace["h"][0, 1, 0, 0].clone()
    for t in range(1, 4):
        stream.step(x[0, t])
    assert not torch.allclose(stream.trace["h"][0, 1, 0, 0], first)
    assert_same_trace(stream.trace, net.trace(x))


def test_stream_accepts_lists_and_one_dim_steps():
    net = Network(ModelSpec("rnn", 2, 3), seed=0)
    stream = net.stream()
    stream.step([1.0, 2.0])
    stream.step(torch.tensor([[0.5, -1.0]]))
    assert_same_trace(stream.trace, net.trace([[[1.0, 2.0], [0.5, -1.0]]]))  # a stream is always batched


def test_many_to_one_head_stream_reads_only_the_last_step():
    net = Network(ModelSpec("lstm", 2, 3, head=HeadSpec(2, "softmax", every_step=False)), seed=0)
    x = torch.randn(1, 6, 2)
    stream = net.stream()
    for t in range(6):
        stream.step(x[:, t])
    assert tuple(stream.trace["y"].shape) == (1, 1, 2)
    assert_same_trace(stream.trace, net.trace(x))
    assert len(stream.trace.frame(["y"])) == 2


def test_memory_toy_stream_exact():
    net = Network(ModelSpec("rnn", 2, 2, bias=False, nonlinearity="identity", head=HeadSpec(2, bias=False)))
    for name in ("weight_ih_l0", "weight_hh_l0", "head.weight"):
        net.set_parameter(name, torch.ones(2, 2))
    stream = net.stream()
    outs = [stream.step(x).tolist() for x in ([1, 1], [1, 1], [2, 2])]
    assert outs == [[[2, 2]], [[6, 6]], [[16, 16]]]
    assert stream.trace["y"][0].tolist() == [[4, 4], [12, 12], [32, 32]]


def test_stream_errors_name_expected_and_given():
    net = Network(ModelSpec("lstm", 2, 3), seed=0)
    with pytest.raises(ValueError, match="no step has been fed yet"):
        net.stream().trace
    with pytest.raises(ValueError, match=r"x_t must have shape \(2,\) or \(1, 2\) .*got \(3,\)"):
        net.stream().step([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"x_t must have shape \(2, 2\) for a stream of batch 2; got \(2,\)"):
        net.stream(batch=2).step([1.0, 2.0])  # one step for a batch of 2 is not silently broadcast
    with pytest.raises(ValueError, match=r"x_t must have shape \(2, 2\) .*got \(1, 2\)"):
        net.stream(batch=2).step([[1.0, 2.0]])
    with pytest.raises(ValueError, match="finite numbers; found NaN or infinity"):
        net.stream().step([float("nan"), 1.0])
    with pytest.raises(ValueError, match="batch must be a whole number of at least 1, got 0"):
        net.stream(batch=0)
    with pytest.raises(ValueError, match="must hold real numbers, got text"):
        net.stream().step(["a", "b"])
    stream = net.stream()
    stream.step([1.0, 1.0])
    with pytest.raises(ValueError):
        stream.step([1.0])
    assert stream.num_steps == 1  # a refused step leaves the stream as it was
