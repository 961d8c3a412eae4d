"""Slot filling as data: sentences whose words carry slot labels, turned into one-hot tensors for training.

    data = slot_dataset([("arrive Taipei on November 2nd", "other destination other time time"), ...],
                        slots=("other", "destination", "departure", "time"))
    data.x, data.y, data.mask       # (B, T, V + 1) one-hot with "other", (B, T) slot indices, (B, T) real words
    data.encode("leave Paris".split())   # (2, V + 1): any words, unknown ones under "other"

Sentences of different lengths are padded at the end; mask is False on the padding.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnviz.checks import expect

from .encoders import one_hot_with_other, split_words

MAX_SENTENCES = 500
MAX_SENTENCE_WORDS = 50
MAX_SLOTS = 20


@dataclass(frozen=True)
class SlotDataset:
    sentences: tuple[tuple[str, ...], ...]
    labels: tuple[tuple[str, ...], ...]
    slots: tuple[str, ...]
    vocab: tuple[str, ...]  # every training word once (first spelling kept); input_size = len(vocab) + 1
    x: np.ndarray  # (B, T, V + 1) float32
    y: np.ndarray  # (B, T) int64 slot indices, 0 on padding
    mask: np.ndarray  # (B, T) bool: True on real words

    @property
    def input_size(self) -> int:
        return len(self.vocab) + 1

    def encode(self, words) -> np.ndarray:
        """(T, V + 1): one-hot over the training vocabulary, words it never saw under "other"."""
        return one_hot_with_other(list(words), list(self.vocab))


def slot_dataset(examples, slots) -> SlotDataset:
    """examples: (sentence, labels) pairs, each a string of space-separated words / slot names, one per word."""
    slots = tuple(slots)
    expect(2 <= len(slots) <= MAX_SLOTS and len(set(slots)) == len(slots),
            f"slots must be 2 to {MAX_SLOTS} different names; got {slots!r}")
    examples = list(examples)
    expect(1 <= len(examples) <= MAX_SENTENCES, f"give 1 to {MAX_SENTENCES} example sentences; got {len(examples)}")
    sentences, labels = [], []
    for k, pair in enumerate(examples):
        expect(isinstance(pair, (tuple, list)) and len(pair) == 2 and all(isinstance(p, str) for p in pair),
                f"example {k} must be a (sentence, labels) pair of strings; got {pair!r}")
        words, tags = split_words(pair[0]), split_words(pair[1])
        expect(1 <= len(words) <= MAX_SENTENCE_WORDS,
                f"example {k} must have 1 to {MAX_SENTENCE_WORDS} words; it has {len(words)}")
        expect(len(tags) == len(words), f"example {k} ({pair[0]!r}) has {len(words)} words but {len(tags)} labels")
        unknown = sorted(set(tags) - set(slots))
        expect(not unknown, f"example {k} uses labels {unknown} that are not slots ({', '.join(slots)})")
        sentences.append(tuple(words))
        labels.append(tuple(tags))
    vocab, seen = [], set()
    for words in sentences:
        for w in words:
            if w.casefold() not in seen:
                seen.add(w.casefold())
                vocab.append(w)
    B, T, V = len(sentences), max(map(len, sentences)), len(vocab) + 1
    x = np.zeros((B, T, V), dtype=np.float32)
    y = np.zeros((B, T), dtype=np.int64)
    mask = np.zeros((B, T), dtype=bool)
    for b, (words, tags) in enumerate(zip(sentences, labels)):
        x[b, :len(words)] = one_hot_with_other(list(words), vocab)
        y[b, :len(words)] = [slots.index(tag) for tag in tags]
        mask[b, :len(words)] = True
    return SlotDataset(tuple(sentences), tuple(labels), slots, tuple(vocab), x, y, mask)
