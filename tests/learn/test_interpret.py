"""The Interpret page's core (rnnviz.learn.interpret): text features, units ranked by a feature, LSTMVis
pattern search, gate saturation and memory reach, each checked on hand-made numbers."""
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.data.builtin import ENGLISH_TEXT, POEM_LINES, bracket_text, parenthesis_depth
from rnnviz.learn import interpret as ip
from rnnviz.learn.gradients import with_forget_bias, with_recurrent_gain
from rnnviz.model.cells import run_layer_stepwise


def feat(text, feature, **kw):
    out = ip.text_feature(text, feature, **kw)
    assert out.dtype == np.float64 and out.shape == (len(text),)
    return out.tolist()


# --- 1. text features -------------------------------------------------------------------------------------
def test_position_is_the_column_in_the_line():
    assert feat("abc", "position") == [0, 1, 2]
    assert feat("ab\ncd", "position") == [0, 1, 2, 0, 1]  # the newline ends its line
    assert feat("\n\nx", "position") == [0, 0, 0]
    assert feat("", "position") == []


def test_bracket_depth_after_each_character():
    assert feat("a(b(c)d)", "bracket_depth") == [0, 1, 1, 2, 2, 1, 1, 0]
    assert feat("[{(x)}]", "bracket_depth") == [1, 2, 3, 3, 2, 1, 0]
    assert feat(")a(", "bracket_depth") == [0, 0, 1]  # a stray closer is ignored, never negative
    assert feat("（对【酒】）", "bracket_depth") == [1, 1, 2, 2, 1, 0]
    text = bracket_text(300, seed=3)
    assert feat(text, "bracket_depth") == parenthesis_depth(text).tolist()


def test_inside_quotes_counts_the_opening_mark_not_the_closing_one():
    assert feat('he said "hi" ok', "inside_quotes") == [0] * 8 + [1, 1, 1] + [0] * 4
    assert feat("don't 'go' now", "inside_quotes") == [0] * 6 + [1, 1, 1] + [0] * 5  # the apostrophe is no quote
    assert feat("'a \"b\" c' d", "inside_quotes") == [1] * 8 + [0, 0, 0]  # other marks inside belong to it
    assert feat("「你好」吗", "inside_quotes") == [1, 1, 1, 0, 0]
    assert feat("“it’s ok” x", "inside_quotes") == [1] * 8 + [0, 0, 0]
    assert feat('open "never closed', "inside_quotes") == [0] * 5 + [1] * 13
    quoted = "".join(ch for ch, v in zip(ENGLISH_TEXT, ip.text_feature(ENGLISH_TEXT, "inside_quotes")) if v)
    assert quoted == "'and what is the use of a book,'without pictures or conversations?"


def test_character_classes_on_mixed_text():
    text = "对酒当歌 Ab1２, É!\n"
    expect = {
        "letter":      [1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0],
        "vowel":       [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0],
        "digit":       [0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0],
        "space":       [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1],
        "punctuation": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0],
        "uppercase":   [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0],
    }
    assert set(expect) == set(ip.CHAR_CLASSES)
    for name, values in expect.items():
        assert feat(text, "char_class", char_class=name) == values, name
    assert feat("，。+$", "char_class", char_class="punctuation") == [1, 1, 1, 1]


def test_regex_marks_every_character_a_match_covers():
    assert feat("abcabbc", "regex", pattern="b+c") == [0, 1, 1, 0, 1, 1, 1]
    assert feat("abc", "regex", pattern="x*") == [0, 0, 0]  # empty matches cover nothing
    assert feat("abc", "regex", pattern="") == [0, 0, 0]
    poem = "".join(POEM_LINES)
    assert np.flatnonzero(ip.text_feature(poem, "regex", pattern="当|何")).tolist() == [2, 7, 17, 24]
    with pytest.raises(ValueError, match="invalid regular expression '\\(a': missing \\)"):
        ip.text_feature("abc", "regex", pattern="(a")
    with pytest.raises(ValueError, match="needs a pattern"):
        ip.text_feature("abc", "regex")


def test_unknown_choices_are_named():
    with pytest.raises(ValueError, match="position, bracket_depth, inside_quotes, char_class, regex"):
        ip.text_feature("abc", "length")
    with pytest.raises(ValueError, match="letter, vowel, digit, space, punctuation, uppercase"):
        ip.text_feature("abc", "char_class", char_class="consonant")
    with pytest.raises(ValueError, match="text must be a string"):
        ip.text_feature(b"abc", "position")


