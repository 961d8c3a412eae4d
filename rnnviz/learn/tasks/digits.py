"""The digits task: the shipped 8x8 digits read row by row, one class per image."""
from __future__ import annotations

import numpy as np

from rnnviz.data.digits import train_test_split

from .building import recommended
from .task import Task


def digits_task(seed: int, p: dict) -> Task:
    """The shipped 8x8 digits read row by row (8 steps of 8 pixels), one of 10 classes at the last step; the
    test split is rnnviz.data.digits.train_test_split's, the same for every seed. features: "ink" (a row's sum)."""
    x_train, y_train, x_test, y_test = train_test_split()
    x_train, x_test = np.array(x_train, dtype=np.float32), np.array(x_test, dtype=np.float32)
    return Task("digits", x_train, np.array(y_train, dtype=np.int64), "cross_entropy", 10, "softmax", False,
                x_test=x_test, y_test=np.array(y_test, dtype=np.int64), classes=tuple(str(d) for d in range(10)),
                features={"ink": x_train.sum(-1)}, features_test={"ink": x_test.sum(-1)},
                recommended=recommended("lstm", 64, 10, 0.01, 64, None, len(x_train), 8),
                input_names=tuple(f"pixel {j}" for j in range(8)), params={})
