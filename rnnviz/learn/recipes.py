"""The course's worked training examples (§7), as functions a lesson view and a test both call.

    net, history = train_poem("rnn")                 # Elman, hidden 12, Adam lr 0.01, 100 epochs, full batch
    poem_generations(net)                            # [("对", "对酒当歌", "对酒当歌"), ...]
    result = train_digits("lstm", "pixels")          # 8x8 digits read pixel by pixel; result.test_accuracy
    data = running_sum_data(1000, seed=0)            # the per-step / whole-sequence task of lesson 10
    result = train_running_sum("per_step")           # LSTM(6, 32) + Linear(32, 2) on every step

Everything is deterministic for its arguments (seeded initial weights, seeded minibatch order), so a
test can assert the numbers the lessons state.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import torch

from rnnviz.data.builtin import POEM_LINES, poem_dataset, poem_vocabulary
from rnnviz.data.digits import train_test_split
from rnnviz.model.network import Network
from rnnviz.model.spec import HeadSpec, ModelSpec

from .forward import forward
from .gradients import gradient_norms_through_time, gradient_reach
from .train import History, TrainConfig, greedy_generate, train

__all__ = ["POEM_CONFIG", "poem_spec", "train_poem", "poem_generations", "poem_line_onehot", "poem_hidden",
           "DIGITS_READINGS", "DIGITS_CONFIGS", "digits_sequences", "digits_spec", "train_digits", "digits_accuracy",
           "digits_gradient_reach", "saturated_share", "TrainedModel",
           "RUNNING_SUM_CONFIG", "RunningSumData", "running_sum_data", "running_sum_spec", "train_running_sum",
           "running_sum_accuracy", "recipe_name", "parse_recipe", "retrain"]

CELLS = ("rnn", "lstm")


def _cell(cell: str) -> str:
    if cell not in CELLS:
        raise ValueError(f"cell must be one of {', '.join(CELLS)}; got {cell!r}")
    return cell


@dataclass
class TrainedModel:
    net: Network
    history: History
    test_accuracy: float | None = None


# --- the poem: next character, greedy generation --------------------------------------------------------
POEM_HIDDEN = 12
POEM_CONFIG = TrainConfig(epochs=100, lr=0.01, batch_size=None, loss="cross_entropy")  # the course's recipe


def poem_spec(cell: str = "rnn", hidden_size: int = POEM_HIDDEN) -> ModelSpec:
    """One-hot characters in, a softmax over the same characters out, at every step."""
    vocab = poem_vocabulary()
    return ModelSpec(_cell(cell), len(vocab), hidden_size, head=HeadSpec(len(vocab), "softmax"))


def train_poem(cell: str = "rnn", seed: int = 0, epochs: int = POEM_CONFIG.epochs,
               on_epoch: Callable | None = None) -> TrainedModel:
    """Input = each line without its last character, target = the line without its first (course §7)."""
    x, y, _ = poem_dataset()
    net = Network(poem_spec(cell), seed=seed)
    config = TrainConfig(epochs=epochs, lr=POEM_CONFIG.lr, batch_size=None, seed=seed)
    history = train(net, x, y, config, on_epoch=on_epoch)
    return TrainedModel(net, history)


def poem_generations(net: Network) -> list[tuple[str, str, str]]:
    """(first character, greedy line of 4 characters, the poem's line) for each of the eight lines."""
    vocab = poem_vocabulary()
    out = []
    for line in POEM_LINES:
        tokens = greedy_generate(net, vocab.index(line[0]), len(line), len(vocab))
        out.append((line[0], "".join(vocab[k] for k in tokens), line))
    return out


def poem_line_onehot(line: str) -> np.ndarray:
    """(len(line), V) one-hot over the poem's vocabulary (the training order, not the text's own)."""
    vocab = poem_vocabulary()
    missing = [ch for ch in line if ch not in vocab]
    if not line or missing:
        raise ValueError(f"give characters of the poem; {''.join(missing) or 'an empty line'} is not in it")
    x = np.zeros((len(line), len(vocab)), dtype=np.float32)
    x[np.arange(len(line)), [vocab.index(ch) for ch in line]] = 1.0
    return x


def poem_hidden(net: Network, line: str) -> np.ndarray:
    """h after each character of the line, (len(line), hidden_size)."""
    return net.trace(poem_line_onehot(line))["h"][-1, 0, 0].numpy()


# --- digits: an image read as a sequence, pixel by pixel or row by row ------------------------------------
DIGITS_HIDDEN = 64
# How the 8x8 image becomes a sequence: (steps, values per step).
DIGITS_READINGS = {"pixels": (64, 1), "rows": (8, 8)}
# How each reading trains. "rows" is the course's recipe (Adam lr 0.01, minibatches of 64), 10 epochs of the small
# data set. "pixels" keeps the course's Adam lr 0.01; benchmarks/measure_digits.py chose minibatches of 32 and 30
# epochs there, the setting where the LSTM learns and the vanilla RNN does not in every seed it measured.
DIGITS_CONFIGS = {"pixels": TrainConfig(epochs=30, lr=0.01, batch_size=32, loss="cross_entropy"),
                  "rows": TrainConfig(epochs=10, lr=0.01, batch_size=64, loss="cross_entropy")}


def _reading(reading: str) -> str:
    if reading not in DIGITS_READINGS:
        raise ValueError(f"reading must be one of {', '.join(DIGITS_READINGS)}; got {reading!r}")
    return reading


def digits_sequences(images: np.ndarray, reading: str = "pixels") -> np.ndarray:
    """Images (N, 8, 8) as sequences (N, steps, values per step): 64 steps of 1 pixel, or 8 steps of a row of 8."""
    return np.asarray(images, dtype=np.float32).reshape(len(images), *DIGITS_READINGS[_reading(reading)])


def digits_spec(cell: str = "lstm", reading: str = "pixels", hidden_size: int = DIGITS_HIDDEN) -> ModelSpec:
    """A pixel (or a row of 8) per step; a Linear(hidden, 10) on the last step only (many-to-one)."""
    return ModelSpec(_cell(cell), DIGITS_READINGS[_reading(reading)][1], hidden_size,
                     head=HeadSpec(10, "softmax", every_step=False))


def digits_accuracy(net: Network, x: np.ndarray, y: np.ndarray) -> float:
    """Share of sequences x (N, steps, values) whose last-step scores pick the right digit.

    Runs the plain forward pass (nothing recorded: a trace of 450 digits of 64 steps would be over a session's
    trace budget); a trace's y at the last step is the same scores after the softmax."""
    with torch.no_grad():
        scores = forward(net.spec, net.state_dict(), torch.as_tensor(np.asarray(x, dtype=np.float32)))
    return float((scores.argmax(-1).numpy() == np.asarray(y)).mean())


def train_digits(cell: str = "lstm", reading: str = "pixels", seed: int = 0, epochs: int | None = None,
                 on_epoch: Callable | None = None, config: TrainConfig | None = None) -> TrainedModel:
    """Train on the fixed 75 % split of the shipped digits; test_accuracy on the other 25 % (450 images).

    config: how to train (default DIGITS_CONFIGS[reading]); its seed is replaced by `seed`, its epochs by
    `epochs` when given."""
    config = config or DIGITS_CONFIGS[_reading(reading)]
    x_train, y_train, x_test, y_test = train_test_split()
    net = Network(digits_spec(cell, reading), seed=seed)
    config = replace(config, seed=seed, epochs=config.epochs if epochs is None else epochs)
    history = train(net, digits_sequences(x_train, reading), y_train, config, on_epoch=on_epoch)
    return TrainedModel(net, history, digits_accuracy(net, digits_sequences(x_test, reading), y_test))


def digits_gradient_reach(net: Network, x: np.ndarray) -> float:
    """How far back the gradient reaches in these sequences x (N, steps, values): for each, ||dL/dx|| at the first
    step over its value at the last (L = the last step's h summed; rnnviz.learn.gradients), then the median."""
    return float(np.median([gradient_reach(gradient_norms_through_time(net, seq)) for seq in x]))


def saturated_share(net: Network, x: np.ndarray, level: float = 0.95) -> float:
    """Share of the h values (every sequence of x, step and unit) beyond +-level: where tanh is flat (its
    derivative 1 - h^2 is below 0.1 at 0.95), so the gradient through that unit nearly stops."""
    with torch.no_grad():
        h = net.trace(x)["h"][-1]
    return float((h.abs() > level).float().mean())


# --- per step vs whole sequence: the running sum --------------------------------------------------------
RUNNING_SUM_STEPS = 5
RUNNING_SUM_FEATURES = 6
RUNNING_SUM_HIDDEN = 32
RUNNING_SUM_CONFIG = TrainConfig(epochs=10, lr=0.05, batch_size=100, clip=1.0, loss="cross_entropy")
KINDS = ("per_step", "whole_sequence")


@dataclass(frozen=True)
class RunningSumData:
    """x (B, 5, 6) standard normal; per_step (B, 5): 1 where feature 0 summed up to that step is > 0;
    whole_sequence (B,): 1 where feature 0 summed over the whole window is > 0 (= per_step[:, -1])."""

    x: np.ndarray
    per_step: np.ndarray
    whole_sequence: np.ndarray


def running_sum_data(n: int, seed: int = 0, steps: int = RUNNING_SUM_STEPS,
                     features: int = RUNNING_SUM_FEATURES) -> RunningSumData:
    """A generated data set: the label needs memory (the sum so far), and features 1..5 are noise."""
    if not 1 <= n <= 100_000 or not 1 <= steps <= 100 or not 1 <= features <= 64:
        raise ValueError("n from 1 to 100000, steps from 1 to 100, features from 1 to 64; "
                         f"got {n}, {steps}, {features}")
    x = np.random.default_rng(seed).standard_normal((n, steps, features)).astype(np.float32)
    per_step = (np.cumsum(x[:, :, 0], axis=1) > 0).astype(np.int64)
    return RunningSumData(x, per_step, per_step[:, -1].copy())


def running_sum_spec(kind: str = "per_step") -> ModelSpec:
    """LSTM(6, 32) + Linear(32, 2): on every step (many-to-many) or on the last only (many-to-one)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    return ModelSpec("lstm", RUNNING_SUM_FEATURES, RUNNING_SUM_HIDDEN,
                     head=HeadSpec(2, "softmax", every_step=kind == "per_step"))


def running_sum_accuracy(net: Network, data: RunningSumData, last_step: bool = False) -> float:
    """Per-step accuracy over all steps for a many-to-many net (last_step: only at the last step, i.e. on
    the whole-sequence label), last-step accuracy for a many-to-one net."""
    with torch.no_grad():
        y = net.trace(data.x)["y"]  # (B, T, 2) every step; (B, 1, 2) for a many-to-one head
    if net.spec.head.every_step and not last_step:
        return float((y.argmax(-1).numpy() == data.per_step).mean())
    return float((y[:, -1].argmax(-1).numpy() == data.whole_sequence).mean())


def train_running_sum(kind: str = "per_step", seed: int = 0, epochs: int = RUNNING_SUM_CONFIG.epochs,
                      n_train: int = 2000, n_test: int = 500, on_epoch: Callable | None = None) -> TrainedModel:
    """Course §7's recipe (Adam lr 0.05, clip grad norm 1.0, cross-entropy) on fresh generated data;
    test_accuracy on n_test windows drawn with another seed."""
    data = running_sum_data(n_train, seed=1000 + seed)
    test = running_sum_data(n_test, seed=2000 + seed)
    net = Network(running_sum_spec(kind), seed=seed)
    config = TrainConfig(epochs=epochs, lr=RUNNING_SUM_CONFIG.lr, batch_size=RUNNING_SUM_CONFIG.batch_size,
                         clip=RUNNING_SUM_CONFIG.clip, seed=seed)
    y = data.per_step if kind == "per_step" else data.whole_sequence
    history = train(net, data.x, y, config, on_epoch=on_epoch)
    return TrainedModel(net, history, running_sum_accuracy(net, test))


# --- a lesson's trained network, named instead of listed -------------------------------------------------------
# Every recipe above is deterministic for (variant, seed, epochs), so "m2m.per_step.10.0" names its weights exactly.
# A link carries that name where the weights are too many for a link (LSTM(6, 32) has 5,186), and a session opening
# it trains the same network again (rnnviz/ui/session.py).
# Only what a lesson's Train button can train is accepted, so a link (typed by anyone) never makes the server train
# anything a class could not already ask for, and every name is one of a few dozen, each trained once per server.
POEM_EPOCH_CHOICES = (20, 30, 40, 50, 100, 200)  # the poem view's epochs slider
LESSON_SEEDS = (0,)  # the lessons train with seed 0
RECIPES = {  # name -> (the variants it trains, the epochs its lesson offers, fn(variant, seed, epochs))
    "poem": (CELLS, POEM_EPOCH_CHOICES, lambda v, seed, epochs: train_poem(v, seed, epochs)),
    "m2m": (KINDS, (RUNNING_SUM_CONFIG.epochs,), lambda v, seed, epochs: train_running_sum(v, seed, epochs)),
    "digits_pixels": (CELLS, (DIGITS_CONFIGS["pixels"].epochs,),
                      lambda v, seed, epochs: train_digits(v, "pixels", seed, epochs)),
    "digits_rows": (CELLS, (DIGITS_CONFIGS["rows"].epochs,),
                    lambda v, seed, epochs: train_digits(v, "rows", seed, epochs)),
}


def recipe_name(name: str, variant: str, epochs: int, seed: int) -> str:
    return f"{name}.{variant}.{epochs}.{seed}"


def parse_recipe(text: str) -> tuple[str, str, int, int]:
    """(name, variant, epochs, seed) from recipe_name's text, every part checked (a link is typed by anyone)."""
    parts = text.split(".") if len(text) <= 80 else []
    if len(parts) != 4 or parts[0] not in RECIPES:
        raise ValueError(f"expected a lesson recipe like m2m.per_step.10.0 (one of {', '.join(RECIPES)}), "
                         f"got {text[:40]!r}")
    name, variant, epochs, seed = parts
    variants, epoch_choices, _ = RECIPES[name]
    if variant not in variants:
        raise ValueError(f"{name} trains {', '.join(variants)}; got {variant[:20]!r}")
    if not (epochs.isdigit() and int(epochs) in epoch_choices):
        raise ValueError(f"epochs must be one of {', '.join(map(str, epoch_choices))} for {name}, got {epochs[:10]!r}")
    if not (seed.isdigit() and int(seed) in LESSON_SEEDS):
        raise ValueError(f"seed must be one of {', '.join(map(str, LESSON_SEEDS))} (the lessons' own), "
                         f"got {seed[:12]!r}")
    return name, variant, int(epochs), int(seed)


def retrain(text: str) -> Network:
    """The network a recipe name trains: the same weights, bit for bit, every time."""
    name, variant, epochs, seed = parse_recipe(text)
    return RECIPES[name][2](variant, seed, epochs).net