@given(st.text(max_size=40), st.sampled_from(ip.TEXT_FEATURES), st.sampled_from(ip.CHAR_CLASSES))
def test_every_feature_takes_any_unicode_text(text, feature, char_class):
    out = ip.text_feature(text, feature, char_class=char_class, pattern=r"\w+")
    assert out.shape == (len(text),) and out.dtype == np.float64 and np.isfinite(out).all()
    assert (out >= 0).all()


# --- 2. units of a trace, ranked ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def deep_trace():
    spec = ModelSpec("lstm", 3, 4, num_layers=2, bidirectional=True, head=HeadSpec(2))
    x = torch.randn(2, 6, 3, generator=torch.Generator().manual_seed(1))
    return Network(spec, seed=0).trace(x)


def test_unit_values_pick_one_layer_direction_and_batch(deep_trace):
    v = ip.unit_values(deep_trace, "c", layer=1, direction=1, batch=1)
    assert v.dtype == np.float64 and v.shape == (6, 4)
    assert np.array_equal(v, deep_trace["c"][1, 1, 1].numpy().astype(np.float64))
    assert np.array_equal(ip.unit_values(deep_trace, "y", batch=1), deep_trace["y"][1].numpy())
    with pytest.raises(ValueError, match="quantity must be one of i, f, g, o, c, h, y; got 'r'"):
        ip.unit_values(deep_trace, "r")
    for kw, msg in (({"layer": 2}, "layer must be a whole number from 0 to 1"),
                    ({"direction": -1}, "direction must be a whole number from 0 to 1"),
                    ({"batch": 2}, "batch must be a whole number from 0 to 1")):
        with pytest.raises(ValueError, match=msg):
            ip.unit_values(deep_trace, "h", **kw)
    assert ip.step_quantities(deep_trace) == ("i", "f", "g", "o", "c", "h", "y")
    many_to_one = Network(ModelSpec("gru", 2, 3, head=HeadSpec(2, every_step=False))).trace(torch.zeros(5, 2))
    assert ip.step_quantities(many_to_one) == ("r", "z", "n", "h")
    assert ip.unit_values(many_to_one, "y").shape == (1, 2)


def test_rank_units_finds_the_planted_units():
    rng = np.random.default_rng(0)
    f = rng.normal(size=50)
    values = np.column_stack([rng.normal(size=50), -f, np.full(50, 3.0), 2 * f + 1, f + rng.normal(size=50)])
    r = ip.rank_units(values, f)
    assert list(r.columns) == ["unit", "correlation", "abs_correlation"]
    assert r["unit"].tolist()[:2] == [3, 1]  # |r| = 1 both: the positive one first
    assert r.loc[r.unit == 3, "correlation"].item() == pytest.approx(1.0, abs=1e-12)
    assert r.loc[r.unit == 1, "correlation"].item() == pytest.approx(-1.0, abs=1e-12)
    assert r.loc[r.unit == 2, "correlation"].item() == 0.0  # a constant unit: 0, not NaN
    assert r["unit"].tolist()[2] == 4 and r["unit"].tolist()[-1] == 2
    for u in (0, 4):
        assert r.loc[r.unit == u, "correlation"].item() == pytest.approx(np.corrcoef(values[:, u], f)[0, 1], abs=1e-12)
    assert not r.isna().any().any()
    assert (np.diff(r["abs_correlation"]) <= 1e-12).all()
    assert np.array_equal(r["abs_correlation"], r["correlation"].abs())


def test_rank_units_ties_go_to_the_lower_unit():
    f = np.arange(10.0)
    values = np.column_stack([f ** 2, f, f ** 2, f])
    assert ip.rank_units(values, f)["unit"].tolist() == [1, 3, 0, 2]


