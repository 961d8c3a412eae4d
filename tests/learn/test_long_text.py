"""A long text read in chunks (rnnviz.learn.long_text) gives the numbers of one whole trace."""
import numpy as np
import pytest
import torch

from rnnviz import ModelSpec, Network
from rnnviz.learn import interpret
from rnnviz.learn.long_text import MAX_LONG_TEXT, chunk_steps, read_long


@pytest.fixture(scope="module", params=["lstm", "gru"])
def case(request):
    net = Network(ModelSpec(request.param, 6, 12, num_layers=2), seed=3)
    x = torch.randn(3001, 6, generator=torch.Generator().manual_seed(0))
    text = "".join("ab(c)'d\n"[k % 8] for k in range(3001))
    return net, x, text, read_long(net, x, text, chunk=700), net.trace(x)


def test_chunks_carry_the_state_so_every_step_matches_one_whole_trace(case):
    net, x, text, reading, whole = case
    kept = [q for q in ("c", "h") if q in net.spec.quantities]
    assert reading.quantities == tuple(kept) and reading.num_steps == 3001
    for q in kept:
        for layer in range(2):
            exact = whole[q][layer, 0, 0].numpy()
            got = reading.values(q, layer).astype(np.float64)
            assert got.shape == exact.shape and got.dtype == np.float64
            assert np.allclose(got, exact, rtol=1e-3, atol=1e-3)  # float16 keeps ~3 significant digits


def test_ranking_from_the_kept_values_agrees_with_float64_within_1e_3(case):
    net, x, text, reading, whole = case
    feature = reading.feature("bracket_depth")
    assert np.array_equal(feature, interpret.text_feature(text, "bracket_depth"))
    got = reading.rank_units(feature, "h", layer=1).sort_values("unit")
    exact = interpret.rank_units(whole["h"][1, 0, 0].numpy(), feature).sort_values("unit")
    assert np.abs(got["correlation"].to_numpy() - exact["correlation"].to_numpy()).max() < 1e-3
    again = reading.rank_units(feature, "h", layer=1).sort_values("unit")  # with the kept moments
    assert np.array_equal(again["correlation"].to_numpy(), got["correlation"].to_numpy())


def test_gate_saturation_counted_on_the_way_equals_the_whole_traces(case):
    net, x, text, reading, whole = case
    for layer in range(2):
        got = reading.gate_saturation(layer)
        exact = interpret.gate_saturation(whole, layer=layer)
        assert list(got["gate"]) == list(exact["gate"])
        assert np.allclose(got[["left", "right"]].to_numpy(), exact[["left", "right"]].to_numpy(), atol=1e-12)


def test_pattern_search_runs_on_the_kept_float16_values(case):
    net, x, text, reading, whole = case
    values = reading.values("h", 1)
    units = interpret.units_on(values, 10, 14, 0.0) or [0]
    found = interpret.pattern_search(values, 10, 14, units, 0.0)
    exact = interpret.pattern_search(whole["h"][1, 0, 0].numpy(), 10, 14, units, 0.0)
    assert found["score"].iloc[0] == pytest.approx(exact["score"].iloc[0], abs=0.05)


def test_a_chunk_is_as_long_as_a_trace_may_record():
    spec = ModelSpec("lstm", 32, 256)
    assert chunk_steps(spec) == 2604  # 4,000,000 values / (6 x 256 a step)
    assert chunk_steps(ModelSpec("rnn", 2, 4)) == 4096


@pytest.mark.parametrize("kwargs, message", [
    ({"text": "a"}, "2 to 1,000,000 characters"),
    ({"text": "a" * (MAX_LONG_TEXT + 1)}, "2 to 1,000,000 characters"),
    ({"keep": ("z",)}, "keep must name recorded quantities"),
])
def test_bad_readings_are_refused_before_anything_runs(kwargs, message):
    net = Network(ModelSpec("lstm", 2, 3), seed=0)
    text = kwargs.pop("text", "abc")
    with pytest.raises(ValueError, match=message):
        read_long(net, torch.zeros(len(text), 2), text, **kwargs)


def test_a_bidirectional_network_is_not_read_in_chunks():
    net = Network(ModelSpec("lstm", 2, 3, bidirectional=True), seed=0)
    with pytest.raises(ValueError, match="bidirectional"):
        read_long(net, torch.zeros(5, 2), "abcde")


def test_inputs_must_match_the_text():
    net = Network(ModelSpec("lstm", 2, 3), seed=0)
    with pytest.raises(ValueError, match="one input per character: 4 inputs for 5 characters"):
        read_long(net, torch.zeros(4, 2), "abcde")


def test_with_starts_each_part_reads_as_if_alone():
    net = Network(ModelSpec("lstm", 3, 5), seed=1)
    x = torch.randn(900, 3, generator=torch.Generator().manual_seed(2))
    text = "x" * 900
    reading = read_long(net, x, text, chunk=256, starts=[300, 301])
    for lo, hi in ((0, 300), (300, 301), (301, 900)):
        alone = net.trace(x[lo:hi])["c"][0, 0, 0].numpy()
        assert np.allclose(reading.values("c")[lo:hi].astype(np.float64), alone, rtol=1e-3, atol=1e-3)
    carried = read_long(net, x, text, chunk=256)
    assert not np.allclose(carried.values("c")[300:310], reading.values("c")[300:310])


def test_the_finder_ranks_tanh_c_as_karpathy_colours_the_cell(case):
    net, x, text, reading, whole = case
    feature = reading.feature("inside_quotes")
    if "c" not in net.spec.quantities:  # a GRU has no cell state to squash
        with pytest.raises(ValueError, match="quantity must be one of h"):
            reading.rank_units(feature, "tanh_c")
        return
    got = reading.rank_units(feature, "tanh_c", layer=0).sort_values("unit")
    exact = interpret.rank_units(np.tanh(whole["c"][0, 0, 0].numpy().astype(np.float64)), feature)
    assert np.abs(got["correlation"].to_numpy() - exact.sort_values("unit")["correlation"].to_numpy()).max() < 1e-3
    column = reading.unit_column("tanh_c", 0, 0, 3, np.arange(5))
    assert np.allclose(column, np.tanh(whole["c"][0, 0, 0, :5, 3].numpy()), atol=1e-3)
