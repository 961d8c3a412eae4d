"""The Task: a training data set and what a network needs to fit it, with fit / evaluate / example on top."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields

import numpy as np
import torch
import torch.nn.functional as F

from rnnviz.checks import expect, whole
from rnnviz.model.cells import head_activation
from rnnviz.model.network import Network
from rnnviz.model.spec import HeadSpec, ModelSpec

from ..forward import forward
from ..train import LOSS_HEADS, MAX_BATCH_WORK, History, TrainConfig, train


@dataclass(frozen=True, eq=False)
class Task:
    """A training data set and what a network needs to fit it (each builder's docstring describes its task)."""

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