def test_rank_units_refuses_a_constant_feature_and_mismatched_lengths():
    with pytest.raises(ip.ConstantFeatureError, match="the feature is constant"):
        ip.rank_units(np.ones((5, 2)), np.full(5, 2.0))
    assert issubclass(ip.ConstantFeatureError, ValueError)
    assert ip.is_constant(np.zeros(4)) and not ip.is_constant([0.0, 1.0])
    with pytest.raises(ValueError, match="same steps: values has 5, feature has 4"):
        ip.rank_units(np.ones((5, 2)), np.arange(4.0))
    with pytest.raises(ValueError, match="at least 2 steps"):
        ip.rank_units(np.ones((1, 2)), np.arange(1.0))
    with pytest.raises(ValueError, match="finite"):
        ip.rank_units(np.full((3, 1), np.nan), np.arange(3.0))


# --- 3. LSTMVis: units on, and the same pattern elsewhere ----------------------------------------------------
def planted() -> np.ndarray:
    """30 steps x 4 units, 0.1 = off and 0.9 = on. Query: steps 5..7, where units 0 and 2 are on throughout
    (unit 1 only at 5 and 6). An exact repeat of units 0 and 2 at 20..22, a near one at 12..14."""
    v = np.full((30, 4), 0.1)
    v[5:8, 0] = v[5:8, 2] = v[5:7, 1] = 0.9
    v[20:23, 0] = v[20:23, 2] = 0.9
    v[12:15, 0] = v[12:14, 2] = 0.9  # unit 2 off at 14: 5 of 6 bits agree
    return v


def test_units_on_over_a_selection():
    v = planted()
    assert ip.units_on(v, 5, 7, 0.5) == [0, 2]
    assert ip.units_on(v, 5, 6, 0.5) == [0, 1, 2]
    assert ip.units_on(v, 5, 7, 0.95) == []
    assert ip.units_on(v, 5, 7, 0.1) == [0, 1, 2, 3]  # >= threshold
    with pytest.raises(ValueError, match="end must be at least start"):
        ip.units_on(v, 7, 5, 0.5)


def test_pattern_search_finds_the_planted_repeat():
    v = planted()
    r = ip.pattern_search(v, 5, 7, [0, 2], 0.5, top=2)
    assert list(r.columns) == ["start", "end", "score"]
    assert r.values.tolist() == [[20, 22, 1.0], [12, 14, 5 / 6]]
    r = ip.pattern_search(v, 5, 7, [0, 2], 0.5, top=10)
    assert r.iloc[0].tolist() == [20, 22, 1.0]
    spans = sorted([(5, 7)] + list(zip(r.start, r.end)))
    assert all(a_end < b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))  # no overlaps, query too
    assert (r.end - r.start == 2).all() and (np.diff(r.score) <= 0).all()
    assert len(r) == 7  # 27 steps outside the query hold at most 7 disjoint 3-step windows here
    # whole-range query: nothing else fits
    assert ip.pattern_search(v, 0, 29, [0], 0.5).empty


def test_pattern_search_ties_go_to_the_earliest_window():
    v = np.zeros((12, 1))
    r = ip.pattern_search(v, 0, 1, [0], 0.5, top=3)
    assert r.values.tolist() == [[2, 3, 1.0], [4, 5, 1.0], [6, 7, 1.0]]


def test_pattern_search_validates_its_arguments():
    v = planted()
    for args, msg in (((5, 30, [0]), "end must be a whole number from 0 to 29"),
                      ((-1, 3, [0]), "start must be a whole number from 0 to 29"),
                      ((5, 7, [4]), "each unit must be a whole number from 0 to 3"),
                      ((5, 7, []), "units must name at least one unit")):
        with pytest.raises(ValueError, match=msg):
            ip.pattern_search(v, *args, 0.5)
    with pytest.raises(ValueError, match="threshold must be a finite number"):
        ip.pattern_search(v, 5, 7, [0], float("nan"))
    with pytest.raises(ValueError, match="top must be a whole number from 1"):
        ip.pattern_search(v, 5, 7, [0], 0.5, top=0)


def test_large_searches_count_matches_exactly():
    """The FFT path (large windows x units) agrees with a brute-force count."""
    rng = np.random.default_rng(2)
    bits = rng.random((3000, 10)) < 0.3
    query = bits[100:300]
    window = np.lib.stride_tricks.sliding_window_view(bits, (200, 10))[:, 0]
    brute = (window == query).sum(axis=(1, 2))
    assert np.array_equal(ip._match_counts(bits, query), brute)
    assert np.array_equal(ip._match_counts(bits[:400, :3], bits[10:30, :3]),  # the direct path
                          (np.lib.stride_tricks.sliding_window_view(bits[:400, :3], (20, 3))[:, 0]
                           == bits[10:30, :3]).sum(axis=(1, 2)))


