"""The shipped 8x8 digits (assets/digits_8x8.npz), as (N, 8, 8) images: read row by row, sequences of 8 steps
x 8 features; pixel by pixel, 64 steps x 1 (rnnviz.learn.recipes.digits_sequences)."""
from __future__ import annotations

import functools

import numpy as np

from rnnviz.shipped import asset


@functools.lru_cache(maxsize=1)
def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """images (1797, 8, 8) float32 scaled to 0..1, labels (1797,) int64. Read-only: copy before editing."""
    with np.load(asset("digits_8x8.npz")) as data:
        images = data["images"].astype(np.float32) / 16.0
        labels = data["labels"].astype(np.int64)
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def train_test_split(test_fraction: float = 0.25, seed: int = 0):
    """A fixed shuffled split: (x_train, y_train, x_test, y_test), x as (N, 8 rows, 8 pixels)."""
    images, labels = load_digits()
    order = np.random.default_rng(seed).permutation(len(labels))
    cut = int(len(labels) * (1 - test_fraction))
    train, test = order[:cut], order[cut:]
    return images[train], labels[train], images[test], labels[test]
