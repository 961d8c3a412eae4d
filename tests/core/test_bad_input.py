"""Bad input raises ValueError whose message names what was expected and what was given.

Every case asserts on fragments of the message, not just the exception type: the app shows these
messages to learners as they are.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.model.spec import MAX_BATCH, MAX_HIDDEN_SIZE, MAX_INPUT_SIZE, MAX_LAYERS, MAX_STEPS

NAN, INF = float("nan"), float("inf")


@pytest.fixture(scope="module")
def lstm():
    return Network(ModelSpec("lstm", 3, 4, num_layers=2), seed=0)


def raises(fn, *fragments):
    with pytest.raises(ValueError) as err:
        fn()
    message = str(err.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


# --- the input sequence x --------------------------------------------------------------------------------


@pytest.mark.parametrize("x, fragments", [
    ([1.0, 2.0, 3.0], ["(T, input_size) or (B, T, input_size)", "input_size=3", "got shape (3,)"]),
    (torch.zeros(1, 2, 5, 3), ["(T, input_size) or (B, T, input_size)", "got shape (1, 2, 5, 3)"]),
    (5.0, ["(T, input_size)", "got shape ()"]),
    (torch.zeros(5, 2), ["input_size=3", "got 2", "(1, 5, 2)"]),
    (torch.zeros(2, 5, 4), ["input_size=3", "got 4", "(2, 5, 4)"]),
    ([], ["(T, input_size)", "got shape (0,)"]),
])
def test_wrong_shapes(lstm, x, fragments):
    raises(lambda: lstm.trace(x), *fragments)


@pytest.mark.parametrize("x, fragments", [
    ([["a", "b", "c"]], ["real numbers", "got text"]),
    ("abc", ["real numbers", "got text"]),
    ([[b"a", b"b", b"c"]], ["real numbers", "got bytes"]),
    (torch.ones(2, 3, dtype=torch.bool), ["real numbers", "torch.bool"]),
    (np.ones((2, 3), dtype=bool), ["real numbers", "true/false"]),
    ([[True, False, True]], ["real numbers", "true/false"]),
    (torch.zeros(2, 3, dtype=torch.complex64), ["real numbers", "complex64"]),
    (np.zeros((2, 3), dtype=complex), ["real numbers", "complex numbers"]),
    ([[1 + 2j, 0, 0]], ["real numbers", "complex numbers"]),
    ([[1, 2, 3], [1, 2]], ["rectangular", "different lengths"]),
    ([[[1, 2, 3]], [[1, 2, 3], [4, 5, 6]]], ["rectangular", "different lengths"]),
    ([[1, None, 3]], ["real numbers", "NoneType"]),
    (None, ["real numbers", "got NoneType"]),
    ({"x": [1, 2, 3]}, ["real numbers", "got dict"]),
])
def test_wrong_dtypes(lstm, x, fragments):
    message = raises(lambda: lstm.trace(x), *fragments)
    assert message.startswith("the input sequence x")


@pytest.mark.parametrize("bad", [NAN, INF, -INF])
def test_non_finite_x_names_where(lstm, bad):
    x = torch.zeros(2, 4, 3)
    x[1, 2, 0] = bad
    raises(lambda: lstm.trace(x), "finite numbers", "NaN or infinity", "(1, 2, 0)")
    raises(lambda: lstm.trace([[0, 0, 0], [0, bad, 0]]), "finite", "(0, 1, 1)")


@pytest.mark.parametrize("shape", [(0, 3), (2, 0, 3), (0, 5, 3), (0, 0, 3)])
def test_empty_sequences(lstm, shape):
    raises(lambda: lstm.trace(torch.zeros(shape)), "empty", "at least one step")


def test_step_and_batch_caps(lstm):
    rnn = Network(ModelSpec("rnn", 1, 1))
    raises(lambda: rnn.trace(torch.zeros(MAX_STEPS + 1, 1)), f"{MAX_STEPS + 1} steps", f"at most {MAX_STEPS}")
    raises(lambda: rnn.trace(torch.zeros(MAX_BATCH + 1, 1, 1)), f"batch of {MAX_BATCH + 1}", f"at most {MAX_BATCH}")
    assert rnn.trace(torch.zeros(MAX_STEPS, 1)).num_steps == MAX_STEPS  # the caps themselves are allowed
    assert rnn.trace(torch.zeros(MAX_BATCH, 1, 1)).batch_size == MAX_BATCH


def test_recorded_values_cap():
    big = Network(ModelSpec("rnn", 1, 128, num_layers=MAX_LAYERS, bidirectional=True))  # 1,024 values a step
    raises(lambda: big.trace(torch.zeros(2, MAX_STEPS, 1)), "recording 2 sequences of 20,000 steps",
           "40,960,000 values (2,048 a step)", "at most 4,000,000", "up to 1,953 steps fit")
    assert big.trace(torch.zeros(2, 1953, 1)).num_steps == 1953  # what the message says fits, fits


# --- the initial state ----------------------------------------------------------------------------------------


X = torch.zeros(2, 5, 3)  # batch 2 for the (2-layer, 4-unit) LSTM


@pytest.mark.parametrize("state, fragments", [
    (torch.zeros(2, 2, 4), ["pair (h0, c0)", "got one Tensor of shape (2, 2, 4)"]),
    ((torch.zeros(2, 2, 4),) * 3, ["pair (h0, c0)", "got a tuple of 3"]),
    ({"h": 0}, ["pair (h0, c0)", "got dict"]),
    ((torch.zeros(1, 2, 4), torch.zeros(2, 2, 4)), ["h0 must have shape (2, 2, 4)", "got (1, 2, 4)"]),
    ((torch.zeros(2, 2, 4), torch.zeros(2, 2, 5)), ["c0 must have shape (2, 2, 4)", "got (2, 2, 5)"]),
    ((torch.zeros(2, 3, 4), torch.zeros(2, 3, 4)), ["h0 must have shape (2, 2, 4)", "got (2, 3, 4)"]),
    ((torch.zeros(2, 4), torch.zeros(2, 4)), ["h0 must have shape (2, 2, 4)", "got (2, 4)"]),
    ((torch.zeros(2, 1, 4), torch.zeros(2, 1, 4)), ["h0 must have shape (2, 2, 4)", "got (2, 1, 4)"]),  # no broadcast
    ((torch.full((2, 2, 4), NAN), torch.zeros(2, 2, 4)), ["h0 must be finite", "NaN or infinity"]),
    ((torch.zeros(2, 2, 4), torch.full((2, 2, 4), INF)), ["c0 must be finite", "NaN or infinity"]),
    ((torch.zeros(2, 2, 4, dtype=torch.bool), torch.zeros(2, 2, 4)), ["h0 must hold real numbers", "torch.bool"]),
    (("a", "b"), ["h0 must hold real numbers", "text"]),
])
def test_wrong_lstm_initial_state(lstm, state, fragments):
    raises(lambda: lstm.trace(X, state), *fragments)


def test_wrong_unbatched_initial_state(lstm):
    raises(lambda: lstm.trace(torch.zeros(5, 3), (torch.zeros(4), torch.zeros(4))),
           "h0 must have shape (2, 4)", "got (4,)")
    raises(lambda: lstm.trace(torch.zeros(5, 3), (torch.zeros(2, 4), torch.zeros(2, 3))),
           "c0 must have shape (2, 4)", "got (2, 1, 3)")


def test_wrong_gru_rnn_and_jordan_initial_state():
    gru = Network(ModelSpec("gru", 3, 4, bidirectional=True))
    raises(lambda: gru.trace(X, torch.zeros(1, 2, 4)), "h0 must have shape (2, 2, 4)", "got (1, 2, 4)")
    raises(lambda: gru.trace(X, torch.full((2, 2, 4), NAN)), "h0 must be finite")
    rnn = Network(ModelSpec("rnn", 3, 4, num_layers=3))
    raises(lambda: rnn.trace(X, torch.zeros(3, 2, 5)), "h0 must have shape (3, 2, 4)", "got (3, 2, 5)")
    jordan = Network(ModelSpec("jordan", 3, 4, head=HeadSpec(2)))
    raises(lambda: jordan.trace(X, torch.zeros(1, 2, 4)), "y0 must have shape (1, 2, 2)", "got (1, 2, 4)")
    raises(lambda: jordan.trace(X, torch.full((1, 2, 2), INF)), "y0 must be finite")


# --- specs: sizes past the caps, unknown names, invalid combinations --------------------------------------------


@pytest.mark.parametrize("kwargs, fragments", [
    (dict(hidden_size=MAX_HIDDEN_SIZE + 1), ["hidden_size", f"1 to {MAX_HIDDEN_SIZE}", f"got {MAX_HIDDEN_SIZE + 1}"]),
    (dict(hidden_size=0), ["hidden_size", "got 0"]),
    (dict(num_layers=MAX_LAYERS + 1), ["num_layers", f"1 to {MAX_LAYERS}", f"got {MAX_LAYERS + 1}"]),
    (dict(num_layers=0), ["num_layers", "got 0"]),
    (dict(input_size=MAX_INPUT_SIZE + 1), ["input_size", f"1 to {MAX_INPUT_SIZE}", f"got {MAX_INPUT_SIZE + 1}"]),
    (dict(input_size=3.0), ["input_size must be a whole number", "got 3.0"]),
    (dict(input_size=True), ["input_size must be a whole number", "got True"]),
    (dict(hidden_size="4"), ["hidden_size must be a whole number", "got '4'"]),
    (dict(cell="transformer"), ["cell must be one of lstm, gru, rnn, jordan", "got 'transformer'"]),
    (dict(cell="LSTM"), ["cell must be one of", "got 'LSTM'"]),
    (dict(cell="gru", proj_size=2), ["proj_size", "cell='lstm'", "cell is 'gru'"]),
    (dict(cell="rnn", peephole=True), ["peephole", "cell='lstm'", "cell is 'rnn'"]),
    (dict(cell="gru", coupled=True), ["coupled", "cell='lstm'", "cell is 'gru'"]),
    (dict(cell="gru", cell_activation="relu"), ["cell_activation", "cell is 'gru'"]),
    (dict(cell="gru", nonlinearity="relu"), ["nonlinearity only applies", "cell is 'gru'"]),
    (dict(cell="rnn", nonlinearity="sigmoid"), ["nonlinearity must be one of tanh, relu, identity", "'sigmoid'"]),
    (dict(cell_activation="softmax"), ["cell_activation must be one of", "'softmax'"]),
    (dict(output_activation="gelu"), ["output_activation must be one of", "'gelu'"]),
    (dict(proj_size=4), ["proj_size must be smaller than hidden_size (4)", "got 4"]),
    (dict(proj_size=-1), ["proj_size", "got -1"]),
    (dict(bidirectional=1), ["bidirectional must be True or False", "got 1"]),
    (dict(bias="yes"), ["bias must be True or False", "got 'yes'"]),
    (dict(head=2), ["head must be a HeadSpec or None", "got int"]),
    (dict(cell="jordan"), ["Jordan", "needs a head"]),
    (dict(cell="jordan", head=HeadSpec(2, every_step=False)), ["Jordan", "every_step=True"]),
    (dict(cell="jordan", num_layers=2, head=HeadSpec(2)), ["one layer and one direction", "num_layers=2"]),
    (dict(cell="jordan", bidirectional=True, head=HeadSpec(2)), ["one layer and one direction", "bidirectional=True"]),
])
def test_invalid_specs(kwargs, fragments):
    base = dict(cell="lstm", input_size=3, hidden_size=4)
    base.update(kwargs)
    raises(lambda: ModelSpec(**base), *fragments)


@pytest.mark.parametrize("kwargs, fragments", [
    (dict(out_features=0), ["out_features", "got 0"]),
    (dict(out_features=2, activation="tanh"), ["head activation must be one of identity, softmax, sigmoid", "'tanh'"]),
    (dict(out_features=2, every_step="yes"), ["every_step must be True or False", "'yes'"]),
])
def test_invalid_heads(kwargs, fragments):
    raises(lambda: HeadSpec(**kwargs), *fragments)


def test_spec_from_dict():
    spec = ModelSpec("lstm", 3, 4, peephole=True, head=HeadSpec(2, "softmax"))
    assert ModelSpec.from_dict(spec.to_dict()) == spec
    raises(lambda: ModelSpec.from_dict({"cell": "lstm", "input_size": 3}), "incomplete model spec", "hidden_size")
    raises(lambda: ModelSpec.from_dict({**spec.to_dict(), "dropout": 0.1}), "unknown model spec fields ['dropout']")
    raises(lambda: ModelSpec.from_dict([1, 2]), "must be a mapping", "got list")
    raises(lambda: ModelSpec.from_dict({**spec.to_dict(), "head": {"out_features": 2, "colour": 1}}),
           "unknown head fields ['colour']")


@pytest.mark.parametrize("seed", [-1, 1.5, None, "0", True, 2**63])
def test_invalid_seed(seed):
    raises(lambda: Network(ModelSpec("gru", 2, 2), seed=seed), "seed must be a whole number", f"got {seed!r}")


def test_network_needs_a_spec():
    raises(lambda: Network({"cell": "lstm"}), "Network needs a ModelSpec", "got dict")


# --- state dicts ----------------------------------------------------------------------------------------------


@pytest.fixture
def small():
    return Network(ModelSpec("lstm", 2, 3, head=HeadSpec(2)), seed=0)


def edited(net, **changes):
    sd = dict(net.state_dict())
    for name, value in changes.items():
        name = name.replace("__", ".")
        if value is None:
            sd.pop(name)
        else:
            sd[name] = value
    return sd


@pytest.mark.parametrize("changes, fragments", [
    (dict(bias_hh_l0=None), ["missing ['bias_hh_l0']", "Expected exactly", "weight_ih_l0"]),
    (dict(head__bias=None, weight_hh_l0=None), ["missing ['weight_hh_l0', 'head.bias']"]),
    (dict(weight_ih_l1=torch.zeros(12, 3)), ["unexpected ['weight_ih_l1']", "Expected exactly"]),
    (dict(weight_ih_l0=torch.zeros(12, 3)), ["weight_ih_l0 must have shape (12, 2)", "got (12, 3)"]),
    (dict(weight_ih_l0=torch.zeros(2, 12)), ["weight_ih_l0 must have shape (12, 2)", "got (2, 12)"]),
    (dict(head__weight=torch.zeros(2, 3, 1)), ["head.weight must have shape (2, 3)", "got (2, 3, 1)"]),
    (dict(bias_ih_l0=torch.zeros(12, dtype=torch.int64)), ["bias_ih_l0 must hold floating-point", "torch.int64"]),
    (dict(bias_ih_l0=torch.zeros(12, dtype=torch.bool)), ["floating-point", "torch.bool"]),
    (dict(bias_ih_l0=torch.zeros(12, dtype=torch.complex64)), ["floating-point", "torch.complex64"]),
    (dict(bias_ih_l0=[["a"] * 12]), ["bias_ih_l0 must hold real numbers", "text"]),
    (dict(head__bias=torch.tensor([NAN, 0.0])), ["head.bias must hold finite numbers", "NaN or infinity"]),
    (dict(weight_hh_l0=torch.full((12, 3), INF)), ["weight_hh_l0 must hold finite numbers"]),
])
def test_bad_state_dicts_leave_weights_untouched(small, changes, fragments):
    before = small.state_dict()
    raises(lambda: small.load_state_dict(edited(small, **changes)), *fragments)
    after = small.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)  # all or nothing


def test_state_dict_of_the_wrong_kind(small):
    raises(lambda: small.load_state_dict([1, 2]), "mapping of names to tensors", "got list")
    raises(lambda: small.load_state_dict(None), "mapping", "got NoneType")
    gru_sd = Network(ModelSpec("gru", 2, 3)).state_dict()
    raises(lambda: small.load_state_dict(gru_sd), "does not fit this LSTM", "missing ['head.weight', 'head.bias']")
    raises(lambda: Network(ModelSpec("gru", 2, 3)).load_state_dict(small.state_dict()),
           "does not fit this GRU", "unexpected ['head.weight', 'head.bias']")


def test_float64_state_dict_is_accepted_as_float32(small):
    sd = {k: v.double() for k, v in small.state_dict().items()}
    small.load_state_dict(sd)
    assert all(v.dtype == torch.float32 for v in small.state_dict().values())


def test_set_parameter_errors(small):
    raises(lambda: small.set_parameter("weight_xx_l0", torch.zeros(2)), "has no parameter 'weight_xx_l0'",
           "weight_ih_l0")
    raises(lambda: small.set_parameter("head.bias", torch.zeros(3)), "head.bias must have shape (2,)", "got (3,)")
    raises(lambda: small.set_parameter("head.bias", [NAN, 1.0]), "finite")
    raises(lambda: small.parameter("nope"), "has no parameter 'nope'")


def test_peephole_state_dict_needs_weight_ch():
    plain = Network(ModelSpec("lstm", 2, 3)).state_dict()
    peep = Network(ModelSpec("lstm", 2, 3, peephole=True))
    raises(lambda: peep.load_state_dict(plain), "missing ['weight_ch_l0']")
    raises(lambda: peep.load_state_dict({**plain, "weight_ch_l0": torch.zeros(3)}),
           "weight_ch_l0 must have shape (9,)", "got (3,)")