# --- 4. gate saturation ------------------------------------------------------------------------------------
def saturated_lstm() -> Network:
    """LSTM 1 -> 2, no recurrence. i = sigmoid(+-20) (always open / always shut), f unit 0 = sigmoid(10 x)
    follows the input's sign, f unit 1 = 0.5, o unit 0 open, o unit 1 = 0.5."""
    net = Network(ModelSpec("lstm", 1, 2))
    state = {k: torch.zeros_like(v) for k, v in net.state_dict().items()}
    state["bias_ih_l0"] = torch.tensor([20.0, -20.0, 0, 0, 0, 0, 20.0, 0])  # blocks i, f, g, o
    state["weight_ih_l0"][2, 0] = 10.0  # f unit 0
    net.load_state_dict(state)
    return net


def test_gate_saturation_on_a_hand_made_lstm():
    net = saturated_lstm()
    x = torch.tensor([[1.0, -1, 1, -1, 1, -1, 1, 1], [1.0] * 8])[..., None]  # (2, 8, 1)
    trace = net.trace(x)
    s = ip.gate_saturation(trace, batch=0)
    assert list(s.columns) == ["gate", "unit", "left", "right"]
    assert s[["gate", "unit"]].values.tolist() == [["i", 0], ["i", 1], ["f", 0], ["f", 1], ["o", 0], ["o", 1]]
    assert s[["left", "right"]].values.tolist() == [[0, 1], [1, 0], [3 / 8, 5 / 8], [0, 0], [0, 1], [0, 0]]
    pooled = ip.gate_saturation(trace)  # both batch elements: 16 steps
    assert pooled.loc[2, ["left", "right"]].tolist() == [3 / 16, 13 / 16]
    assert ip.gate_saturation(trace, batch=1).loc[2, ["left", "right"]].tolist() == [0, 1]
    # thresholds are strict: f = 0.5 exactly is neither below 0.5 nor above it
    assert ip.gate_saturation(trace, left=0.5, right=0.9).loc[3, ["left", "right"]].tolist() == [0, 0]


def test_gate_saturation_knows_which_cells_have_gates():
    gru = Network(ModelSpec("gru", 2, 3)).trace(torch.zeros(4, 2))
    s = ip.gate_saturation(gru)
    assert s["gate"].tolist() == ["r"] * 3 + ["z"] * 3
    assert np.array_equal(s[["left", "right"]].to_numpy(), np.zeros((6, 2)))  # sigmoid(bias) stays near 0.5
    for spec in (ModelSpec("rnn", 2, 3), ModelSpec("jordan", 2, 3, head=HeadSpec(2))):
        with pytest.raises(ValueError, match="has no gates"):
            ip.gate_saturation(Network(spec).trace(torch.zeros(4, 2)))
    with pytest.raises(ValueError, match="0 <= left < right <= 1"):
        ip.gate_saturation(gru, left=0.9, right=0.1)
    with pytest.raises(ValueError, match="batch must be a whole number from 0 to 0"):
        ip.gate_saturation(gru, batch=1)


# --- 5. memory reach -----------------------------------------------------------------------------------------
X = np.random.default_rng(0).normal(size=(12, 3))


def torch_reach(net, x, step, *, head: bool) -> np.ndarray:
    """The same gradient through torch's own module in double: independent of forward()."""
    module = net.to_torch()
    module, linear = module if isinstance(module, tuple) else (module, None)
    module = module.double()
    xs = torch.tensor(x)[None].requires_grad_(True)
    top = module(xs)[0]
    if head:
        linear = linear.double()
        out = linear(top[:, -1])[0] if not net.spec.head.every_step else linear(top)[0, step]
    else:
        out = top[0, step]
    out.sum().backward()
    return xs.grad[0].norm(dim=-1).numpy()


