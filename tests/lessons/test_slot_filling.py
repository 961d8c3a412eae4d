"""Lesson 1: words as vectors (1-of-N, with "other", letter trigrams), with the course's examples."""
import numpy as np
import pytest

from rnnviz.data.encoders import (
    clean_word,
    letter_trigrams,
    one_hot,
    one_hot_with_other,
    split_words,
    trigram_index,
    trigram_vector,
)
from rnnviz.lessons import lesson_by_id
from rnnviz.lessons.lesson import preset_trace
from rnnviz.lessons.views import ENCODINGS, SLOT_FILLING

VOCAB = ["apple", "bag", "cat", "dog", "elephant"]


def test_one_hot():
    x = one_hot(["apple", "dog", "Elephant"], VOCAB)
    assert x.tolist() == [[1, 0, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1]] and x.dtype == np.float32
    with pytest.raises(ValueError, match="'Gandalf' is not in the vocabulary.*other"):
        one_hot(["apple", "Gandalf"], VOCAB)


def test_one_hot_with_other():
    x = one_hot_with_other(["Gandalf", "cat", "Sauron"], VOCAB)
    assert x.shape == (3, 6)
    assert x.tolist() == [[0, 0, 0, 0, 0, 1], [0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 1]]
    assert (x[0] == x[2]).all()  # two different unknown words, one vector


def test_bad_vocabularies_and_words():
    with pytest.raises(ValueError, match="same word"):
        one_hot(["cat"], ["Cat", "cat"])
    with pytest.raises(ValueError, match="list of words"):
        one_hot("cat", VOCAB)
    with pytest.raises(ValueError, match="non-empty"):
        one_hot_with_other(["", "cat"], VOCAB)
    with pytest.raises(ValueError, match="1 to"):
        one_hot_with_other(["cat"], [])


def test_the_course_trigrams():
    assert letter_trigrams("apple") == ["#ap", "app", "ppl", "ple", "le#"]
    assert letter_trigrams("apple", boundary=False) == ["app", "ppl", "ple"]
    v = trigram_vector("apple")
    assert v.dims == 27 ** 3 == 19683 and sorted(v.trigrams) == sorted(letter_trigrams("apple"))
    assert list(v.indices) == sorted(v.indices) and set(v.counts) == {1}
    assert v.dense().sum() == 5 and v.dense()[trigram_index("app")] == 1
    plain = trigram_vector("apple", boundary=False)
    assert plain.dims == 26 ** 3 == 17576
    a, p, letter_l, e = 0, 15, 11, 4
    assert plain.as_dict()[(a * 26 + p) * 26 + p] == 1  # "app"
    assert plain.as_dict()[(p * 26 + letter_l) * 26 + e] == 1  # "ple"
    assert trigram_index("###") == 0 and trigram_index("zzz") == 27 ** 3 - 1
    assert trigram_index("aaa", boundary=False) == 0 and trigram_index("zzz", boundary=False) == 26 ** 3 - 1


def test_trigram_details():
    banana = trigram_vector("banana")
    assert banana.as_dict()[trigram_index("ana")] == 2 and sum(banana.counts) == 6
    assert clean_word("Café-2nd") == "cafend" and letter_trigrams("2nd") == ["#nd", "nd#"]
    assert letter_trigrams("a") == ["#a#"] and letter_trigrams("a", boundary=False) == []
    assert letter_trigrams("42") == [] and trigram_vector("42").dense().sum() == 0
    assert trigram_vector("Apple").indices == trigram_vector("apple").indices
    assert trigram_vector("Gandalf").indices != trigram_vector("Sauron").indices  # no shared "other"
    with pytest.raises(ValueError, match="trigram is 3 characters"):
        trigram_index("#ap", boundary=False)
    assert split_words("arrive, Taipei  on") == ["arrive", "Taipei", "on"]


def test_lesson_one_taipei_input_is_identical_but_the_memory_is_not():
    lesson = lesson_by_id("slot-filling")
    assert lesson.number == 1 and lesson.views[0][0] is ENCODINGS
    arrive, leave = (preset_trace(p) for p in lesson.presets)
    taipei = 1
    assert arrive.x[0, taipei].tolist() == leave.x[0, taipei].tolist()
    assert not np.allclose(arrive["h"][0, 0, 0, taipei].numpy(), leave["h"][0, 0, 0, taipei].numpy(), atol=1e-3)


# --- the trained part: an Elman RNN tags Taipei by what came before; a feed-forward tagger cannot ---------
def _tagger_params():
    lesson = lesson_by_id("slot-filling")
    return dict(lesson.views)[SLOT_FILLING]


@pytest.fixture(scope="module")
def taggers():
    import torch

    from rnnviz.data.slots import slot_dataset
    from rnnviz.learn.slot_filling import train_slot_taggers
    p = _tagger_params()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny tensors: one thread is fastest, as the app runs it
    try:
        return train_slot_taggers(slot_dataset(p["examples"], p["slots"]), p["hidden_size"], p["epochs"], p["lr"],
                                  p["seed"])
    finally:
        torch.set_num_threads(threads)


def _probs(net, data, sentence):
    from rnnviz.learn.slot_filling import slot_probabilities
    return slot_probabilities(net, data, sentence.split())


def test_the_rnn_labels_taipei_by_the_word_before(taggers):
    data, slots = taggers.data, taggers.data.slots
    arrive = _probs(taggers.rnn, data, "arrive Taipei on November 2nd")
    leave = _probs(taggers.rnn, data, "leave Taipei on November 2nd")
    assert [slots[k] for k in arrive.argmax(1)] == ["other", "destination", "other", "time", "time"]
    assert [slots[k] for k in leave.argmax(1)] == ["other", "departure", "other", "time", "time"]
    assert arrive[1, slots.index("destination")] > 0.9 and leave[1, slots.index("departure")] > 0.9
    unseen = _probs(taggers.rnn, data, "leave Kaohsiung on May 5th")  # Kaohsiung is "other" to the encoder
    assert slots[unseen[1].argmax()] == "departure"


def test_the_feed_forward_baseline_cannot_tell_the_two_taipeis_apart(taggers):
    data, slots = taggers.data, taggers.data.slots
    assert float(taggers.feed_forward.state_dict()["weight_hh_l0"].abs().max()) == 0.0
    arrive = _probs(taggers.feed_forward, data, "arrive Taipei on November 2nd")
    leave = _probs(taggers.feed_forward, data, "leave Taipei on November 2nd")
    assert np.array_equal(arrive[1:], leave[1:])  # identical words, identical outputs, to the last bit
    # The best a memoryless tagger can do: Taipei's share of each slot in the training data (2 of 5 destination).
    assert arrive[1, slots.index("destination")] == pytest.approx(0.4, abs=0.05)
    assert arrive[1, slots.index("departure")] == pytest.approx(0.6, abs=0.05)
    assert taggers.feed_forward_history.loss[-1] > 0.1 > 0.01 > taggers.rnn_history.loss[-1]


def test_the_slot_dataset_is_checked():
    from rnnviz.data.slots import slot_dataset
    p = _tagger_params()
    data = slot_dataset(p["examples"], p["slots"])
    assert data.x.shape == (12, 7, len(data.vocab) + 1) and data.mask.sum() == sum(len(s) for s in data.sentences)
    assert (data.x.sum(-1) == data.mask).all()  # one 1 per real word, nothing on the padding
    with pytest.raises(ValueError, match="3 words but 2 labels"):
        slot_dataset([("arrive in Taipei", "other destination")], p["slots"])
    with pytest.raises(ValueError, match="not slots"):
        slot_dataset([("arrive Taipei", "other city")], p["slots"])
