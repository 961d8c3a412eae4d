"""The training tasks the Train page offers: each one a ready data set plus what a network needs to fit it.

    task = make_task("adding", seq_len=30, seed=0)
    net = Network(task.spec("lstm", hidden_size=16), seed=0)
    history = task.fit(net)                 # train() with task.recommended's epochs / lr / batch / clip
    task.evaluate(net)                      # {"loss": ..., "accuracy": None, "split": "test"}

Every task is a `Task`: inputs x (B, T, input_size) float32, targets y exactly as rnnviz.learn.train.train
takes them for the task's loss, an optional mask, an optional held-out split, and per-step `features` (what
a hidden unit may learn to track: a counter, a depth, the value to predict) for the Interpret page.

The tasks (numeric parameters in PARAMS; text-valued ones below). Recommended settings (task.recommended)
and what they reached in tests/learn/test_tasks.py on one CPU thread, seed 0:

- "text": next character. source: "poem" (default) | "english" | "brackets" | "pasted"; text: the pasted
  text (read only when source="pasted"; 2 to 20,000 characters, at most 200 distinct); seq_len.
  The poem is the course's recipe exactly: x, y = poem_dataset() (8 lines, T=3; seq_len is not used), the
  vocabulary poem_vocabulary(), recommended Elman RNN hidden 12, Adam lr 0.01, 100 epochs, full batch
  (training accuracy 100% and greedy generation rebuilds all eight lines, ~0.1 s; an LSTM too).
  Other sources are cut into windows of seq_len + 1 characters taken every seq_len characters
  (neighbouring windows share one character); x = one-hot of window[:-1] over the text's characters in
  order of first appearance, y = indices of window[1:]. The characters after the last whole window are
  left out; a text shorter than seq_len + 1 gives one window of the whole text.
  "brackets" is bracket_text(600, seed). task.text is the whole text; for the poem it is the eight lines
  joined with no separator (32 characters; the vocabulary has no newline, so a separator could not be
  one-hot encoded). features: "position" (t within the window), and "depth" for brackets (the bracket
  depth after reading each input character, counted from the start of the text). Recommended LSTM
  (hidden 64 for more than 10 characters, else 32), Adam lr 0.01, 200 epochs, full batch, clip 1:
  "english" reaches ~99% training accuracy in ~1 s (it memorises the text; there is no held-out split).
- "sines": forecast the next value of a sum of `waves` sines with random periods (6 to 30 steps),
  amplitudes and phases per sequence, scaled to lie within [-1, 1]. x (B, T, 1) the value at t (plus
  Gaussian noise of standard deviation `noise`, on the inputs only), y (B, T, 1) the clean value at t+1;
  mse at every step; 20% held out. features: "target".
  Recommended LSTM hidden 16, Adam lr 0.01, 100 epochs, batch 32: defaults test mse ~0.001 in ~1.5 s
  (answering the current value as the next one scores ~0.034).
- "adding": Hochreiter & Schmidhuber's adding problem. x (B, T, 2): channel 0 uniform on [0, 1], channel 1
  a marker with exactly two 1s, one in the first half (t < T//2) and one in the second. y (B, 1) = the
  sum of the two marked values; mse, many-to-one; 20% held out. The baseline that ignores the inputs and
  always answers 1.0 has mse = Var(U1 + U2) = 1/6 ~ 0.167. features: "marker", "marked_sum" (the sum of
  the marked values read so far). Recommended LSTM hidden 16, Adam lr 0.01, batch 16, clip 1 and
  max(30, min(300, seq_len)) epochs: T=30 (30 epochs) test mse ~0.0006 in ~2.5 s (seeds 0..4 all below
  0.003); T=100 (100 epochs) test mse 0.0004..0.0009 in ~12 s. Fewer updates often stay on the 1/6
  plateau for a while: the network first has to discover that the marker matters.
- "copy": remember `length` symbols over a delay. Inputs are one-hot over the `symbols` symbols (A, B, ...),
  "-" (blank) and "?" (recall): the symbols at steps 0..length-1, then `delay` blanks, then `length` recall
  steps: the recall marker "?" is on at every recall step (it means "answer now"). T = 2*length + delay.
  Targets: at recall step k, the k-th remembered symbol; mask True only at the recall steps (elsewhere the
  target is 0 and ignored); cross_entropy with classes = the symbols; 20% held out. features: "recall".
  Recommended LSTM hidden 32, Adam lr 0.01, batch 32, clip 1 and 40 + 8 * (delay - 5) epochs (40 up to
  delay 5, at most 200): defaults (4 symbols, length 3, delay 5) test accuracy 100% in ~1.2 s; delay 10
  (80 epochs) 99-100% in ~3 s. Delays of 20 and more often stay at chance (25%) within those epochs: the
  long gap is exactly what makes the task hard.
- "anbn": counting. One sequence per n in 1..max_n (times `repeats`), symbols S a b E. Inputs are
  S a^n b^n (2n + 1 steps) padded with zero vectors to T = 2*max_n + 1, targets the next symbol
  (a^n b^n E). mask True only at the steps that read a b (predicting b ... b E): there the next symbol is
  determined by the count; while reading a's it is not (another a or the first b could come), so those
  steps, and the padding, do not count. features: "count" (a's minus b's read so far, 0 on padding).
  Held out: n = max_n+1 .. max_n+4, padded to their own T = 2*(max_n+4) + 1: counting beyond the longest
  training string. Recommended LSTM hidden 8, Adam lr 0.02, full batch, clip 1, 300 epochs (600 when
  max_n > 10): max_n 8 masked accuracy 100% on training in ~0.5 s (seeds 0..4), and 100% on the
  held-out n = 9..12 for seeds 0..3 (86% for seed 4); max_n 20: 92-100% training accuracy; max_n 30
  (600 epochs): 94-98%.
- "brackets_depth": read characters of bracket_text(seq_len, max_depth) (one-hot over "()abc", in that
  order), output the nesting depth after each character as a class 0..max_depth; cross_entropy at every
  step; 20% held out. features: "depth". Recommended LSTM hidden 16, Adam lr 0.02, 40 epochs, batch 16,
  clip 1: defaults test accuracy 100% in ~0.9 s (seeds 0..4).
- "digits": the shipped 8x8 digits read row by row (8 steps of 8 pixels), many-to-one, 10 classes "0".."9",
  test split as rnnviz.data.digits.train_test_split gives (1347 / 450 images). features: "ink" (the row's
  pixel sum). Recommended as the course: LSTM hidden 64, Adam lr 0.01, 10 epochs, batch 64: test
  accuracy 93.6% in ~0.9 s.
- "csv": an uploaded CSV. text: its content (a header row of column names is required; each further row
  is one time step); target: the column to predict; seq_len; kind: "auto" (default) | "regression" |
  "classes" (auto: classes when the target holds whole numbers with at most 20 distinct values, or text
  labels; else regression). The feature columns are all other columns and must hold numbers; at most
  20,000 rows and 200 columns; empty, NaN or infinite cells and numbers beyond float32 are refused, naming
  the line and column. The rows are cut into windows of seq_len rows (stride seq_len; the rows after the
  last whole window are left out; fewer rows than seq_len give one window); with at least 5 windows the
  last 20% are held out. Features are standardized with the training rows' mean and (population) standard
  deviation (a column constant over them is only centred, so it becomes 0): task.input_mean / input_std;
  for regression the target too (task.target_mean / target_std; prediction * target_std + target_mean is in
  the CSV's units). Every-step head: mse (regression, y (B, T, 1)) or cross_entropy (classes = the distinct
  target values as text, numbers in increasing order). features: "target" (the raw target; the class
  index for text labels). Recommended LSTM hidden 32, Adam lr 0.01, 100 epochs, clip 1, full batch up to
  64 windows, else batch 32 (a starting point: a CSV can hold anything).

Every bad argument raises ValueError naming what was expected and what was given. Everything is
deterministic for its seed (numpy default_rng(seed)).
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields

import numpy as np
import torch
import torch.nn.functional as F

from rnnviz.checks import expect, finite, whole
from rnnviz.data.builtin import ENGLISH_TEXT, POEM_LINES, bracket_depth, bracket_text, poem_dataset
from rnnviz.data.csv_text import CsvError, read_csv
from rnnviz.data.digits import train_test_split
from rnnviz.model.cells import head_activation
from rnnviz.model.network import Network
from rnnviz.model.spec import HeadSpec, ModelSpec

from .forward import forward
from .train import LOSS_HEADS, MAX_BATCH_WORK, History, TrainConfig, train

__all__ = ["TASKS", "TEXT_SOURCES", "CSV_KINDS", "PARAMS", "TEXT_PARAMS", "Param", "Task",
           "make_task", "MAX_TEXT_CHARS", "MAX_TEXT_SYMBOLS", "MAX_CSV_ROWS", "MAX_CSV_COLUMNS", "MAX_CSV_CLASSES",
           "MAX_CSV_CELLS", "MAX_TASK_MB"]

TASKS = ("text", "sines", "adding", "copy", "anbn", "brackets_depth", "digits", "csv")
TEXT_SOURCES = ("poem", "english", "brackets", "pasted")
CSV_KINDS = ("auto", "regression", "classes")

MAX_TEXT_CHARS = 20_000
MAX_TEXT_SYMBOLS = 200
MAX_CSV_ROWS = 20_000
MAX_CSV_COLUMNS = 200
MAX_CSV_CELLS = 1_000_000  # rows x columns read as text before parsing (e.g. 20,000 rows of 50 columns)
# A data set's arrays together (x, y, masks, features and the held-out split): a session keeps its task and
# the runs trained on it, and the Train page's cache keeps a few, so one task stays small (issue 13's budget).
MAX_TASK_MB = 24
MAX_CSV_CLASSES = 100  # a classes target with more distinct values is refused
CSV_AUTO_CLASSES = 20  # auto: whole numbers with at most this many distinct values are classes
BRACKET_TEXT_LENGTH = 600
TEST_FRACTION = 0.2
BRACKET_SYMBOLS = ("(", ")", "a", "b", "c")
ANBN_SYMBOLS = ("S", "a", "b", "E")
COPY_BLANK, COPY_RECALL = "-", "?"


@dataclass(frozen=True)
class Param:
    """A tunable numeric parameter: a UI draws a number input from default / low / high (whole: integer)."""

    default: int | float
    low: int | float
    high: int | float
    whole: bool


PARAMS: dict[str, dict[str, Param]] = {
    "text": {"seq_len": Param(32, 2, 200, True)},  # characters per training window (not used for the poem)
    "sines": {
        "seq_len": Param(50, 5, 500, True),  # steps per sequence
        "sequences": Param(200, 10, 5000, True),  # number of sequences (20% are held out)
        "waves": Param(2, 1, 3, True),  # sines added together
        "noise": Param(0.0, 0.0, 1.0, False),  # standard deviation of the noise added to the inputs
    },
    "adding": {
        "seq_len": Param(30, 4, 500, True),  # steps per sequence
        "sequences": Param(1000, 10, 10_000, True),  # number of sequences (20% are held out)
    },
    "copy": {
        "symbols": Param(4, 2, 8, True),  # how many different symbols
        "length": Param(3, 1, 10, True),  # symbols to remember
        "delay": Param(5, 0, 50, True),  # blank steps between seeing and recalling
        "sequences": Param(500, 10, 10_000, True),  # number of sequences (20% are held out)
    },
    "anbn": {
        "max_n": Param(8, 2, 30, True),  # the longest string is a^max_n b^max_n
        "repeats": Param(1, 1, 20, True),  # copies of each string in the training set
    },
    "brackets_depth": {
        "seq_len": Param(40, 2, 200, True),  # characters per sequence
        "sequences": Param(200, 10, 2000, True),  # number of sequences (20% are held out)
        "max_depth": Param(4, 1, 8, True),  # deepest nesting
    },
    "digits": {},
    "csv": {"seq_len": Param(20, 2, 500, True)},  # rows (time steps) per window
}
# The text-valued parameters each task takes (documented in make_task); they are not in PARAMS.
TEXT_PARAMS: dict[str, tuple[str, ...]] = {"text": ("source", "text"), "csv": ("text", "target", "kind")}


# --- the Task ------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Task:
    """A training data set and what a network needs to fit it (see the module docstring for each task)."""

    key: str
    x: np.ndarray  # (B, T, input_size) float32
    y: np.ndarray  # as train() takes it for `loss`: int64 (B, T) / (B,) for cross_entropy; float32 else
    loss: str  # "cross_entropy" | "mse" | "bce"
    out_features: int
    head_activation: str  # "softmax" | "identity" | "sigmoid"
    every_step: bool
    mask: np.ndarray | None = None  # (B, T) bool: the steps that count
    x_test: np.ndarray | None = None
    y_test: np.ndarray | None = None
    mask_test: np.ndarray | None = None
    vocab: tuple[str, ...] | None = None  # one-hot order, index -> character / symbol
    classes: tuple[str, ...] | None = None  # cross_entropy: a readable name per class
    text: str | None = None  # text tasks: the whole text
    features: dict[str, np.ndarray] = field(default_factory=dict)  # name -> (B, T) float32, aligned with x
    recommended: dict = field(default_factory=dict)  # hidden_size, epochs, lr, batch_size, clip, cell
    # Additions beyond the Train page's first interface:
    features_test: dict[str, np.ndarray] = field(default_factory=dict)  # the same features for x_test
    lengths: np.ndarray | None = None  # (B,) int: real steps of each padded sequence (anbn); None: all T
    lengths_test: np.ndarray | None = None
    input_names: tuple[str, ...] | None = None  # a name per input column where there is no vocab
    input_mean: np.ndarray | None = None  # csv: x = (raw - input_mean) / input_std per feature column
    input_std: np.ndarray | None = None
    target_mean: float | None = None  # csv regression: raw target = y * target_std + target_mean
    target_std: float | None = None
    params: dict = field(default_factory=dict)  # the parameters the task was made with, defaults filled in

    @property
    def input_size(self) -> int:
        return int(self.x.shape[-1])

    @property
    def nbytes(self) -> int:
        """What the task's arrays hold, in bytes (x, y, masks, features, lengths and the held-out split)."""
        arrays = [self.x, self.y, self.mask, self.x_test, self.y_test, self.mask_test, self.lengths,
                  self.lengths_test, *self.features.values(), *self.features_test.values()]
        return sum(a.nbytes for a in arrays if isinstance(a, np.ndarray))

    @property
    def has_test(self) -> bool:
        return self.x_test is not None

    def spec(self, cell: str = "lstm", hidden_size: int = 16, **spec_kwargs) -> ModelSpec:
        """A ModelSpec that fits the task: input_size, head = HeadSpec(out_features, head_activation,
        every_step). cell: lstm | gru | rnn | jordan, or "peephole" / "coupled" (an LSTM with that flag);
        spec_kwargs pass through to ModelSpec (num_layers, bidirectional, nonlinearity, peephole, ...)."""
        for name in ("input_size", "head"):
            expect(name not in spec_kwargs, f"{name} is fixed by the {self.key} task; leave it out")
        if cell in ("peephole", "coupled"):
            spec_kwargs = {**spec_kwargs, cell: True}
            cell = "lstm"
        head = HeadSpec(self.out_features, self.head_activation, every_step=self.every_step)
        try:
            return ModelSpec(cell, self.input_size, hidden_size, head=head, **spec_kwargs)
        except TypeError as err:  # an unknown keyword
            known = sorted({f.name for f in fields(ModelSpec)} - {"cell", "input_size", "hidden_size", "head"})
            raise ValueError(f"unknown model setting: {err}; the settings are {', '.join(known)}") from None

    def train_config(self, **overrides) -> TrainConfig:
        """TrainConfig from `recommended` (epochs, lr, batch_size, clip) with the task's loss; overrides win."""
        rec = self.recommended
        settings = dict(epochs=rec.get("epochs", 100), lr=rec.get("lr", 0.01), batch_size=rec.get("batch_size"),
                        clip=rec.get("clip"), loss=self.loss)
        settings.update(overrides)
        return TrainConfig(**settings)

    def fit(self, net: Network, config: TrainConfig | None = None, *,
            on_epoch: Callable[[int, float, float | None], bool | None] | None = None) -> History:
        """train(net, x, y, config, mask=mask) on the training split; config None = train_config()."""
        return train(net, self.x, self.y, self.train_config() if config is None else config,
                     on_epoch=on_epoch, mask=self.mask)

    def _split(self, test: bool):
        if test:
            expect(self.x_test is not None, f"the {self.key} task has no held-out test split; use test=False")
            return self.x_test, self.y_test, self.mask_test, self.lengths_test
        return self.x, self.y, self.mask, self.lengths

    def evaluate(self, net: Network, split: str | None = None) -> dict:
        """{"loss", "accuracy", "split"} on the held-out split if there is one (split None), else on the
        training data; split="train" / "test" chooses. The loss is the one train() minimises (cross-entropy
        averaged over the steps that count, mse, bce); accuracy is the share of correct predictions at the
        steps that count (cross_entropy, bce), None for mse."""
        if split is None:
            split = "test" if self.x_test is not None else "train"
        expect(split in ("train", "test"), f"split must be 'train' or 'test' (or None), got {split!r}")
        x, y, mask, _ = self._split(split == "test")
        spec = self._check_net(net)
        params = net.state_dict()
        B, T = x.shape[:2]
        per_sequence = T * spec.hidden_size * spec.num_layers * spec.num_directions
        chunk = max(1, MAX_BATCH_WORK // per_sequence)
        total = correct = counted = 0.0
        with torch.no_grad():
            for s in range(0, B, chunk):
                xb = torch.from_numpy(np.ascontiguousarray(x[s:s + chunk], dtype=np.float32))
                logits = forward(spec, params, xb)
                yb = torch.from_numpy(np.ascontiguousarray(y[s:s + chunk]))
                mb = None if mask is None else torch.from_numpy(np.ascontiguousarray(mask[s:s + chunk]))
                t, c, n = self._score(spec, logits, yb, mb)
                total, correct, counted = total + t, correct + c, counted + n
        accuracy = None if self.loss == "mse" else correct / counted
        return {"loss": total / counted, "accuracy": accuracy, "split": split}

    def _score(self, spec: ModelSpec, logits, y, mask):
        """(summed loss, number correct, number counted) for one chunk; counted is steps x outputs for
        mse / bce (as train() averages them), steps for cross_entropy."""
        if self.loss == "cross_entropy":
            if mask is not None:
                logits, y = logits[mask], y[mask]
            logits = logits.reshape(-1, logits.shape[-1])
            y = y.reshape(-1)
            loss = F.cross_entropy(logits, y, reduction="sum")
            return float(loss), float((logits.argmax(-1) == y).sum()), float(y.numel())
        if mask is not None:
            logits, y = logits[mask], y[mask]  # (steps, out)
        if self.loss == "mse":
            pred = head_activation(spec.head.activation, logits)
            return float((pred - y).square().sum()), 0.0, float(y.numel())
        loss = F.binary_cross_entropy_with_logits(logits, y, reduction="sum")
        return float(loss), float(((logits > 0) == (y > 0.5)).sum()), float(y.numel())

    def _check_net(self, net) -> ModelSpec:
        expect(isinstance(net, Network), f"evaluate needs a rnnviz Network, got {type(net).__name__}")
        spec = net.spec
        expect(spec.head is not None, f"this {spec.kind_label} has no head, so it makes no predictions to score")
        expect(spec.input_size == self.input_size,
                f"the {self.key} task has {self.input_size} inputs per step; the network reads {spec.input_size}")
        expect(spec.head.out_features == self.out_features,
                f"the {self.key} task needs {self.out_features} outputs; the network's head has "
                f"{spec.head.out_features}")
        expect(spec.head.every_step == self.every_step,
                f"the {self.key} task needs a head at " + ("every step" if self.every_step else "the last step only")
                + "; the network's head is " + ("at every step" if spec.head.every_step else "at the last step only"))
        expect(spec.head.activation in LOSS_HEADS[self.loss],
                f"the {self.key} task's loss {self.loss} needs a head activation of "
                f"{' or '.join(LOSS_HEADS[self.loss])}; the network's head has {spec.head.activation!r}")
        return spec

    def example(self, index: int, test: bool = False) -> np.ndarray:
        """(T, input_size) float32: sequence `index` of the training (or test) split, without padding."""
        x, _, _, lengths = self._split(test)
        n = len(x)
        expect(whole(index) and 0 <= index < n,
                f"example index must be a whole number from 0 to {n - 1} ({n} {'test' if test else 'training'} "
                f"sequences), got {index!r}")
        index = int(index)
        T = x.shape[1] if lengths is None else int(lengths[index])
        return np.array(x[index, :T], dtype=np.float32)

    def example_text(self, index: int, test: bool = False) -> str | None:
        """The characters (symbols) of example `index`, one per step, for text-like tasks; else None."""
        x = self.example(index, test)
        if self.vocab is None:
            return None
        return "".join(self.vocab[k] for k in x.argmax(-1))


# --- checking parameters --------------------------------------------------------------------------------
def _check_params(key: str, params: dict) -> dict:
    numeric = PARAMS[key]
    texts = TEXT_PARAMS.get(key, ())
    unknown = [name for name in params if name not in numeric and name not in texts]
    if unknown:
        takes = list(numeric) + list(texts)
        raise ValueError(f"the {key} task takes " + (", ".join(takes) if takes else "no parameters (only seed)")
                         + f"; got unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}")
    values = {name: p.default for name, p in numeric.items()}
    for name, value in params.items():
        if name in numeric:
            values[name] = _check_number(name, value, numeric[name])
        else:
            values[name] = value
    return values


def _check_number(name: str, value, p: Param):
    rng = f"from {p.low} to {p.high}"
    if p.whole:
        expect(whole(value) or (finite(value) and float(value).is_integer()),
               f"{name} must be a whole number {rng}, got {value!r}")
        value = int(value)
    else:
        expect(finite(value), f"{name} must be a number {rng}, got {value!r}")
        value = float(value)
    expect(p.low <= value <= p.high, f"{name} must be {rng}, got {value}")
    return value


def _split_count(B: int) -> int:
    """Held-out sequences of B: 20%, at least 1."""
    return max(1, int(round(B * TEST_FRACTION)))


def _batch(preferred: int | None, B: int, T: int, hidden: int) -> int | None:
    """A batch size that fits B and train()'s memory cap for the recommended hidden size."""
    largest = max(1, MAX_BATCH_WORK // (T * hidden))
    size = B if preferred is None else min(preferred, B)
    if size > largest:
        return largest
    return None if preferred is None or size >= B else size


def _recommended(cell: str, hidden: int, epochs: int, lr: float, batch: int | None, clip: float | None,
                 B: int, T: int) -> dict:
    return dict(cell=cell, hidden_size=hidden, epochs=epochs, lr=lr, batch_size=_batch(batch, B, T, hidden),
                clip=clip)


def _one_hot(indices: np.ndarray, size: int) -> np.ndarray:
    out = np.zeros(indices.shape + (size,), dtype=np.float32)
    np.put_along_axis(out, indices[..., None], 1.0, axis=-1)
    return out


# --- text -----------------------------------------------------------------------------------------------
def _text_task(seed: int, p: dict) -> Task:
    source = p.get("source", "poem")
    expect(isinstance(source, str) and source in TEXT_SOURCES,
            f"source must be one of {', '.join(TEXT_SOURCES)}; got {source!r}")
    seq_len = p["seq_len"]
    if source == "poem":
        x, y, vocab = poem_dataset()
        B, T = y.shape
        return Task("text", x, y, "cross_entropy", len(vocab), "softmax", True, vocab=tuple(vocab),
                    classes=tuple(vocab), text="".join(POEM_LINES),
                    features={"position": np.tile(np.arange(T, dtype=np.float32), (B, 1))},
                    recommended=_recommended("rnn", 12, 100, 0.01, None, None, B, T),
                    params={"source": source, "seq_len": seq_len})
    if source == "english":
        text = ENGLISH_TEXT
    elif source == "brackets":
        text = bracket_text(BRACKET_TEXT_LENGTH, seed)
    else:
        text = p.get("text")
        expect(isinstance(text, str), f"source 'pasted' needs the text to learn: paste 2 to {MAX_TEXT_CHARS:,} "
                                       f"characters (got {type(text).__name__ if text is not None else 'no text'})")
        expect(len(text) >= 2, f"the pasted text must have at least 2 characters (one to read, one to predict); "
                                f"got {len(text)}")
        expect(len(text) <= MAX_TEXT_CHARS,
                f"the pasted text must have at most {MAX_TEXT_CHARS:,} characters; got {len(text):,}")
    vocab = tuple(dict.fromkeys(text))
    expect(len(vocab) <= MAX_TEXT_SYMBOLS, f"the text may use at most {MAX_TEXT_SYMBOLS} different characters; "
                                            f"it uses {len(vocab)}")
    index = {ch: k for k, ch in enumerate(vocab)}
    codes = np.array([index[ch] for ch in text], dtype=np.int64)
    N = len(text)
    if N >= seq_len + 1:
        T, starts = seq_len, np.arange((N - 1) // seq_len) * seq_len
    else:
        T, starts = N - 1, np.array([0])
    windows = codes[starts[:, None] + np.arange(T + 1)]  # (B, T + 1)
    x, y = _one_hot(windows[:, :-1], len(vocab)), windows[:, 1:].copy()
    B = len(starts)
    features = {"position": np.tile(np.arange(T, dtype=np.float32), (B, 1))}
    if source == "brackets":
        depth = bracket_depth(text).astype(np.float32)
        features["depth"] = depth[starts[:, None] + np.arange(T)]
    hidden = 64 if len(vocab) > 10 else 32
    return Task("text", x, y, "cross_entropy", len(vocab), "softmax", True, vocab=vocab, classes=vocab, text=text,
                features=features, recommended=_recommended("lstm", hidden, 200, 0.01, None, 1.0, B, T),
                params={"source": source, "seq_len": seq_len})


# --- sines ----------------------------------------------------------------------------------------------
def _sines_task(seed: int, p: dict) -> Task:
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
    n_test = _split_count(B)
    cut = B - n_test
    target = y[..., 0]
    return Task("sines", x[:cut], y[:cut], "mse", 1, "identity", True, x_test=x[cut:], y_test=y[cut:],
                features={"target": target[:cut]}, features_test={"target": target[cut:]},
                recommended=_recommended("lstm", 16, 100, 0.01, 32, None, cut, T), input_names=("value",),
                params=dict(p))


# --- adding ---------------------------------------------------------------------------------------------
def _adding_task(seed: int, p: dict) -> Task:
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
    n_test = _split_count(B)
    cut = B - n_test
    return Task("adding", x[:cut], y[:cut], "mse", 1, "identity", False, x_test=x[cut:], y_test=y[cut:],
                features={"marker": x[:cut, :, 1].copy(), "marked_sum": marked_sum[:cut]},
                features_test={"marker": x[cut:, :, 1].copy(), "marked_sum": marked_sum[cut:]},
                recommended=_recommended("lstm", 16, max(30, min(300, T)), 0.01, 16, 1.0, cut, T),
                input_names=("value", "marker"),
                params=dict(p))


# --- copy -----------------------------------------------------------------------------------------------
def _copy_task(seed: int, p: dict) -> Task:
    K, L, D, B = p["symbols"], p["length"], p["delay"], p["sequences"]
    rng = np.random.default_rng(seed)
    symbols = tuple(chr(ord("A") + k) for k in range(K))
    vocab = symbols + (COPY_BLANK, COPY_RECALL)
    T = 2 * L + D
    remembered = rng.integers(0, K, (B, L))
    codes = np.full((B, T), K, dtype=np.int64)  # blank
    codes[:, :L] = remembered
    codes[:, L + D:] = K + 1  # recall
    x = _one_hot(codes, K + 2)
    y = np.zeros((B, T), dtype=np.int64)
    y[:, L + D:] = remembered
    mask = np.zeros((B, T), dtype=bool)
    mask[:, L + D:] = True
    recall = mask.astype(np.float32)
    n_test = _split_count(B)
    cut = B - n_test
    return Task("copy", x[:cut], y[:cut], "cross_entropy", K, "softmax", True, mask=mask[:cut], x_test=x[cut:],
                y_test=y[cut:], mask_test=mask[cut:], vocab=vocab, classes=symbols,
                features={"recall": recall[:cut]}, features_test={"recall": recall[cut:]},
                recommended=_recommended("lstm", 32, min(200, 40 + 8 * max(0, D - 5)), 0.01, 32, 1.0, cut, T),
                params=dict(p))


# --- anbn -----------------------------------------------------------------------------------------------
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


def _anbn_task(seed: int, p: dict) -> Task:
    max_n, repeats = p["max_n"], p["repeats"]
    x, y, mask, count, lengths = _anbn_split(np.repeat(np.arange(1, max_n + 1), repeats))
    xt, yt, mt, ct, lt = _anbn_split(range(max_n + 1, max_n + 5))
    return Task("anbn", x, y, "cross_entropy", len(ANBN_SYMBOLS), "softmax", True, mask=mask, x_test=xt, y_test=yt,
                mask_test=mt, vocab=ANBN_SYMBOLS, classes=ANBN_SYMBOLS, features={"count": count},
                features_test={"count": ct}, lengths=lengths, lengths_test=lt,
                recommended=_recommended("lstm", 8, 300 if max_n <= 10 else 600, 0.02, None, 1.0, len(x), x.shape[1]),
                params=dict(p))


# --- brackets depth -------------------------------------------------------------------------------------
def _brackets_task(seed: int, p: dict) -> Task:
    T, B, max_depth = p["seq_len"], p["sequences"], p["max_depth"]
    rng = np.random.default_rng(seed)
    index = {ch: k for k, ch in enumerate(BRACKET_SYMBOLS)}
    codes = np.zeros((B, T), dtype=np.int64)
    depth = np.zeros((B, T), dtype=np.int64)
    for i, s in enumerate(rng.integers(0, 2 ** 63 - 1, B)):
        text = bracket_text(T, int(s), max_depth)
        codes[i] = [index[ch] for ch in text]
        depth[i] = bracket_depth(text)
    x = _one_hot(codes, len(BRACKET_SYMBOLS))
    n_test = _split_count(B)
    cut = B - n_test
    feature = depth.astype(np.float32)
    return Task("brackets_depth", x[:cut], depth[:cut], "cross_entropy", max_depth + 1, "softmax", True,
                x_test=x[cut:], y_test=depth[cut:], vocab=BRACKET_SYMBOLS,
                classes=tuple(str(d) for d in range(max_depth + 1)),
                features={"depth": feature[:cut]}, features_test={"depth": feature[cut:]},
                recommended=_recommended("lstm", 16, 40, 0.02, 16, 1.0, cut, T), params=dict(p))


# --- digits ---------------------------------------------------------------------------------------------
def _digits_task(seed: int, p: dict) -> Task:
    x_train, y_train, x_test, y_test = train_test_split()
    x_train, x_test = np.array(x_train, dtype=np.float32), np.array(x_test, dtype=np.float32)
    return Task("digits", x_train, np.array(y_train, dtype=np.int64), "cross_entropy", 10, "softmax", False,
                x_test=x_test, y_test=np.array(y_test, dtype=np.int64), classes=tuple(str(d) for d in range(10)),
                features={"ink": x_train.sum(-1)}, features_test={"ink": x_test.sum(-1)},
                recommended=_recommended("lstm", 64, 10, 0.01, 64, None, len(x_train), 8),
                input_names=tuple(f"pixel {j}" for j in range(8)), params={})


# --- csv ------------------------------------------------------------------------------------------------
def _parse_column(cells: list[str], lines: list[int]):
    """float64 values of a column, or (None, the first cell that is not a number and its line)."""
    try:
        return np.array(cells, dtype=np.float64), None
    except ValueError:
        pass
    values = np.empty(len(cells))
    for k, cell in enumerate(cells):
        try:
            values[k] = float(cell)
        except ValueError:
            return None, (lines[k], cell)
    return values, None


def _check_cells(values: np.ndarray, cells: list[str], lines: list[int], name: str) -> None:
    bad = ~np.isfinite(values) | (np.abs(values) > float(np.finfo(np.float32).max))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        if math.isfinite(values[k]):
            raise ValueError(f"line {lines[k]}, column {name!r} holds {cells[k]!r}, beyond the largest number a "
                             f"network stores (±{float(np.finfo(np.float32).max):.3g})")
        raise ValueError(f"line {lines[k]}, column {name!r} holds {cells[k]!r}; every cell needs a finite number "
                         "(no NaN or infinity)")


def _class_name(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


_CSV_EMPTY = "the CSV is empty; expected a header row of column names, then one row per time step"


def _csv_header(text: str):
    """The header's column names and the data rows after it (rnnviz.data.csv_text.read_csv, not yet read); a
    first row that holds numbers is refused: the csv task needs names to choose its target by."""
    header, rows = read_csv(text, strict=True)  # strict: an unclosed quote is an error, not part of a cell
    if header is None:
        first = next(rows, None)
        expect(first is not None, _CSV_EMPTY)
        cells = [cell.strip() for cell in first.cells]
        raise ValueError(f"the CSV's first row must be a header of column names; it holds numbers "
                         f"({', '.join(cells[:5])})")
    return [name.strip() for name in header], rows


def csv_columns(text: str) -> list[str]:
    """The column names in a CSV's header, read without the rows after it: the Train page asks on every rerun,
    and an upload may hold millions of lines."""
    try:
        header, _ = _csv_header(text)
    except CsvError as err:
        raise ValueError(f"the CSV's header row cannot be read: {err.reason}") from None
    names = [name for name in header if name]
    expect(bool(names), "the CSV's first row must name the columns; it holds only commas")
    return names


def _csv_rows(text: str) -> tuple[list[str], list[list[str]], list[int]]:
    """(header, data rows with their cells stripped, the line each row ends on); reading stops at the first row
    past MAX_CSV_ROWS or MAX_CSV_CELLS."""
    header, rows = _csv_header(text)
    data, lines, cells = [], [], len(header)
    for line, row in rows:
        data.append([cell.strip() for cell in row])
        lines.append(line)
        expect(len(data) <= MAX_CSV_ROWS, f"the CSV may have at most {MAX_CSV_ROWS:,} data rows; it has more")
        cells += len(row)
        expect(cells <= MAX_CSV_CELLS + MAX_CSV_COLUMNS,  # the header's cells do not count
               f"the CSV has more than {MAX_CSV_CELLS:,} cells; a session may read at most {MAX_CSV_CELLS:,} on a "
               f"shared server (e.g. {MAX_CSV_ROWS:,} rows of {MAX_CSV_CELLS // MAX_CSV_ROWS} columns, or fewer rows)")
    return header, data, lines


def _csv_task(seed: int, p: dict) -> Task:
    text, target, kind, L = p.get("text"), p.get("target"), p.get("kind", "auto"), p["seq_len"]
    expect(isinstance(kind, str) and kind in CSV_KINDS, f"kind must be one of {', '.join(CSV_KINDS)}; got {kind!r}")
    given = "an empty text" if isinstance(text, str) else "no text" if text is None else type(text).__name__
    expect(isinstance(text, str) and text.strip() != "",
            "the csv task needs the CSV's content as text: a header row of column names, then one row per "
            f"time step (got {given})")
    header, rows, lines = _csv_rows(text)
    expect(len(header) <= MAX_CSV_COLUMNS, f"the CSV may have at most {MAX_CSV_COLUMNS} columns; it has {len(header)}")
    unnamed = [j + 1 for j, name in enumerate(header) if not name]
    expect(not unnamed, f"every column needs a name in the header row; column{'s' * (len(unnamed) > 1)} "
                         f"{', '.join(map(str, unnamed))} {'have' if len(unnamed) > 1 else 'has'} none")
    twice = sorted({name for name in header if header.count(name) > 1})
    expect(not twice, f"column names must differ; {', '.join(map(repr, twice))} appear more than once")
    expect(len(header) >= 2, f"the CSV needs a target column and at least one feature column; it has only "
                              f"{header[0]!r}")
    expect(isinstance(target, str) and target.strip() in header,
            f"target must name one of the CSV's columns ({', '.join(map(repr, header))}); got {target!r}")
    target = target.strip()
    expect(len(rows) >= 2, f"the CSV needs at least 2 data rows (time steps) after the header; it has {len(rows)}")
    expect(len(rows) <= MAX_CSV_ROWS, f"the CSV may have at most {MAX_CSV_ROWS:,} data rows; it has {len(rows):,}")
    for row, line in zip(rows, lines):
        expect(len(row) == len(header), f"line {line} has {len(row)} cells; the header has {len(header)} columns")

    feature_names = [name for name in header if name != target]
    columns = {name: [row[j] for row in rows] for j, name in enumerate(header)}
    for name in header:  # an empty cell is named before anything else is said about its column
        if "" in columns[name]:
            k = columns[name].index("")
            raise ValueError(f"line {lines[k]}, column {name!r} is empty; every cell needs a value")
    parsed, not_numbers = {}, []
    for name in feature_names:
        values, bad = _parse_column(columns[name], lines)
        if values is None:
            not_numbers.append((name, bad))
        parsed[name] = values
    if not_numbers:
        name, (line, cell) = not_numbers[0]
        raise ValueError(f"the feature columns must hold numbers only; {', '.join(repr(n) for n, _ in not_numbers)} "
                         f"{'do' if len(not_numbers) > 1 else 'does'} not (e.g. line {line}, column {name!r} holds "
                         f"{cell!r}). Remove {'them' if len(not_numbers) > 1 else 'it'} or choose "
                         f"{'one' if len(not_numbers) > 1 else 'it'} as the target")
    for name in feature_names:
        _check_cells(parsed[name], columns[name], lines, name)
    t_values, t_bad = _parse_column(columns[target], lines)
    if t_values is not None:
        _check_cells(t_values, columns[target], lines, target)

    # Which kind of target.
    labels = None
    if t_values is None:
        expect(kind != "regression", f"a regression target must hold numbers; column {target!r} does not "
                                      f"(line {t_bad[0]} holds {t_bad[1]!r})")
        kind = "classes"
        labels = columns[target]
    elif kind == "auto":
        distinct = np.unique(t_values)
        whole = bool(np.all(np.floor(t_values) == t_values))
        kind = "classes" if whole and len(distinct) <= CSV_AUTO_CLASSES else "regression"

    N = len(rows)
    if N >= L:
        T, B = L, N // L
    else:
        T, B = N, 1
    used = B * T
    n_test = _split_count(B) if B >= 5 else 0
    cut = B - n_test
    train_rows = cut * T

    feats = np.stack([parsed[name][:used] for name in feature_names], axis=1)  # (used, F) float64
    mean = feats[:train_rows].mean(0)
    std = feats[:train_rows].std(0)
    scale = np.where(std > 0, std, 1.0)
    x = ((feats - mean) / scale).astype(np.float32).reshape(B, T, len(feature_names))
    expect(bool(np.isfinite(x).all()), "after standardizing, some feature values are too large to store; "
                                        "rescale the columns")
    target_mean = target_std = None
    if kind == "classes":
        if labels is not None:
            names = sorted(set(labels))
            lookup = {name: k for k, name in enumerate(names)}
            codes = np.array([lookup[v] for v in labels], dtype=np.int64)
            raw = codes.astype(np.float32)
        else:
            distinct = np.unique(t_values)
            names = [_class_name(v) for v in distinct]
            codes = np.searchsorted(distinct, t_values).astype(np.int64)
            raw = t_values.astype(np.float32)
        expect(2 <= len(names) <= MAX_CSV_CLASSES,
                f"a classes target needs from 2 to {MAX_CSV_CLASSES} different values; column {target!r} has "
                f"{len(names)}" + (" (choose kind 'regression' for a number to predict)"
                                      if labels is None and len(names) > 2 else ""))
        y = codes[:used].reshape(B, T)
        loss, out, act, classes = "cross_entropy", len(names), "softmax", tuple(names)
    else:
        t_mean = float(t_values[:train_rows].mean())
        t_std = float(t_values[:train_rows].std())
        t_scale = t_std if t_std > 0 else 1.0
        y = ((t_values[:used] - t_mean) / t_scale).astype(np.float32).reshape(B, T, 1)
        expect(bool(np.isfinite(y).all()), "after standardizing, some target values are too large to store; "
                                            "rescale the target column")
        raw = t_values.astype(np.float32)
        target_mean, target_std = t_mean, t_scale
        loss, out, act, classes = "mse", 1, "identity", None
    raw = raw[:used].reshape(B, T)
    split = dict(x_test=x[cut:], y_test=y[cut:], features_test={"target": raw[cut:]}) if n_test else {}
    return Task("csv", x[:cut], y[:cut], loss, out, act, True, classes=classes, features={"target": raw[:cut]},
                recommended=_recommended("lstm", 32, 100, 0.01, None if cut <= 64 else 32, 1.0, cut, T),
                input_names=tuple(feature_names), input_mean=mean.astype(np.float32),
                input_std=scale.astype(np.float32), target_mean=target_mean, target_std=target_std,
                params={"seq_len": L, "target": target, "kind": kind}, **split)


_MAKERS = {"text": _text_task, "sines": _sines_task, "adding": _adding_task, "copy": _copy_task,
           "anbn": _anbn_task, "brackets_depth": _brackets_task, "digits": _digits_task, "csv": _csv_task}


def make_task(key: str, *, seed: int = 0, **params) -> Task:
    """Build the task `key` (one of TASKS) with its parameters; deterministic for seed.

    Numeric parameters are listed with their defaults and ranges in PARAMS[key]. Text-valued ones:
    - text: source (one of TEXT_SOURCES, default "poem"); text (the text to learn, read only when
      source="pasted": 2 to 20,000 characters, at most 200 different ones).
    - csv: text (the CSV content, required), target (the column to predict, required), kind ("auto" |
      "regression" | "classes", default "auto").
    Any bad value raises ValueError saying what was expected and what was given.
    """
    expect(isinstance(key, str) and key in TASKS, f"unknown task {key!r}; choose one of {', '.join(TASKS)}")
    expect(whole(seed) and 0 <= seed < 2 ** 63, f"seed must be a whole number from 0 to 2**63-1, got {seed!r}")
    values = _check_params(key, params)
    task = _MAKERS[key](int(seed), values)
    _check_task_size(task, values)
    return task


def _check_task_size(task: Task, values: dict) -> None:
    """Refuse a data set past MAX_TASK_MB (made first: the generators are fast, and the size is exact)."""
    size = task.nbytes / 2 ** 20
    if size <= MAX_TASK_MB:
        return
    if "sequences" in values:
        fits = int(values["sequences"] * MAX_TASK_MB / size)
        hint = f"at most {fits:,} sequences of these fit, or make them shorter"
    elif "seq_len" in values:
        hint = "use shorter windows (seq_len) or fewer columns"
    else:
        hint = "use a smaller data set"
    raise ValueError(f"these settings make a data set of {size:.1f} MB; a session may hold at most {MAX_TASK_MB} MB "
                     f"on a shared server: {hint}")
