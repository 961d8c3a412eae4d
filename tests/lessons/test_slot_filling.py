"""Lesson 1: words as vectors (1-of-N, with "other", letter trigrams), with the course's examples."""
import re

import numpy as np
import pytest

from rnnviz.data.encoders import (
    clean_word,
    letter_trigrams,
    one_hot,
    one_hot_with_other,
    split_words,
    trigram_dims,
    trigram_index,
    trigram_vector,
)
from rnnviz.lessons import lesson_by_id
from rnnviz.lessons.lesson import preset_trace
from rnnviz.lessons.views import ENCODINGS, SLOT_FILLING
from tests.lessons.claims import body, corrections, notice, number, rounds_to, says, stated

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


# --- what the lesson's text states, read out of both languages (tests/lessons/claims.py) --------------------
LESSON = lesson_by_id("slot-filling")
PARAMS = dict(LESSON.views)


def _preset_words(preset) -> list[str]:
    return re.search(r"“(.+?)”", preset.name["en"]).group(1).split()  # the sentence the preset encodes


def test_text_the_trigrams_of_apple():
    """Body: “apple” → #ap, app, ppl, ple, le#."""
    [listed] = stated(body(LESSON), r"“apple” → ([^)]+)\)", r"“apple” → ([^）]+)）",
                      convert=lambda text: re.split(r", |、", text))
    assert listed == letter_trigrams("apple")


def test_text_each_word_gets_a_probability_per_slot(taggers):
    """Body: each word is labelled with a probability per slot (destination, place of departure, time, and other)."""
    says(body(LESSON), r"labelled with a probability per slot", r"每个词得到每个槽位的概率")
    for tagger in (taggers.rnn, taggers.feed_forward):
        for sentence in PARAMS[SLOT_FILLING]["sentences"]:
            p = _probs(tagger, taggers.data, sentence)
            assert p.shape == (len(sentence.split()), len(PARAMS[SLOT_FILLING]["slots"]))
            assert np.allclose(p.sum(axis=1), 1, atol=1e-6) and (p >= 0).all()


def test_text_the_explorer_opens_at_taipei():
    """Notice 1: the explorer opens at step 1, “Taipei”, and x there is the same one-hot vector in both sentences."""
    [(step, word)] = stated(notice(LESSON, 0), r"at step (\d+), “(\w+)”", r"第 (\d+) 步 “(\w+)”")
    step = int(step)
    assert LESSON.guide[0].step == step and [p.step for p in LESSON.presets] == [step, step]
    sentences = [_preset_words(p) for p in LESSON.presets]
    assert [" ".join(s) for s in sentences] == list(PARAMS[SLOT_FILLING]["sentences"])
    assert [s[step] for s in sentences] == [word, word] == [PARAMS[SLOT_FILLING]["focus"]] * 2
    x = [preset_trace(p).x[0].numpy() for p in LESSON.presets]
    assert (x[0].sum(-1) == 1).all() and np.array_equal(x[0][step], x[1][step])


def test_text_the_untrained_difference_is_small_and_training_makes_it_decisive(taggers):
    """Notice 1: untrained, h at Taipei differs a little between the sentences; the trained RNN's answers flip."""
    says(notice(LESSON, 0), r"untrained.*small.*decisive", r"未经训练.*不大.*决定性")
    arrive, leave = (preset_trace(p)["h"][0, 0, 0, 1].numpy() for p in LESSON.presets)
    assert 0.05 < np.abs(arrive - leave).max() < 0.25  # measured 0.20, of tanh's range of 2
    slots, sentences = taggers.data.slots, PARAMS[SLOT_FILLING]["sentences"]
    trained = [_probs(taggers.rnn, taggers.data, s)[1, slots.index("destination")] for s in sentences]
    assert trained[0] > 0.99 and trained[1] < 0.01  # measured 0.998 and 0.000


def test_text_two_unknown_words_share_the_other_dimension():
    """Notice 2, on the lesson's own vocabulary and words: Gandalf has no 1-of-N row, and with “other” Gandalf and
    Sauron get one identical vector, the last dimension."""
    from rnnviz.ui.lesson_views.encodings import one_hot_frame
    [unknown] = stated(notice(LESSON, 1), r"“(\w+)”.*“(\w+)”")
    vocab, words = PARAMS[ENCODINGS]["vocab"], split_words(PARAMS[ENCODINGS]["words"])
    assert set(unknown) <= set(words) and not set(unknown) & set(vocab)
    plain = one_hot_frame(words, vocab, other=False)
    assert list(plain["word"]) == [w for w in words if w in vocab]  # no row for either
    other = one_hot_frame(words, vocab, other=True).set_index("word")
    for word in unknown:
        assert other.loc[word].tolist() == [0] * len(vocab) + [1]


