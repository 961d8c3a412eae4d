"""Counting tasks: a^n b^n (keep a count) and brackets_depth (keep a nesting depth)."""
from __future__ import annotations

import numpy as np

from rnnviz.data.builtin import bracket_text, parenthesis_depth

from .building import one_hot, recommended, split_count
from .task import Task

ANBN_SYMBOLS = ("S", "a", "b", "E")
BRACKET_SYMBOLS = ("(", ")", "a", "b", "c")


def _anbn_split(ns) -> tuple:
    """x, y, mask, count, lengths for the strings S a^n b^n -> a^n b^n E, padded to the longest."""
    ns = list(ns)
    T = 2 * max(ns) + 1
    B = len(ns)
    x = np.zeros((B, T, len(ANBN_SYMBOLS)), dtype=np.float32)
    y = np.zeros((B, T), dtype=np.int64)
    mask = np.zeros((B, T), dtype=bool)
    count = np.zeros((B, T), dtype=np.float32)
    lengths = np.zeros(B, dtype=np.int64)
    S, A, Bs, E = range(4)
    for i, n in enumerate(ns):
        inputs = [S] + [A] * n + [Bs] * n
        targets = [A] * n + [Bs] * n + [E]
        steps = len(inputs)
        x[i, np.arange(steps), inputs] = 1.0
        y[i, :steps] = targets
        mask[i, n + 1:steps] = True  # the steps that read a b
        count[i, :steps] = np.cumsum([0] + [1] * n + [-1] * n)
        lengths[i] = steps
    return x, y, mask, count, lengths


def anbn_task(seed: int, p: dict) -> Task:
    """Predict the next symbol of S a^n b^n E, n = 1..max_n (`repeats` copies each), padded to the longest. The
    mask keeps the steps that read b's, where the count decides the next symbol (while reading a's it cannot).
    Held out: n = max_n+1 .. max_n+4, counting past the longest training string. features: "count" (a's minus
    b's read so far)."""
    max_n, repeats = p["max_n"], p["repeats"]
    x, y, mask, count, lengths = _anbn_split(np.repeat(np.arange(1, max_n + 1), repeats))
    xt, yt, mt, ct, lt = _anbn_split(range(max_n + 1, max_n + 5))
    return Task("anbn", x, y, "cross_entropy", len(ANBN_SYMBOLS), "softmax", True, mask=mask, x_test=xt, y_test=yt,
                mask_test=mt, vocab=ANBN_SYMBOLS, classes=ANBN_SYMBOLS, features={"count": count},
                features_test={"count": ct}, lengths=lengths, lengths_test=lt,
                recommended=recommended("lstm", 8, 300 if max_n <= 10 else 600, 0.02, None, 1.0, len(x), x.shape[1]),
                params=dict(p))


def brackets_depth_task(seed: int, p: dict) -> Task:
    """Read a bracket text (bracket_text: seq_len characters, nested at most max_depth deep), one-hot over "()abc",
    and output the nesting depth after each character as a class 0..max_depth; cross-entropy at every step; 20%
    held out. features: "depth"."""
    T, B, max_depth = p["seq_len"], p["sequences"], p["max_depth"]
    rng = np.random.default_rng(seed)
    index = {ch: k for k, ch in enumerate(BRACKET_SYMBOLS)}
    codes = np.zeros((B, T), dtype=np.int64)
    depth = np.zeros((B, T), dtype=np.int64)
    for i, s in enumerate(rng.integers(0, 2 ** 63 - 1, B)):
        text = bracket_text(T, int(s), max_depth)
        codes[i] = [index[ch] for ch in text]
        depth[i] = parenthesis_depth(text)
    x = one_hot(codes, len(BRACKET_SYMBOLS))
    n_test = split_count(B)
    cut = B - n_test
    feature = depth.astype(np.float32)
    return Task("brackets_depth", x[:cut], depth[:cut], "cross_entropy", max_depth + 1, "softmax", True,
                x_test=x[cut:], y_test=depth[cut:], vocab=BRACKET_SYMBOLS,
                classes=tuple(str(d) for d in range(max_depth + 1)),
                features={"depth": feature[:cut]}, features_test={"depth": feature[cut:]},
                recommended=recommended("lstm", 16, 40, 0.02, 16, 1.0, cut, T), params=dict(p))