@pytest.mark.parametrize("spec, step, head", [
    (ModelSpec("lstm", 3, 5, num_layers=2, head=HeadSpec(2)), 7, True),
    (ModelSpec("gru", 3, 4), 9, False),
    (ModelSpec("lstm", 3, 5, proj_size=2), 11, False),
    (ModelSpec("gru", 3, 4, head=HeadSpec(2, every_step=False)), 11, True),  # many-to-one: the head at T-1
    (ModelSpec("gru", 3, 4, head=HeadSpec(2, every_step=False)), 6, False),  # ... and h before it
])
def test_memory_reach_matches_torch_autograd(spec, step, head):
    net = Network(spec, seed=3)
    assert ip.reach_quantity(spec, step, 12) == ("y" if head else "h")
    got = ip.memory_reach(net, X, step)
    assert got.dtype == np.float64 and got.shape == (step + 1,)
    expect = torch_reach(net, X, step, head=head)
    np.testing.assert_allclose(got, expect[:step + 1], rtol=1e-9, atol=1e-15)
    assert (got > 0).all()


def test_memory_reach_of_a_variant_matches_its_step_equations():
    spec = ModelSpec("lstm", 3, 4, peephole=True, coupled=True)
    net = Network(spec, seed=1)
    params = {k: v.double() for k, v in net.state_dict().items()}
    xs = torch.tensor(X)[None].requires_grad_(True)
    h = run_layer_stepwise(spec, params, 0, 0, xs, torch.zeros(1, 4, dtype=torch.float64),
                           torch.zeros(1, 4, dtype=torch.float64))[0]["h"]
    h[0, 5].sum().backward()
    np.testing.assert_allclose(ip.memory_reach(net, X, 5), xs.grad[0, :6].norm(dim=-1).numpy(), rtol=1e-9)


def test_later_inputs_cannot_reach_back_but_a_bidirectional_net_looks_ahead():
    rnn = Network(ModelSpec("rnn", 3, 4), seed=0)
    full = ip.memory_reach(rnn, X, 4, full=True)
    assert full.shape == (12,) and (full[5:] == 0).all() and (full[:5] > 0).all()
    assert np.array_equal(ip.memory_reach(rnn, X, 4), full[:5])
    jordan = ip.memory_reach(Network(ModelSpec("jordan", 3, 4, head=HeadSpec(2, "softmax"))), X, 4, full=True)
    assert (jordan[5:] == 0).all() and (jordan[:5] > 0).all()
    bi = Network(ModelSpec("gru", 3, 4, bidirectional=True), seed=0)
    reach = ip.memory_reach(bi, X, 4)
    assert reach.shape == (12,) and (reach > 0).all()
    np.testing.assert_allclose(reach, torch_reach(bi, X, 4, head=False), rtol=1e-9)


def test_an_open_forget_gate_reaches_further_than_a_weak_tanh_rnn():
    x = np.random.default_rng(0).normal(size=(60, 4))
    lstm = with_forget_bias(Network(ModelSpec("lstm", 4, 16), seed=0), 5.0)
    rnn = with_recurrent_gain(Network(ModelSpec("rnn", 4, 16), seed=0), 0.5)
    far, near = (ip.reach_length(ip.memory_reach(net, x, 59)) for net in (lstm, rnn))
    assert near <= 5 and far >= 40 and far > near


def test_reach_length_by_hand():
    norms = np.array([0.001, 0.5, 0.02, 0.3, 1.0])
    assert ip.reach_length(norms) == 3  # 0.3, 0.02, 0.5 >= 0.01; 0.001 is not
    assert ip.reach_length(norms, 0.1) == 1  # 0.02 < 0.1 two steps back
    assert ip.reach_length(norms, 0.001) == 4
    assert ip.reach_length(norms, step=3) == 2  # from 0.3: 0.02, 0.5 >= 0.003; 0.001 is not
    assert ip.reach_length(norms, 0.5, step=3) == 0
    assert ip.reach_length(np.array([1.0, 0.0])) == 0  # nothing at the step itself
    with pytest.raises(ValueError, match="fraction must be greater than 0"):
        ip.reach_length(norms, 0.0)
    with pytest.raises(ValueError, match="step must be a whole number from 0 to 4"):
        ip.reach_length(norms, step=5)


def test_memory_reach_validates_its_arguments():
    net = Network(ModelSpec("gru", 3, 4))
    with pytest.raises(ValueError, match="step must be a whole number from 0 to 11"):
        ip.memory_reach(net, X, 12)
    with pytest.raises(ValueError, match=r"x must have shape \(T, 3\)"):
        ip.memory_reach(net, X[:, :2], 0)
    with pytest.raises(ValueError, match="needs a Network"):
        ip.memory_reach(net.spec, X, 0)