def test_text_similar_spellings_share_most_trigram_dimensions():
    """Notice 3: apple and apples share most of their dimensions; Gandalf and Sauron get different vectors."""
    [pair] = stated(notice(LESSON, 2), r"\((\w+), (\w+)\)", r"（(\w+)、(\w+)）")
    a, b = (set(trigram_vector(w).indices) for w in pair)
    assert len(a & b) > len(a | b) / 2  # 4 of #ap app ppl ple le# les es#
    assert not set(trigram_vector("Gandalf").indices) & set(trigram_vector("Sauron").indices)


def test_text_a_one_hot_has_one_1_and_banana_has_a_2():
    """Notice 4: a one-hot vector has exactly one 1; “banana” counts “ana” twice."""
    [(word, trigram)] = stated(notice(LESSON, 3), r"“(\w+)” has “(\w+)” twice", r"“(\w+)” 中 “(\w+)” 出现两次")
    assert trigram_vector(word).as_dict()[trigram_index(trigram)] == 2
    x = one_hot_with_other(split_words(PARAMS[ENCODINGS]["words"]), PARAMS[ENCODINGS]["vocab"])
    assert (x.sum(axis=1) == 1).all() and set(np.unique(x)) == {0, 1}


def test_text_the_same_word_gets_the_same_vector_in_every_encoding():
    """Notice 5: whatever the encoding, the two sentences give Taipei the same vector."""
    says(notice(LESSON, 4), r"the same word always gets the same vector", r"同一个词总是得到同一个向量")
    from rnnviz.data.slots import slot_dataset
    data = slot_dataset(PARAMS[SLOT_FILLING]["examples"], PARAMS[SLOT_FILLING]["slots"])
    arrive, leave = (_preset_words(p) for p in LESSON.presets)
    for encode in (lambda s: one_hot_with_other(s, PARAMS[ENCODINGS]["vocab"]), data.encode,
                   lambda s: np.stack([trigram_vector(w).dense() for w in s])):
        assert np.array_equal(encode(arrive)[1], encode(leave)[1])


def test_text_both_taggers_learn_from_the_same_12_sentences(taggers):
    """Notice 6: 12 sentences."""
    [n] = stated(notice(LESSON, 5), r"same (\d+) sentences", r"同样的 (\d+) 个句子", convert=int)
    assert len(PARAMS[SLOT_FILLING]["examples"]) == taggers.data.x.shape[0] == n


def test_text_the_feed_forward_tagger_gives_taipei_its_training_shares(taggers):
    """Notice 6: about 40 % / 60 % for Taipei in both sentences, how often it was each in the training data."""
    shares = stated(notice(LESSON, 5), r"(\d+) ?%", convert=number)
    labels = [label for words, tags in PARAMS[SLOT_FILLING]["examples"]
              for word, label in zip(words.split(), tags.split()) if word == "Taipei"]
    slots = taggers.data.slots
    for share, slot in zip(shares, ("destination", "departure"), strict=True):
        assert 100 * labels.count(slot) / len(labels) == share  # 2 and 3 of Taipei's 5
        for sentence in PARAMS[SLOT_FILLING]["sentences"]:
            p = _probs(taggers.feed_forward, taggers.data, sentence)[1, slots.index(slot)]
            assert rounds_to(100 * p, share), (sentence, slot, p)


def test_text_the_trigram_dimensions():
    """Correction: 26³ = 17,576 dimensions for letters only, 27³ = 19,683 with # as a 27th symbol."""
    dims = stated(corrections(LESSON), r"(\d+)³ = ([\d,]+)", convert=number)
    assert dims == [(26, trigram_dims(boundary=False)), (27, trigram_dims(boundary=True))]
    assert all(symbols ** 3 == n for symbols, n in dims)
    [letters] = stated(corrections(LESSON), r"exactly (\d+)³", r"正好 (\d+)³", convert=int)
    assert trigram_vector("apple", boundary=False).dims == letters ** 3
