"""What the Train and Interpret pages achieve on their tasks, on this machine (1 torch thread, as the app runs).

    python benchmarks/bench_tasks.py            # about half a minute
    python benchmarks/bench_tasks.py --seeds 5  # more seeds per row

Each row trains through the same code the Train page runs (rnnviz.learn.tasks: the task's data and its
recommended settings; rnnviz.learn.train.train) and reports seconds and the result:
- the poem (course §7): RNN and LSTM, hidden 12, how many of the 8 lines greedy generation reproduces;
- digits read row by row: LSTM and vanilla RNN, hidden 64, held-out test accuracy (450 images);
- counting: an LSTM with hidden 8 on a^n b^n and hidden 16 on bracket depth, the held-out accuracy and the
  correlation of the unit the Interpret page's unit finder ranks first with the count (cell state c, over
  the training strings and over the held-out longer ones).
Also, as a baseline measured in the same run, "always predict the most frequent class" for each classifier.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from rnnviz.learn import interpret  # noqa: E402
from rnnviz.learn.probe import probe_for  # noqa: E402
from rnnviz.learn.recipes import poem_generations  # noqa: E402
from rnnviz.learn.tasks import make_task  # noqa: E402
from rnnviz.model.network import Network  # noqa: E402


def _fit(task, cell: str, hidden: int, seed: int):
    net = Network(task.spec(cell, hidden_size=hidden), seed=seed)
    start = time.perf_counter()
    task.fit(net, task.train_config(seed=seed))
    return net, time.perf_counter() - start


def _majority(task) -> float:
    y = task.y_test if task.y_test is not None else task.y
    mask = task.mask_test if task.y_test is not None else task.mask
    values = np.asarray(y)[np.asarray(mask)] if mask is not None else np.asarray(y).ravel()
    return float(np.bincount(values).max() / len(values))


def _best_unit(task, net, source: str, feature: str) -> tuple[int, float]:
    probe = probe_for(task, source)
    values = probe.pooled(probe.values(net.trace(probe.x), "c"))
    top = interpret.rank_units(values, probe.feature(feature)).iloc[0]
    return int(top["unit"]), float(top["correlation"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    seeds = range(args.seeds)
    make_task("text")  # imports and first-step costs out of the first row
    _fit(make_task("text"), "rnn", 12, 0)

    print("poem (course recipe: hidden 12, Adam 0.01, 100 epochs, full batch)")
    poem = make_task("text")
    for cell in ("rnn", "lstm"):
        for seed in seeds:
            net, seconds = _fit(poem, cell, 12, seed)
            lines = sum(g == line for _, g, line in poem_generations(net))
            print(f"  {cell.upper():4s} seed {seed}: {lines}/8 lines reproduced in {seconds:.2f} s")

    print("digits row by row (hidden 64, Adam 0.01, 10 epochs, batch 64; test = 450 held-out images)")
    digits = make_task("digits")
    print(f"  baseline (most frequent class): {_majority(digits):.1%}")
    for cell in ("lstm", "rnn"):
        for seed in seeds:
            net, seconds = _fit(digits, cell, 64, seed)
            print(f"  {cell.upper():4s} seed {seed}: test accuracy {digits.evaluate(net)['accuracy']:.1%} "
                  f"in {seconds:.2f} s")

    print("counting: the unit finder's best cell unit against the count")
    for key, feature, hidden in (("anbn", "count", 8), ("brackets_depth", "depth", 16)):
        task = make_task(key)
        print(f"  {key} (LSTM hidden {hidden}); baseline (most frequent class) {_majority(task):.1%}")
        for seed in seeds:
            net, seconds = _fit(task, "lstm", hidden, seed)
            accuracy = task.evaluate(net)["accuracy"]
            (u1, r1), (u2, r2) = (_best_unit(task, net, s, feature) for s in ("train", "test"))
            print(f"    seed {seed}: held-out accuracy {accuracy:.1%} in {seconds:.2f} s; best unit c[{u1}] "
                  f"r = {r1:+.4f} (training), c[{u2}] r = {r2:+.4f} (held-out)")


if __name__ == "__main__":
    main()
