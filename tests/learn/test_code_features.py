"""The code features the unit finder offers (rnnviz.learn.code_features), against hand-read examples and against
Python's own tokenizer on real stdlib files."""
import io
import tokenize

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz.learn.code_features import CODE_FEATURES, code_features
from rnnviz.learn.interpret import text_feature
from rnnviz.pretrained import corpus


def _bits(values) -> str:
    return "".join(str(int(v)) for v in values)


def test_strings_comments_and_brackets_by_hand():
    text = "f(a, 'x(y', b)  # it's (\n"
    f = code_features(text)
    assert _bits(f["in_string"]) == "000001111000000000000000000"[:len(text)]
    assert _bits(f["in_comment"]) == "0" * 16 + "1" * 8 + "0"
    # the ( inside the string and the one in the comment do not count
    assert _bits(f["code_depth"]) == "0" + "1" * 12 + "0" * 12


def test_the_closing_quote_is_outside_and_an_escaped_quote_is_inside():
    assert _bits(code_features('"a\\"b"c')["in_string"]) == "1111100"
    assert _bits(code_features("'''a'b\n'''x")["in_string"]) == "1111111000" + "0"


def test_a_one_line_string_left_open_ends_at_its_line():
    f = code_features("x = 'oops\ny = (1)\n")
    assert _bits(f["in_string"]) == "0000111110" + "00000000"
    assert f["code_depth"][-4] == 1  # the bracket on the next line counts again


def test_indentation_counts_columns_and_tabs_go_to_the_next_multiple_of_8():
    f = code_features("if x:\n    y\n\t z\n")
    assert f["indent"].tolist() == [0] * 6 + [1, 2, 3, 4, 4, 4] + [8, 9, 9, 9]


def test_text_feature_offers_the_code_features():
    text = "print('hi')  # x\n"
    for name in CODE_FEATURES:
        assert np.array_equal(text_feature(text, name), code_features(text)[name])


@pytest.mark.parametrize("name", ["json/decoder.py", "http/cookies.py", "email/utils.py"])
def test_in_string_agrees_with_pythons_tokenizer_on_stdlib_files(name):
    """Every STRING token of a real file: inside from its first quote to just before its closing delimiter."""
    text = corpus.read_source(corpus.stdlib_root() / name)
    expected = np.zeros(len(text))
    line_starts = np.concatenate([[0], np.cumsum([len(line) for line in text.splitlines(keepends=True)])])
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type != tokenize.STRING:
            continue
        start = line_starts[tok.start[0] - 1] + tok.start[1]
        end = line_starts[tok.end[0] - 1] + tok.end[1]
        quote = min(i for i in (tok.string.find("'"), tok.string.find('"')) if i >= 0)
        delimiter = 3 if tok.string[quote:quote + 3] in ('"""', "'''") else 1
        expected[start + quote:end - delimiter] = 1
    got = code_features(text)["in_string"]
    assert expected.sum() > 1000
    assert np.array_equal(got, expected), np.flatnonzero(got != expected)[:10]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab'\"#\\()[]{} \t\n", max_size=60))
def test_any_text_gives_one_value_per_character_and_sane_ranges(text):
    f = code_features(text)
    for name in CODE_FEATURES:
        assert f[name].shape == (len(text),)
    assert set(np.unique(f["in_string"])) <= {0, 1} and set(np.unique(f["in_comment"])) <= {0, 1}
    assert (f["in_string"] * f["in_comment"]).sum() == 0  # never both
    assert (f["code_depth"] >= 0).all() and (f["indent"] >= 0).all()


def test_strings_split_into_one_line_and_triple_quoted():
    text = 'x = "ab"\n"""doc\n"q" """\n'
    f = code_features(text)
    assert _bits(f["in_line_string"]) == "000011100" + "0" * 15
    assert _bits(f["in_triple_string"]) == "0" * 9 + "1" * 11 + "0000"
    assert np.array_equal(f["in_line_string"] + f["in_triple_string"], f["in_string"])
