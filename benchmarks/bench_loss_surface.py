"""The gradients lesson's loss surface: the 80 x 80 grid (6,400 evaluations of the tiny RNN's loss) at once,
against the same grid evaluated point by point (the baseline, measured in the same run).

    python benchmarks/bench_loss_surface.py

Target: the grid in under 1 s, so that moving a slider of lesson 12 redraws it without a wait.
"""
from __future__ import annotations

import pathlib
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from rnnviz.learn import gradients as g  # noqa: E402


def best_of(fn, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    grid = best_of(lambda: g.loss_surface((0.0, 4.0), (-2.0, 2.0), resolution=80))
    W, U = np.meshgrid(np.linspace(0.0, 4.0, 80), np.linspace(-2.0, 2.0, 80))
    points = list(zip(W.ravel(), U.ravel()))[::16]  # 400 of the 6,400, scaled up below
    one_by_one = best_of(lambda: [g.tiny_rnn_loss_and_grad(np.array([[w]]), np.array([[u]]), g.TASK)
                                  for w, u in points], repeats=3) * 16
    print(f"loss surface, 80 x 80: {grid * 1000:.1f} ms at once; point by point {one_by_one * 1000:.0f} ms "
          f"(ratio {one_by_one / grid:.0f}x); target < 1000 ms: {'met' if grid < 1.0 else 'MISSED'}")


if __name__ == "__main__":
    main()
