"""Lesson 11's figures: LSTM vs vanilla RNN on the shipped 8x8 digits, read pixel by pixel or row by row.

    python benchmarks/measure_digits.py            # every setting tried, 5 seeds each: about 7 minutes
    python benchmarks/measure_digits.py --lesson   # only the settings the lesson quotes: about 4 minutes

For each setting it trains LSTM(*, 64) + Linear(64, 10) and the vanilla (tanh) RNN of the same size with the app's
own recipe (rnnviz.learn.recipes.train_digits) for seeds 0-4, on one CPU thread, and prints the test accuracy on
the 450 held-out digits per seed, their mean and range (lowest-highest of the 5 seeds, not a standard deviation),
and the mean seconds a run takes.

The settings the lesson quotes (rnnviz/lessons/l11_digits.py SETTINGS) come first: beside each count the lesson
holds (MEASURED, whose mean and range its text quotes) it prints the lesson's figures and whether this run gives
the same. For the two the view trains ("pixels", "rows") it also prints, per seed, how far the gradient reaches
back (rnnviz.learn.recipes.digits_gradient_reach: first step / last step, the median over the first 20 test
digits) untrained, after 2 epochs and trained, and the share of h values beyond +-0.95 (saturated_share)
untrained and trained: what the lesson's text says of the view's run, seed 0.
"""
from __future__ import annotations

import argparse
import pathlib
import sys
import time

import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from rnnviz.data.digits import train_test_split  # noqa: E402
from rnnviz.learn import recipes  # noqa: E402
from rnnviz.learn.train import TrainConfig  # noqa: E402
from rnnviz.lessons.l11_digits import MEASURED, PROBE_DIGITS, SETTINGS, TEST_DIGITS  # noqa: E402
from rnnviz.model.network import Network  # noqa: E402

SEEDS = range(5)
CELLS = ("lstm", "rnn")


def config(epochs, lr, batch_size, clip=None):
    return TrainConfig(epochs=epochs, lr=lr, batch_size=batch_size, clip=clip, loss="cross_entropy")


# (name, reading, how it trains, whether the lesson quotes it). The lesson's settings first (what the view trains
# and the text's two controls), then the other attempts.
CANDIDATES = [(name, reading, cfg, True) for name, (reading, cfg) in SETTINGS.items()] + [
    ("pixels, the course's optimiser (batch 64)", "pixels", config(30, 0.01, 64), False),
    ("pixels, lr 0.02, batch 64", "pixels", config(30, 0.02, 64), False),
    ("pixels, clipped at 1.0", "pixels", config(30, 0.01, 32, clip=1.0), False),
]
VIEW_TRAINS = ("pixels", "rows")  # the settings whose gradient and saturation the lesson's text describes


def describe(c: TrainConfig) -> str:
    return f"Adam lr {c.lr:g}, batch {c.batch_size}, {c.epochs} epochs, clip {c.clip or 'none'}"


def summary(counts) -> str:
    v = 100 * np.asarray(counts) / TEST_DIGITS
    return f"mean {v.mean():5.1f} %  range {v.min():5.1f}-{v.max():5.1f} %"


def percents(counts) -> str:
    return " ".join(f"{100 * c / TEST_DIGITS:5.1f}" for c in counts)


def diagnose(cell: str, reading: str, cfg: TrainConfig, seed: int, trained: Network, probe: np.ndarray) -> str:
    """How far the gradient reaches (first step / last) untrained, after 2 epochs and trained; the share of h
    values beyond +-0.95 untrained and trained: what the lesson's text says of the view's run (seed 0)."""
    x = recipes.digits_sequences(probe, reading)
    untrained = Network(recipes.digits_spec(cell, reading), seed=seed)
    early = recipes.train_digits(cell, reading, seed, epochs=2, config=cfg).net
    reach = " -> ".join(f"{recipes.digits_gradient_reach(net, x):.1e}" for net in (untrained, early, trained))
    return (f"seed {seed}: reach {reach} (untrained -> 2 epochs -> trained), |h| > 0.95 "
            f"{recipes.saturated_share(untrained, x):.0%} -> {recipes.saturated_share(trained, x):.0%}")


def measure(name: str, reading: str, cfg: TrainConfig, quoted: bool, probe: np.ndarray) -> bool:
    """Train both cells for every seed and print them; True unless the lesson quotes a count this run differs from."""
    steps, values = recipes.DIGITS_READINGS[reading]
    print(f"\n{name}: {steps} steps of {values}, {describe(cfg)}", flush=True)
    agree = True
    for cell in CELLS:
        counts, seconds, notes = [], [], []
        for seed in SEEDS:
            result = recipes.train_digits(cell, reading, seed, config=cfg)
            counts.append(round(result.test_accuracy * TEST_DIGITS))
            seconds.append(result.history.seconds)
            if result.history.diverged:
                notes.append(f"seed {seed}: diverged, stopped after epoch {result.history.epochs_run}")
            if name in VIEW_TRAINS:
                notes.append(diagnose(cell, reading, cfg, seed, result.net, probe))
        print(f"  {cell.upper():4}  seeds 0-4: {percents(counts)}   {summary(counts)}   "
              f"{np.mean(seconds):5.1f} s a run",
              flush=True)
        stated = MEASURED.get((name, cell)) if quoted else None
        if stated is not None:
            same = tuple(counts) == tuple(stated)
            agree &= same
            print(f"        the lesson states:  {percents(stated)}   {summary(stated)}   "
                  f"{'same' if same else 'DIFFERS: update MEASURED in rnnviz/lessons/l11_digits.py and the text'}")
        for note in notes:
            print(f"        {note}")
    return agree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", action="store_true", help="only the settings the lesson quotes")
    args = parser.parse_args()
    torch.set_num_threads(1)
    _, _, x_test, _ = train_test_split()
    probe = x_test[:PROBE_DIGITS]
    start = time.perf_counter()
    print(f"test accuracy on the 450 held-out digits, % (seeds {SEEDS[0]}-{SEEDS[-1]}); range = lowest-highest seed; "
          "one CPU thread")
    agree = all([measure(*c, probe) for c in CANDIDATES if c[3] or not args.lesson])
    print(f"\n{time.perf_counter() - start:.0f} s in all; the lesson's MEASURED table "
          f"{'agrees with this run' if agree else 'DIFFERS from this run'}")


if __name__ == "__main__":
    main()
