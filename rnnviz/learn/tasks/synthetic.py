"""Synthetic sequence tasks drawn at random for a seed: forecast a sum of sines, the adding problem, the copy task."""
from __future__ import annotations

import numpy as np

from .building import one_hot, recommended, split_count
from .task import Task

COPY_BLANK, COPY_RECALL = "-", "?"


def sines_task(seed: int, p: dict) -> Task:
    """Forecast the next value of a sum of `waves` sines (periods of 6 to 30 steps, amplitudes and phases drawn
    per sequence), scaled into [-1, 1]: x the value at t plus Gaussian `noise` (inputs only), y the clean value
    at t+1; mse at every step; 20% held out. features: "target"."""
    T, B, waves, noise = p["seq_len"], p["sequences"], p["waves"], p["noise"]
    rng = np.random.default_rng(seed)
    periods = rng.uniform(6.0, 30.0, (B, 1, waves))
    phases = rng.uniform(0.0, 2 * np.pi, (B, 1, waves))
    amplitudes = rng.uniform(0.5, 1.0, (B, 1, waves))
    t = np.arange(T + 1, dtype=np.float64)[None, :, None]
    series = (amplitudes * np.sin(2 * np.pi * t / periods + phases)).sum(-1) / waves  # (B, T + 1)
    inputs = series[:, :-1] + noise * rng.standard_normal((B, T))
    x = inputs[..., None].astype(np.float32)
    y = series[:, 1:, None].astype(np.float32)
    n_test = split_count(B)
    cut = B - n_test
    target = y[..., 0]
    return Task("sines", x[:cut], y[:cut], "mse", 1, "identity", True, x_test=x[cut:], y_test=y[cut:],
                features={"target": target[:cut]}, features_test={"target": target[cut:]},
                recommended=recommended("lstm", 16, 100, 0.01, 32, None, cut, T), input_names=("value",),
                params=dict(p))


def adding_task(seed: int, p: dict) -> Task:
    """Hochreiter & Schmidhuber's adding problem: channel 0 uniform on [0, 1], channel 1 marks one step in each
    half; y (B, 1) is the sum of the two marked values, mse at the last step; 20% held out. Always answering 1.0
    scores 1/6, the plateau a network stays on until it finds that the marker matters.
    features: "marker", "marked_sum" (the marked values read so far)."""
    T, B = p["seq_len"], p["sequences"]
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 1.0, (B, T))
    half = T // 2
    first = rng.integers(0, half, B)
    second = rng.integers(half, T, B)
    marker = np.zeros((B, T))
    marker[np.arange(B), first] = 1.0
    marker[np.arange(B), second] = 1.0
    x = np.stack([values, marker], axis=-1).astype(np.float32)
    x64 = x.astype(np.float64)  # the sum of the float32 values the network reads
    y = (x64[..., 0] * x64[..., 1]).sum(1, keepdims=True).astype(np.float32)
    marked_sum = np.cumsum(x64[..., 0] * x64[..., 1], axis=1).astype(np.float32)
    n_test = split_count(B)
    cut = B - n_test
    return Task("adding", x[:cut], y[:cut], "mse", 1, "identity", False, x_test=x[cut:], y_test=y[cut:],
                features={"marker": x[:cut, :, 1].copy(), "marked_sum": marked_sum[:cut]},
                features_test={"marker": x[cut:, :, 1].copy(), "marked_sum": marked_sum[cut:]},
                recommended=recommended("lstm", 16, max(30, min(300, T)), 0.01, 16, 1.0, cut, T),
                input_names=("value", "marker"),
                params=dict(p))


def copy_task(seed: int, p: dict) -> Task:
    """Remember `length` symbols over `delay` blank steps, then recall them: one-hot over the symbols, "-" (blank)
    and "?" (recall, on at every answer step); T = 2*length + delay. Cross-entropy at the recall steps only
    (mask); 20% held out. The longer the delay, the harder. features: "recall"."""
    K, L, D, B = p["symbols"], p["length"], p["delay"], p["sequences"]
    rng = np.random.default_rng(seed)
    symbols = tuple(chr(ord("A") + k) for k in range(K))
    vocab = symbols + (COPY_BLANK, COPY_RECALL)
    T = 2 * L + D
    remembered = rng.integers(0, K, (B, L))
    codes = np.full((B, T), K, dtype=np.int64)  # blank
    codes[:, :L] = remembered
    codes[:, L + D:] = K + 1  # recall
    x = one_hot(codes, K + 2)
    y = np.zeros((B, T), dtype=np.int64)
    y[:, L + D:] = remembered
    mask = np.zeros((B, T), dtype=bool)
    mask[:, L + D:] = True
    recall = mask.astype(np.float32)
    n_test = split_count(B)
    cut = B - n_test
    return Task("copy", x[:cut], y[:cut], "cross_entropy", K, "softmax", True, mask=mask[:cut], x_test=x[cut:],
                y_test=y[cut:], mask_test=mask[cut:], vocab=vocab, classes=symbols,
                features={"recall": recall[:cut]}, features_test={"recall": recall[cut:]},
                recommended=recommended("lstm", 32, min(200, 40 + 8 * max(0, D - 5)), 0.01, 32, 1.0, cut, T),
                params=dict(p))
