"""Vocabularies as tokenizers export them, and what happens with text they do not cover."""
import json

import pytest

from rnnviz.data.vocabulary import (
    MAX_TEXT_CHARS,
    MAX_VOCAB_BYTES,
    UnknownTokens,
    Vocabulary,
    read_vocabulary,
)


def test_one_token_per_line_gives_ids_in_line_order():
    vocab = read_vocabulary(b"the\ncat\nsat\n<unk>\n", split="words")
    assert vocab.tokens == ("the", "cat", "sat", "<unk>") and vocab.unknown == "<unk>"
    assert vocab.encode("the cat sat on the mat") == [0, 1, 2, 3, 0, 3]
    assert vocab.decode([0, 1, 2]) == "the cat sat"


def test_json_token_to_id_and_a_hugging_face_tokenizer_json():
    mapping = {"a": 1, "b": 0, "\n": 2}
    vocab = read_vocabulary(json.dumps(mapping).encode())
    assert vocab.tokens == ("b", "a", "\n") and vocab.encode("ab\n") == [1, 0, 2]
    hf = {"version": "1.0", "model": {"type": "WordLevel", "vocab": {"[UNK]": 0, "hi": 1}}}
    vocab = read_vocabulary(json.dumps(hf).encode(), split="words")
    assert vocab.unknown == "[UNK]" and vocab.encode("hi there") == [1, 0]


def test_rnnviz_json_round_trips():
    vocab = Vocabulary(("x", "y", "\ufffd"), unknown="\ufffd")
    assert read_vocabulary(vocab.to_json().encode()) == vocab


def test_unknown_tokens_are_named_in_order_of_first_appearance():
    vocab = Vocabulary(tuple("abc"))
    with pytest.raises(UnknownTokens, match=r"2 token\(s\) are not in the vocabulary: 'z', '!'") as info:
        vocab.encode("abzcz!")
    assert info.value.unknown == ["z", "!"]
    assert vocab.unknown_in("abzcz!") == ["z", "!"]


def test_many_unknown_tokens_are_summed_up():
    vocab = Vocabulary(("a",))
    with pytest.raises(UnknownTokens, match=r"25 token\(s\).*and 17 more"):
        vocab.encode("abcdefghijklmnopqrstuvwxyz")


def test_with_an_unknown_token_every_character_reads():
    vocab = Vocabulary(("a", "?"), unknown="?")
    assert vocab.encode("a好a") == [0, 1, 0] and vocab.unknown_in("a好a") == ["好"]


def test_empty_text_encodes_to_nothing_and_an_empty_file_is_refused():
    assert Vocabulary(("a",)).encode("") == []
    with pytest.raises(ValueError, match="the vocabulary file is empty"):
        read_vocabulary(b"  \n")


def test_100k_characters_encode_and_longer_text_is_refused_before_splitting():
    vocab = Vocabulary(tuple("ab"))
    assert len(vocab.encode("ab" * 50_000)) == 100_000
    with pytest.raises(ValueError, match=f"at most {MAX_TEXT_CHARS:,}"):
        vocab.encode("a" * (MAX_TEXT_CHARS + 1))


@pytest.mark.parametrize("data, message", [
    (b"\xff\xfe", "must be UTF-8"),
    (b'{"a": 0, "b": 0}', "id 0 is given to both 'a' and 'b'"),
    (b'{"a": 0, "b": 5}', "from 0 to 1"),
    (b'{"a": "0"}', "from 0 to 0"),
    (b'{"a": 0,', "not valid JSON"),
    (b'["a", 3]', "only strings"),
    (b"a\nb\na\n", "appears twice"),
])
def test_bad_vocabulary_files_say_what_is_wrong(data, message):
    with pytest.raises(ValueError, match=message):
        read_vocabulary(data)


def test_a_huge_vocabulary_file_is_refused_before_it_is_decoded():
    with pytest.raises(ValueError, match="at most 5 MB"):
        read_vocabulary(b"a" * (MAX_VOCAB_BYTES + 1))


def test_decode_refuses_ids_out_of_range():
    with pytest.raises(ValueError, match="from 0 to 1"):
        Vocabulary(("a", "b")).decode([2])
