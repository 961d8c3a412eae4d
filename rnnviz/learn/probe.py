"""What the Interpret page runs a trained network over: a batch of sequences, which of their steps are real
(not padding), the characters they spell (character tasks) and the per-step features a unit may track.

    probe = probe_for(task, "test")             # the task's held-out examples (or "train", or "text")
    values = probe.values(trace, "c")           # (B, T, units) from a trace of probe.x
    pooled = probe.pooled(values)               # (N, units): every real step of every sequence
    feature = probe.feature("count")            # (N,) aligned with pooled rows

A character task's whole text is one long sequence ("text"), read from a zero state as the Interpret page's
text view shows it; the other sources are the task's own sequences, each from a zero state as trained.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from rnnviz.data.sequences import one_hot_text

from .interpret import TEXT_FEATURES, text_feature
from .tasks import Task

__all__ = ["Probe", "probe_for", "probe_text", "SOURCES", "MAX_PROBE_SEQUENCES"]

SOURCES = ("text", "train", "test")
MAX_PROBE_SEQUENCES = 200  # enough for a pooled correlation; keeps the trace small on a shared server
_KEPT_FEATURES = 8


@dataclass(frozen=True)
class Probe:
    x: np.ndarray  # (B, T, input_size) float32
    valid: np.ndarray  # (B, T) bool: steps that are real input (padding is all zeros in a one-hot task)
    texts: tuple[str, ...] | None = None  # the characters of each sequence's real steps (character tasks)
    features: dict = field(default_factory=dict)  # name -> (B, T) float64
    # Text features computed so far, by (name, char_class, pattern): a rerun of the page does not compute
    # them again. Bounded: a session typing pattern after pattern keeps the last few.
    _computed: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def num_sequences(self) -> int:
        return int(self.x.shape[0])

    def length(self, b: int) -> int:
        return int(self.valid[b].sum())

    def values(self, trace, quantity: str, layer: int = 0, direction: int = 0) -> np.ndarray:
        """(B, T, units) of one quantity from a trace of self.x."""
        if quantity not in trace.quantities:
            raise ValueError(f"quantity must be one of {', '.join(trace.quantities)}; got {quantity!r}")
        data = trace[quantity]
        if quantity == "y":
            return data.double().numpy()
        return data[layer, direction].double().numpy()

    def pooled(self, per_sequence: np.ndarray) -> np.ndarray:
        """(B, T, ...) -> (N, ...): the real steps of every sequence, in order."""
        return np.asarray(per_sequence)[self.valid]

    def feature_names(self) -> tuple[str, ...]:
        text = TEXT_FEATURES if self.texts is not None else ()
        return tuple(self.features) + tuple(f for f in text if f not in self.features)

    def feature(self, name: str, *, char_class: str = "letter", pattern: str | None = None) -> np.ndarray:
        """(N,) one feature over the real steps: a task feature, or a text feature of each sequence's characters."""
        if name in self.features:
            return self.pooled(self.features[name])
        if self.texts is None or name not in TEXT_FEATURES:
            raise ValueError(f"feature must be one of {', '.join(self.feature_names())}; got {name!r}")
        key = (name, char_class if name == "char_class" else None, pattern if name == "regex" else None)
        if key not in self._computed:
            while len(self._computed) >= _KEPT_FEATURES:
                self._computed.pop(next(iter(self._computed)))
            self._computed[key] = np.concatenate([text_feature(text, name, char_class=char_class, pattern=pattern)
                                                  for text in self.texts])
            self._computed[key].setflags(write=False)
        return self._computed[key]


def _valid(x: np.ndarray, lengths) -> np.ndarray:
    """Real steps: all of them, or the first lengths[b] of sequence b (a padded task such as anbn)."""
    if lengths is None:
        return np.ones(x.shape[:2], dtype=bool)
    return np.arange(x.shape[1])[None, :] < np.asarray(lengths)[:, None]


def _texts(task: Task, x: np.ndarray, valid: np.ndarray) -> tuple[str, ...] | None:
    if task.vocab is None:
        return None
    vocab = task.vocab
    return tuple("".join(vocab[k] for k in seq[ok].argmax(-1)) for seq, ok in zip(x, valid))


def probe_text(task: Task, text: str) -> Probe:
    """One sequence: `text` one-hot over the task's vocabulary (every character must be in it)."""
    if task.vocab is None:
        raise ValueError("this task does not read characters; choose its training or test sequences instead")
    missing = sorted(set(text) - set(task.vocab))
    if missing:  # said in the network's terms: one_hot_text would list the whole vocabulary
        shown = " ".join(repr(ch) for ch in missing[:10])
        raise ValueError(f"the network was trained on {len(task.vocab)} characters; {len(missing)} in this text are "
                         f"not among them: {shown}")
    x, _ = one_hot_text(text, task.vocab)  # refuses an empty text and one past the step cap
    return Probe(x[None], np.ones((1, len(text)), dtype=bool), (text,), {})


def probe_for(task: Task, source: str, limit: int = MAX_PROBE_SEQUENCES) -> Probe:
    """The task's whole text ("text"), or up to `limit` of its training ("train") or held-out ("test") sequences
    with their features."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}; got {source!r}")
    if source == "text":
        if task.text is None:
            raise ValueError("this task has no text to read; choose its training or test sequences instead")
        return probe_text(task, task.text)
    if source == "test" and task.x_test is None:
        raise ValueError("this task has no held-out test sequences; choose its training sequences")
    train = source == "train"
    x = np.asarray((task.x if train else task.x_test)[:limit], dtype=np.float32)
    lengths = task.lengths if train else task.lengths_test
    valid = _valid(x, None if lengths is None else lengths[:limit])
    # A task's "position" is the step within its sequence; "step" keeps it apart from the text feature
    # "position" (the column within a line).
    features = {("step" if name == "position" else name): np.asarray(values[:limit], dtype=np.float64)
                for name, values in (task.features if train else task.features_test).items()}
    return Probe(x, valid, _texts(task, x, valid), features)
