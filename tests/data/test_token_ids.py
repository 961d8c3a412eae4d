"""Token ids typed as text: whole numbers, bounded before they are split, each bad part named."""
import numpy as np
import pytest

from rnnviz.data.token_ids import parse_token_ids
from rnnviz.model.spec import MAX_STEPS


def test_ids_separated_by_spaces_or_commas():
    ids = parse_token_ids(" 3 1,4 ,1\t5\n9 ")
    assert ids.tolist() == [3, 1, 4, 1, 5, 9] and ids.dtype == np.int64
    assert parse_token_ids("-1 +2").tolist() == [-1, 2]  # signs read; the network refuses ids below 0
    assert parse_token_ids("１，２、3").tolist() == [1, 2, 3]  # as a Chinese keyboard types them


@pytest.mark.parametrize("text, message", [
    ("", "type the token ids as whole numbers separated by spaces"),
    ("   ", "type the token ids as whole numbers separated by spaces"),
    ("1 2.0 3", "token 1 is '2.0'; a token id is a whole number such as 0, 7 or 42"),
    ("1 1e3", "token 1 is '1e3'"),
    ("7 1234567890", "token 1 is '1234567890'"),  # past any vocabulary: not turned into a huge number
    ("1 " * (MAX_STEPS + 1), f"{MAX_STEPS + 1:,} token ids were typed; at most {MAX_STEPS} steps are allowed"),
])
def test_what_is_not_an_id_is_named(text, message):
    with pytest.raises(ValueError, match=message):
        parse_token_ids(text)


def test_a_pasted_megabyte_is_refused_before_it_is_split():
    text = "1" * 5_000_000
    with pytest.raises(ValueError, match=r"the token ids typed are 5,000,000 characters long; at most 20000 ids .*"
                                         r"\(5,000,000 characters\)"):
        parse_token_ids(text)
