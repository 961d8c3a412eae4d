"""Bad input, tried systematically: every parser a page feeds raises ValueError with a message, or
returns finite numbers of the right shape. Never another exception."""
import numpy as np
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz import ModelSpec, Network
from rnnviz.data.sequences import one_hot_text, parse_step, table_to_array
from rnnviz.model.checkpoints import read_checkpoint

cells = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                  st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12), st.binary(max_size=4))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.lists(cells, max_size=4), max_size=6), st.integers(1, 3))
def test_sequence_tables(rows, size):
    try:
        out = table_to_array(rows, size)
    except ValueError as err:
        assert str(err)
    else:
        assert out.shape == (len(rows), size) and np.isfinite(out).all()


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=40), st.integers(1, 4))
def test_typed_steps(text, size):
    try:
        out = parse_step(text, size)
    except ValueError as err:
        assert str(err)
    else:
        assert out.shape == (size,) and np.isfinite(out).all()


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=60))  # any Unicode: CJK, emoji, combining marks, surrogates
def test_text_input_one_hot(text):
    try:
        x, vocab = one_hot_text(text)
    except ValueError as err:
        assert str(err)
    else:
        assert x.shape == (len(text), len(vocab)) and (x.sum(1) == 1).all()


NET = Network(ModelSpec("lstm", 2, 2))
NAMES = list(NET.state_dict())


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(NAMES), st.lists(st.lists(cells, max_size=3), max_size=9))
def test_weight_table_edits(name, rows):
    """What the weight editor hands the core after a hand edit; a refusal leaves the network as it was."""
    net = NET.copy()
    before = net.state_dict()
    try:
        net.set_parameter(name, rows)
    except ValueError as err:
        assert str(err)
        after = net.state_dict()
        assert all(torch.equal(before[k], after[k]) for k in before)
    else:
        assert torch.isfinite(net.parameter(name)).all()


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.binary(max_size=2048))
def test_uploaded_checkpoint_bytes(data):
    try:
        read_checkpoint(data)
    except ValueError as err:
        assert str(err)
