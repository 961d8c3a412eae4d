import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz.data.sequences import (
    GENERATOR_PARAMS,
    GENERATORS,
    generate,
    one_hot_text,
    parse_csv,
    parse_step,
    table_to_array,
)


def test_generators_shapes_and_values():
    assert generate("constant", 3, 2, {"value": 2.5}).tolist() == [[2.5, 2.5]] * 3
    assert generate("impulse", 4, 1, {"at": 2, "height": 3.0})[:, 0].tolist() == [0, 0, 3, 0]
    assert generate("step", 4, 1, {"at": 1})[:, 0].tolist() == [0, 1, 1, 1]
    sine = generate("sine", 12, 1, {"period": 4.0})[:, 0]
    np.testing.assert_allclose(sine[:4], [0, 1, 0, -1], atol=1e-6)
    assert generate("square", 4, 1, {"period": 2.0})[:, 0].tolist() == [1, -1, 1, -1]
    np.testing.assert_allclose(generate("ramp", 3, 1, {"start": 0.0, "end": 1.0})[:, 0], [0, 0.5, 1])
    a, b = generate("random", 5, 3, {"seed": 7}), generate("random", 5, 3, {"seed": 7})
    assert np.array_equal(a, b) and not np.array_equal(a, generate("random", 5, 3, {"seed": 8}))
    only_second = generate("constant", 2, 3, features=[1])
    assert only_second.tolist() == [[0, 1, 0], [0, 1, 0]]


@pytest.mark.parametrize("kind,params,fragment", [
    ("sine", {"period": 0.0}, "greater than 0"),
    ("impulse", {"at": 1.5}, "whole number"),
    ("constant", {"value": float("nan")}, "finite"),
    ("ramp", {"slope": 1.0}, "takes"),
    ("wobble", {}, "unknown generator"),
])
def test_generator_bad_parameters(kind, params, fragment):
    with pytest.raises(ValueError, match=fragment):
        generate(kind, 5, 1, params)


def test_generator_caps():
    with pytest.raises(ValueError, match="from 1 to 20000"):
        generate("sine", 20001, 1)
    with pytest.raises(ValueError, match="from 1 to 20000"):
        generate("sine", 0, 1)


def test_text_one_hot():
    x, vocab = one_hot_text("abca")
    assert vocab == ["a", "b", "c"]
    assert x.argmax(1).tolist() == [0, 1, 2, 0] and x.sum() == 4
    x, vocab = one_hot_text("对酒当歌")
    assert x.shape == (4, 4)
    with pytest.raises(ValueError, match="not in the vocabulary"):
        one_hot_text("abz", ["a", "b"])
    with pytest.raises(ValueError, match="empty"):
        one_hot_text("")


def test_csv_parsing_and_messages():
    assert parse_csv("x0,x1\n1,2\n3,4\n", 2).tolist() == [[1, 2], [3, 4]]
    assert parse_csv("\ufeff1,2\n", 2).tolist() == [[1, 2]]
    with pytest.raises(ValueError, match="must have 2 columns.*row 1 has 3"):
        parse_csv("1,2\n1,2,3", 2)
    with pytest.raises(ValueError, match="row 0, column x1 holds 'b'"):
        parse_csv("1,b", 2)
    with pytest.raises(ValueError, match="finite"):
        parse_csv("1,nan", 2)
    with pytest.raises(ValueError, match="empty"):
        parse_csv("", 2)
    with pytest.raises(ValueError, match="row 0, column x1 is empty"):
        parse_csv("1,", 2)


def test_table_and_step():
    assert table_to_array([[1, "2"], [3.5, 4]], 2).tolist() == [[1, 2], [3.5, 4]]
    with pytest.raises(ValueError, match="row 1 has 1 values"):
        table_to_array([[1, 2], [3]], 2)
    with pytest.raises(ValueError, match="empty"):
        table_to_array([[1, None]], 2)
    with pytest.raises(ValueError, match="no rows"):
        table_to_array([], 2)
    assert parse_step("1, -2.5", 2).tolist() == [1, -2.5]
    with pytest.raises(ValueError, match="needs 3 numbers"):
        parse_step("1,2", 3)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=60), st.integers(1, 4))
def test_csv_never_raises_anything_but_valueerror(text, size):
    try:
        out = parse_csv(text, size)
    except ValueError as err:
        assert str(err)
    else:
        assert out.shape[1] == size and np.isfinite(out).all()


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.sampled_from(GENERATORS), st.integers(1, 300), st.integers(1, 5),
       st.dictionaries(st.sampled_from(sorted({p for d in GENERATOR_PARAMS.values() for p in d})),
                       st.floats(allow_nan=True, allow_infinity=True) | st.integers(-5, 50), max_size=3))
# (huge finite values such as 1e300 are among the floats drawn: they must be refused, not become inf)
def test_generators_fuzzed(kind, length, size, params):
    try:
        out = generate(kind, length, size, params)
    except ValueError as err:
        assert str(err)
    else:
        assert out.shape == (length, size) and out.dtype == np.float32 and np.isfinite(out).all()
