"""Words as vectors, the three ways the course shows (§1): 1-of-N, 1-of-N with "other", letter trigrams.

    one_hot(["apple", "dog"], VOCAB)               # (2, 5): one 1 per row
    one_hot_with_other(["Gandalf"], VOCAB)         # (1, 6): the 1 is in the last column, "other"
    letter_trigrams("apple")                       # ['#ap', 'app', 'ppl', 'ple', 'le#']
    trigram_vector("apple").indices                # where its 1s are among 27³ = 19,683 dimensions

Decisions, so that every word gets exactly one answer:
- Words match the vocabulary without regard to case ("Taipei" is "taipei"); a vocabulary may not hold
  two words that differ only in case.
- Letter trigrams: the word is lowercased, accents are taken off (é -> e), and every character that is
  not a-z afterwards (digits, hyphens, apostrophes, Chinese characters) is dropped: "2nd" -> "nd",
  "O'Hare" -> "ohare". A word with no letters left has no trigrams (its vector is all zeros).
- The course marks word boundaries with "#" ("#ap", "le#") and also counts 26³ = 17,576 dimensions; the
  two do not fit together: 26³ holds trigrams of letters only. With boundary marks (the default) "#" is
  a 27th symbol and the space has 27³ = 19,683 dimensions; with boundary=False the trigrams are
  letters only (a-p-p, p-p-l, p-l-e, the lecture's original picture) and the space has exactly 26³.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

from rnnviz.checks import expect

__all__ = ["one_hot", "one_hot_with_other", "letter_trigrams", "trigram_vector", "trigram_index", "TrigramVector",
           "clean_word", "split_words", "trigram_dims", "OTHER", "MAX_WORDS", "MAX_VOCAB", "MAX_WORD_LENGTH"]

OTHER = "other"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
BOUNDARY = "#"
MAX_WORDS = 1000
MAX_VOCAB = 4096  # the model core's MAX_INPUT_SIZE: a one-hot row must fit a network's input
MAX_WORD_LENGTH = 100


def _check_words(words, what: str = "words") -> list[str]:
    expect(not isinstance(words, str), f"{what} must be a list of words, got one string {words!r} "
                                        "(split it first, e.g. split_words(text))")
    words = list(words)
    expect(len(words) <= MAX_WORDS, f"at most {MAX_WORDS} {what} are allowed; got {len(words)}")
    for w in words:
        expect(isinstance(w, str) and w.strip() != "" and len(w) <= MAX_WORD_LENGTH,
                f"each of the {what} must be a non-empty string of at most {MAX_WORD_LENGTH} characters; got {w!r}")
    return words


def _check_vocab(vocab) -> list[str]:
    vocab = _check_words(vocab, "vocabulary words")
    expect(1 <= len(vocab) <= MAX_VOCAB, f"the vocabulary must hold 1 to {MAX_VOCAB} words; it holds {len(vocab)}")
    seen: dict[str, str] = {}
    for w in vocab:
        key = w.casefold()
        expect(key not in seen, f"the vocabulary holds {seen.get(key)!r} and {w!r}, which are the same word "
                                 "(matching ignores case)")
        seen[key] = w
    return vocab


def split_words(text: str) -> list[str]:
    """Words separated by spaces or commas, as a learner types them."""
    expect(isinstance(text, str), f"text must be a string, got {type(text).__name__}")
    return [w for w in text.replace(",", " ").split() if w]


def one_hot(words, vocab) -> np.ndarray:
    """1-of-N: row k is all 0 but a 1 at the position of words[k] in vocab. (len(words), len(vocab)), float32.

    A word outside the vocabulary has no row: ValueError (one_hot_with_other gives it the "other" column).
    """
    words, vocab = _check_words(words), _check_vocab(vocab)
    position = {w.casefold(): k for k, w in enumerate(vocab)}
    missing = [w for w in words if w.casefold() not in position]
    expect(not missing, f"{', '.join(repr(w) for w in missing)} "
                         f"{'is' if len(missing) == 1 else 'are'} not in the vocabulary ({', '.join(vocab)}): "
                         "1-of-N encoding has no place for it; one_hot_with_other puts it under \"other\"")
    out = np.zeros((len(words), len(vocab)), dtype=np.float32)
    for row, w in enumerate(words):
        out[row, position[w.casefold()]] = 1.0
    return out


def one_hot_with_other(words, vocab) -> np.ndarray:
    """1-of-N plus one last dimension, "other", for every word outside the vocabulary. (len(words), len(vocab) + 1)."""
    words, vocab = _check_words(words), _check_vocab(vocab)
    position = {w.casefold(): k for k, w in enumerate(vocab)}
    out = np.zeros((len(words), len(vocab) + 1), dtype=np.float32)
    for row, w in enumerate(words):
        out[row, position.get(w.casefold(), len(vocab))] = 1.0
    return out


def clean_word(word: str) -> str:
    """What trigrams are read from: lowercase a-z only (accents removed, everything else dropped)."""
    expect(isinstance(word, str) and len(word) <= MAX_WORD_LENGTH,
            f"a word must be a string of at most {MAX_WORD_LENGTH} characters; got {word!r}")
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if ch in LETTERS)


def letter_trigrams(word: str, boundary: bool = True) -> list[str]:
    """The word's letter trigrams in reading order, repeats kept: "apple" -> #ap, app, ppl, ple, le#.

    boundary=False: no "#" marks, letters only ("apple" -> app, ppl, ple; words shorter than 3 letters
    then have none).
    """
    letters = clean_word(word)
    if not letters:
        return []
    padded = f"{BOUNDARY}{letters}{BOUNDARY}" if boundary else letters
    return [padded[k:k + 3] for k in range(len(padded) - 2)]


def trigram_dims(boundary: bool = True) -> int:
    """27³ = 19,683 with "#" as a 27th symbol; 26³ = 17,576 for letters only."""
    return 27 ** 3 if boundary else 26 ** 3


def trigram_index(trigram: str, boundary: bool = True) -> int:
    """A trigram's dimension: base-27 digits with # = 0, a = 1 ... z = 26 (boundary=True); or base-26
    digits a = 0 ... z = 25 (boundary=False). So "aaa" is 757 with boundaries and 0 without."""
    symbols = (BOUNDARY + LETTERS) if boundary else LETTERS
    expect(isinstance(trigram, str) and len(trigram) == 3 and all(ch in symbols for ch in trigram),
            f"a trigram is 3 characters from {symbols!r}; got {trigram!r}")
    base = len(symbols)
    a, b, c = (symbols.index(ch) for ch in trigram)
    return (a * base + b) * base + c


@dataclass(frozen=True)
class TrigramVector:
    """A word-hashing vector stored sparsely: only its non-zero dimensions, in increasing order."""

    word: str
    dims: int
    indices: tuple[int, ...]
    counts: tuple[int, ...]
    trigrams: tuple[str, ...]  # the trigram at each index

    def dense(self) -> np.ndarray:
        out = np.zeros(self.dims, dtype=np.float32)
        out[list(self.indices)] = self.counts
        return out

    def as_dict(self) -> dict[int, int]:
        return dict(zip(self.indices, self.counts))


def trigram_vector(word: str, boundary: bool = True) -> TrigramVector:
    """Word hashing: a count per letter trigram (a trigram that occurs twice, like "ana" in "banana", counts 2)."""
    counts: dict[str, int] = {}
    for tri in letter_trigrams(word, boundary):
        counts[tri] = counts.get(tri, 0) + 1
    ordered = sorted(counts, key=lambda tri: trigram_index(tri, boundary))
    return TrigramVector(word, trigram_dims(boundary), tuple(trigram_index(t, boundary) for t in ordered),
                         tuple(counts[t] for t in ordered), tuple(ordered))
