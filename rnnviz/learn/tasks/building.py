"""What the task builders share: the held-out split, the recommended training settings and one-hot codes."""
from __future__ import annotations

import numpy as np

from ..train import MAX_BATCH_WORK

TEST_FRACTION = 0.2


def split_count(B: int) -> int:
    """Held-out sequences of B: 20%, at least 1."""
    return max(1, int(round(B * TEST_FRACTION)))


def _batch(preferred: int | None, B: int, T: int, hidden: int) -> int | None:
    """A batch size that fits B and train()'s memory cap for the recommended hidden size."""
    largest = max(1, MAX_BATCH_WORK // (T * hidden))
    size = B if preferred is None else min(preferred, B)
    if size > largest:
        return largest
    return None if preferred is None or size >= B else size


def recommended(cell: str, hidden: int, epochs: int, lr: float, batch: int | None, clip: float | None,
                B: int, T: int) -> dict:
    """Task.recommended for B training sequences of T steps, with a batch size that fits train()'s cap."""
    return dict(cell=cell, hidden_size=hidden, epochs=epochs, lr=lr, batch_size=_batch(batch, B, T, hidden),
                clip=clip)


def one_hot(indices: np.ndarray, size: int) -> np.ndarray:
    """float32 one-hot rows over `size` codes for an int array of any shape."""
    out = np.zeros(indices.shape + (size,), dtype=np.float32)
    np.put_along_axis(out, indices[..., None], 1.0, axis=-1)
    return out
