"""Train a Network on (x, y): a plain PyTorch loop, with the checks and the stop button the app needs.

    history = train(net, x, y, TrainConfig(epochs=100, lr=0.01))   # net's weights are updated in place

The inner loop is what a hand-written torch loop does (forward, loss, backward, optimizer step) plus
two small on-tensor reductions per step for the charts (gradient norm, correct predictions); values leave
the tensors once per epoch, for on_epoch and the history. The weights live in one flat buffer
(FlatParameters) so the optimizer, clipping and the gradient norm are a few ops per step whatever the
number of weight tensors. benchmarks/bench_train.py measures it against a hand-written loop.

The losses read the head's logits (see forward.py): cross-entropy applies log-softmax itself, bce applies
the sigmoid itself; mse compares the head's output after its activation with the targets.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from rnnviz.checks import expect, whole
from rnnviz.model.cells import head_activation
from rnnviz.model.inputs import as_float_tensor
from rnnviz.model.network import Network
from rnnviz.model.spec import MAX_STEPS, ModelSpec

from .forward import bound_forward, forward_with_state

__all__ = ["TrainConfig", "History", "train", "greedy_generate", "FlatParameters", "OPTIMIZERS", "LOSSES",
           "MAX_EPOCHS", "MAX_LR", "MAX_SEQUENCES", "MAX_DATA_VALUES", "MAX_BATCH_WORK"]

OPTIMIZERS = ("adam", "sgd", "rmsprop")
LOSSES = ("cross_entropy", "mse", "bce")
# Caps that keep one training run from swamping a small shared server; every check names them.
MAX_EPOCHS = 5000
MAX_LR = 10.0
MAX_CLIP = 1e6
MAX_SEQUENCES = 100_000  # B
MAX_DATA_VALUES = 2 ** 25  # B x T x input_size: 128 MB of float32
MAX_BATCH_WORK = 2 ** 20  # batch x T x hidden x layers x directions: bounds what autograd keeps (~80 MB at the cap)
IGNORE = -100  # F.cross_entropy's ignore_index: masked steps' targets are set to it once, up front

# Which head activations go with which loss. The losses read the head's logits (see forward.py), so
# cross-entropy fits a softmax (or no) head and binary cross-entropy a sigmoid (or no) head; mse compares
# the head's output *after* its activation with the targets, so it fits any head.
LOSS_HEADS = {"cross_entropy": ("softmax", "identity"), "bce": ("sigmoid", "identity"),
              "mse": ("identity", "softmax", "sigmoid")}


def _real(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class TrainConfig:
    """How to train. Checked when made, so a bad setting fails before any work is done."""

    epochs: int = 100
    lr: float = 0.01
    batch_size: int | None = None  # None: the whole data set in every step (full batch)
    clip: float | None = None  # clip_grad_norm_'s max norm; None: no clipping
    optimizer: str = "adam"  # adam | sgd | rmsprop (torch's defaults apart from lr)
    loss: str = "cross_entropy"  # cross_entropy | mse | bce
    seed: int = 0  # drives the order of minibatches (full batch training does not depend on it)
    shuffle: bool = True  # minibatches in a fresh random order every epoch; False: in data order

    def __post_init__(self):
        expect(whole(self.epochs) and 1 <= self.epochs <= MAX_EPOCHS,
                f"epochs must be a whole number from 1 to {MAX_EPOCHS}, got {self.epochs!r}")
        expect(_real(self.lr) and 0 < self.lr <= MAX_LR,
                f"the learning rate lr must be a number greater than 0 and at most {MAX_LR}, got {self.lr!r}")
        expect(self.batch_size is None or (whole(self.batch_size) and self.batch_size >= 1),
                f"batch_size must be None (full batch) or a whole number of at least 1, got {self.batch_size!r}")
        expect(self.clip is None or (_real(self.clip) and 0 < self.clip <= MAX_CLIP),
                f"clip must be None (no clipping) or a number greater than 0 and at most {MAX_CLIP:g}, "
                f"got {self.clip!r}")
        expect(self.optimizer in OPTIMIZERS,
                f"optimizer must be one of {', '.join(OPTIMIZERS)}; got {self.optimizer!r}")
        expect(self.loss in LOSSES, f"loss must be one of {', '.join(LOSSES)}; got {self.loss!r}")
        expect(whole(self.seed) and 0 <= self.seed < 2 ** 63,
                f"seed must be a whole number from 0 to 2**63-1, got {self.seed!r}")
        expect(isinstance(self.shuffle, bool), f"shuffle must be True or False, got {self.shuffle!r}")


@dataclass
class History:
    """What happened, one entry per epoch run. loss: the epoch's mean loss over its minibatches (each
    measured before that step's update); accuracy: the share of correct predictions in the epoch (None for
    mse); grad_norms: the epoch's mean global L2 norm of the gradient, before clipping."""

    loss: list[float]
    accuracy: list[float] | None
    seconds: float
    epochs_run: int
    stopped: bool  # on_epoch returned False, or training diverged
    grad_norms: list[float]
    diverged: bool = False  # the loss or gradient became NaN/inf: that epoch was undone and training stopped


# --- checking the data -----------------------------------------------------------------------------
def _check_inputs(spec: ModelSpec, x) -> torch.Tensor:
    x = as_float_tensor(x, "the training inputs x")
    expect(x.dim() == 3, f"the training inputs x must have shape (B, T, input_size) with input_size="
                          f"{spec.input_size}; got shape {tuple(x.shape)} (one sequence of shape (T, input_size) "
                          "is x[None])")
    B, T, I = x.shape
    expect(B >= 1 and T >= 1, f"the training inputs x are empty (shape {tuple(x.shape)})")
    expect(I == spec.input_size, f"each step of x must have input_size={spec.input_size} values; got {I} "
                                  f"(x has shape {tuple(x.shape)})")
    expect(T <= MAX_STEPS, f"x has {T} steps; at most {MAX_STEPS} are allowed")
    expect(B <= MAX_SEQUENCES, f"x has {B} sequences; at most {MAX_SEQUENCES} are allowed")
    expect(x.numel() <= MAX_DATA_VALUES, f"x holds {x.numel():,} values; at most {MAX_DATA_VALUES:,} are allowed")
    expect(bool(torch.isfinite(x).all()), "the training inputs x must be finite numbers; they hold NaN or infinity")
    return x


def _as_tensor(value, what: str) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        return value.detach()
    try:
        return torch.as_tensor(np.asarray(value))
    except (TypeError, ValueError, RuntimeError):
        raise ValueError(f"{what}; got {type(value).__name__} that is not a rectangular array of numbers") from None


def _target_shape(spec: ModelSpec, loss: str, B: int, T: int) -> tuple[int, ...]:
    steps = (B, T) if spec.head.every_step else (B,)
    return steps if loss == "cross_entropy" else steps + (spec.head.out_features,)


def _check_targets(spec: ModelSpec, loss: str, y, B: int, T: int) -> torch.Tensor:
    want = _target_shape(spec, loss, B, T)
    where = "every step" if spec.head.every_step else "the last step (many-to-one head)"
    if loss == "cross_entropy":
        y = _as_tensor(y, f"cross_entropy targets must be class indices (whole numbers) of shape {want}")
        expect(not y.is_floating_point() and not y.is_complex() and y.dtype != torch.bool,
                f"cross_entropy targets must be class indices (whole numbers, e.g. dtype torch.long) of shape "
                f"{want}, one per sequence at {where}; got dtype {y.dtype}")
        y = y.to(torch.long)
    else:
        y = as_float_tensor(y, f"the {loss} targets y")
    expect(tuple(y.shape) == want, f"the {loss} targets y must have shape {want} for x of shape (B={B}, T={T}, ...) "
                                    f"and a head read out at {where}; got {tuple(y.shape)}")
    if loss != "cross_entropy":
        expect(bool(torch.isfinite(y).all()),
                f"the {loss} targets y must be finite numbers; they hold NaN or infinity")
    if loss == "bce":
        expect(bool(((y >= 0) & (y <= 1)).all()), "bce targets must be probabilities from 0 to 1; "
                                                    f"got values from {y.min().item():g} to {y.max().item():g}")
    return y.contiguous()


def _check_mask(spec: ModelSpec, mask, B: int, T: int) -> torch.Tensor | None:
    if mask is None:
        return None
    expect(spec.head.every_step, "a mask marks which steps count; a many-to-one head reads only the last step, "
                                  "so it takes no mask (pass mask=None)")
    mask = _as_tensor(mask, f"mask must be a (B, T) = {(B, T)} array of True / False")
    expect(mask.dtype == torch.bool, f"mask must hold True (step counts) / False (padding), dtype torch.bool; "
                                      f"got dtype {mask.dtype}")
    expect(tuple(mask.shape) == (B, T), f"mask must have shape (B, T) = {(B, T)}; got {tuple(mask.shape)}")
    empty = (~mask.any(dim=1)).nonzero().flatten().tolist()
    expect(not empty, f"every sequence needs at least one unmasked step; sequences {empty[:10]} have none")
    return mask


def _check_setup(net, config) -> ModelSpec:
    expect(isinstance(net, Network), f"train needs a rnnviz Network, got {type(net).__name__}")
    expect(isinstance(config, TrainConfig), f"config must be a TrainConfig, got {type(config).__name__}")
    spec = net.spec
    expect(not spec.vocab_size, f"this {spec.kind_label} reads token ids through an embedding "
                                f"(vocab_size={spec.vocab_size}); training one is not supported yet")
    expect(spec.head is not None, f"this {spec.kind_label} has no head: training needs an output to compare with "
                                   "targets; give the spec a head=HeadSpec(out_features)")
    expect(spec.head.activation in LOSS_HEADS[config.loss],
            f"loss {config.loss!r} does not fit a head with activation {spec.head.activation!r}; it fits "
            f"{' or '.join(LOSS_HEADS[config.loss])}"
            + (" (for a sigmoid head use loss='bce')" if config.loss == "cross_entropy" else "")
            + (" (for a softmax head use loss='cross_entropy')" if config.loss == "bce" else ""))
    expect(config.loss != "cross_entropy" or spec.head.out_features >= 2,
            f"cross_entropy needs at least 2 classes (head out_features); got {spec.head.out_features}")
    return spec


# --- the loop -----------------------------------------------------------------------------------------
class _Objective:
    """Loss and number-correct for one batch, with the data-dependent choices made once, not per step."""

    def __init__(self, spec: ModelSpec, loss: str, y: torch.Tensor, mask: torch.Tensor | None):
        self.spec, self.kind = spec, loss
        self.out = spec.head.out_features
        self.masked = mask is not None
        if loss == "cross_entropy":
            # Masked steps get the ignored target: F.cross_entropy then averages over the others, and an
            # argmax never equals it, so the correct count needs no mask either.
            self.targets = y.masked_fill(~mask, IGNORE) if self.masked else y
            self.weights = None
            self.counted = int(mask.sum()) if self.masked else y.numel()
        else:
            self.targets = y
            self.weights = mask.unsqueeze(-1).float() if self.masked else None  # (B, T, 1)
            steps = int(mask.sum()) if self.masked else y.numel() // self.out
            self.counted = steps * self.out

    def loss(self, logits, targets, weights):
        if self.kind == "cross_entropy":
            if logits.dim() == 3:
                logits, targets = logits.reshape(-1, self.out), targets.reshape(-1)
            return F.cross_entropy(logits, targets, ignore_index=IGNORE)
        if self.kind == "mse":
            pred = head_activation(self.spec.head.activation, logits)
            if weights is None:
                return F.mse_loss(pred, targets)
            return ((pred - targets).square() * weights).sum() / (weights.sum() * self.out)
        if weights is None:
            return F.binary_cross_entropy_with_logits(logits, targets)
        return (F.binary_cross_entropy_with_logits(logits, targets, weight=weights, reduction="sum")
                / (weights.sum() * self.out))

    def correct(self, logits, targets, weights):
        """Number of correct predictions in the batch, as a tensor (no sync); None for mse."""
        if self.kind == "cross_entropy":
            return (logits.argmax(-1) == targets).sum()
        if self.kind == "bce":
            right = (logits > 0) == (targets > 0.5)
            return right.sum() if weights is None else (right * weights).sum()
        return None


def _optimizer(name: str, params, lr: float) -> torch.optim.Optimizer:
    return {"adam": torch.optim.Adam, "sgd": torch.optim.SGD, "rmsprop": torch.optim.RMSprop}[name](params, lr=lr)


def _batches(B: int, config: TrainConfig, T: int, spec: ModelSpec) -> int:
    size = B if config.batch_size is None else config.batch_size
    expect(size <= B, f"batch_size must be at most the number of sequences B={B} (None trains on all at once); "
                       f"got {config.batch_size}")
    per_sequence = T * spec.hidden_size * spec.num_layers * spec.num_directions
    largest = max(1, MAX_BATCH_WORK // per_sequence)
    expect(size <= largest, f"a batch of {size} sequences x {T} steps x {spec.hidden_size} units x "
                             f"{spec.num_layers * spec.num_directions} layers/directions is more than the cap of "
                             f"{MAX_BATCH_WORK:,}; use batch_size={largest} or less")
    return size


def train(net: Network, x, y, config: TrainConfig = TrainConfig(), *,
          on_epoch: Callable[[int, float, float | None], bool | None] | None = None, mask=None) -> History:
    """Train net on inputs x (B, T, input_size) and targets y; net's weights are replaced by the trained ones.

    Targets: cross_entropy takes class indices, (B, T) for an every-step head (the mean over all steps, as
    torch's CrossEntropyLoss on (B*T, C)) or (B,) for a many-to-one head; mse and bce take numbers shaped
    like the head's output, (B, T, out) or (B, out) (bce: probabilities from 0 to 1). mask (B, T) bool
    leaves out padded steps (False) of every-step heads.

    on_epoch(epoch, loss, accuracy) is called after each epoch (epoch counts from 1); returning False stops
    training (History.stopped). The weights learned so far are kept when it stops, when on_epoch raises
    (e.g. a Streamlit rerun), and when the loss diverges (then the diverging epoch is undone first).
    Deterministic for a given config.seed; the global random generator is left as it was.
    """
    spec = _check_setup(net, config)
    x = _check_inputs(spec, x)
    B, T, _ = x.shape
    y = _check_targets(spec, config.loss, y, B, T)
    mask = _check_mask(spec, mask, B, T)
    if config.loss == "cross_entropy":
        valid = y if mask is None else y[mask]
        bad = (valid < 0) | (valid >= spec.head.out_features)
        expect(not bool(bad.any()), f"cross_entropy targets must be class indices from 0 to "
                                     f"{spec.head.out_features - 1} (head out_features={spec.head.out_features}); "
                                     f"got values from {valid.min().item()} to {valid.max().item()}")
    expect(on_epoch is None or callable(on_epoch),
            f"on_epoch must be a function or None, got {type(on_epoch).__name__}")
    batch_size = _batches(B, config, T, spec)
    objective = _Objective(spec, config.loss, y, mask)

    start = time.perf_counter()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(config.seed)
        order_gen = torch.Generator().manual_seed(config.seed)
        weights = FlatParameters(net.state_dict())
        try:
            history = _loop(spec, weights, x, objective, config, batch_size, order_gen, on_epoch)
        finally:  # also when on_epoch raised: keep what was learned (if it is still numbers)
            if weights.finite():
                net.load_state_dict(weights.state_dict())
    history.seconds = time.perf_counter() - start
    return history


class FlatParameters:
    """All of a network's tensors as views into one flat buffer, and their gradients into another.

    The model sees one nn.Parameter per torch name (`params`), as a hand-written model does; the optimizer
    sees the single flat Parameter. Adam, SGD and RMSprop work element by element, so stepping the flat
    tensor computes exactly what stepping each tensor does, in a handful of ops instead of a handful per
    tensor (the dominant cost of a step for the small networks of the lessons). The gradient's global norm
    and clipping are one op each, and so are saving and restoring the weights.
    Gradients accumulate in place into the flat gradient (autograd adds into an existing .grad), which is
    why it is zeroed with zero_grad() here and never set to None.
    """

    def __init__(self, state: dict[str, torch.Tensor]):
        self.flat = nn.Parameter(torch.cat([t.reshape(-1) for t in state.values()]))
        self.flat.grad = self.grad = torch.zeros_like(self.flat)
        self.params: dict[str, nn.Parameter] = {}
        self._grad_views = []
        offset = 0
        for name, tensor in state.items():
            n = tensor.numel()
            param = nn.Parameter(self.flat.data[offset:offset + n].view_as(tensor))
            param.grad = self.grad[offset:offset + n].view_as(tensor)
            self._grad_views.append(param.grad)
            self.params[name] = param
            offset += n
        self.saved = self.flat.detach().clone()

    def zero_grad(self) -> None:
        self.grad.zero_()

    def grads_in_place(self) -> bool:
        """True while every tensor's .grad is still its view of the flat gradient."""
        return all(p.grad is view for p, view in zip(self.params.values(), self._grad_views))

    def save(self) -> None:
        with torch.no_grad():
            self.saved.copy_(self.flat)

    def restore(self) -> None:
        with torch.no_grad():
            self.flat.copy_(self.saved)

    def finite(self) -> bool:
        return bool(torch.isfinite(self.flat).all())

    def state_dict(self) -> dict[str, torch.Tensor]:
        return {name: p.detach() for name, p in self.params.items()}


def _loop(spec, weights: FlatParameters, x, objective: _Objective, config: TrainConfig, batch_size: int,
          order_gen, on_epoch):
    run = bound_forward(spec, weights.params)
    optimizer = _optimizer(config.optimizer, [weights.flat], config.lr)
    grad, clip = weights.grad, config.clip
    B = x.shape[0]
    targets, masks = objective.targets, objective.weights
    full = batch_size >= B
    # Each batch's share of the epoch's mean loss (the last batch may be smaller).
    shares = torch.tensor([min(batch_size, B - s) / B for s in range(0, B, batch_size)])
    classify = objective.kind != "mse"
    history = History([], [] if classify else None, 0.0, 0, False, [])

    for epoch in range(1, config.epochs + 1):
        weights.save()  # to undo this epoch if it diverges
        losses, corrects, norms = [], [], []
        if full:
            batches = [(x, targets, masks)]
        elif config.shuffle:
            perm = torch.randperm(B, generator=order_gen)
            batches = ((x[i], targets[i], None if masks is None else masks[i]) for i in perm.split(batch_size))
        else:
            batches = ((x[s:s + batch_size], targets[s:s + batch_size],
                        None if masks is None else masks[s:s + batch_size]) for s in range(0, B, batch_size))
        for xb, yb, wb in batches:
            weights.zero_grad()
            logits = run(xb)
            loss = objective.loss(logits, yb, wb)
            loss.backward()
            norm = torch.linalg.vector_norm(grad)
            if clip is not None:  # as clip_grad_norm_: scale by max_norm / (norm + 1e-6) when that is below 1
                grad.mul_((clip / (norm + 1e-6)).clamp_(max=1.0))
            optimizer.step()
            losses.append(loss.detach())
            norms.append(norm)
            if classify:
                corrects.append(objective.correct(logits.detach(), yb, wb))
        if epoch == 1 and not weights.grads_in_place():
            raise RuntimeError("autograd replaced a parameter's gradient instead of adding into it; "
                               "rnnviz.learn's flat-gradient training does not work with this torch version")

        # The one sync per epoch: loss, gradient norm, the weights' sum (finite exactly when they all are,
        # short of 1e38) and the correct count leave the tensors together.
        if full:
            summary = [losses[0], norms[0], weights.flat.detach().sum()]
            if classify:
                summary.append(corrects[0].float())
        else:
            summary = [torch.stack(losses) @ shares, torch.stack(norms).mean(), weights.flat.detach().sum()]
            if classify:
                summary.append(torch.stack(corrects).sum().float())
        values = torch.stack(summary).tolist()
        loss_value, norm_value = values[0], values[1]
        if not all(math.isfinite(v) for v in values[:3]):
            weights.restore()
            history.stopped = history.diverged = True
            break
        accuracy = values[3] / objective.counted if classify else None
        history.loss.append(loss_value)
        history.grad_norms.append(norm_value)
        if classify:
            history.accuracy.append(accuracy)
        history.epochs_run = epoch
        if on_epoch is not None and on_epoch(epoch, loss_value, accuracy) is False:
            history.stopped = True
            break
    return history


# --- using what was learned ------------------------------------------------------------------------------
def greedy_generate(net: Network, first_index: int, length: int, vocab_size: int) -> list[int]:
    """`length` token indices starting with first_index: feed the one-hot of the current token, take the
    argmax of the head's output as the next one (the character model of the course's poem lesson).

    The network must read one-hot tokens and score the same vocabulary: input_size == head out_features ==
    vocab_size. Runs left to right carrying the state, so a bidirectional network is refused.
    """
    expect(isinstance(net, Network), f"greedy_generate needs a rnnviz Network, got {type(net).__name__}")
    spec = net.spec
    expect(spec.head is not None, f"this {spec.kind_label} has no head, so it predicts no next token")
    expect(not spec.vocab_size, "greedy_generate feeds one-hot tokens; this network reads token ids through an "
                                "embedding (not supported yet)")
    expect(whole(vocab_size) and vocab_size >= 1, f"vocab_size must be a whole number of at least 1, "
                                                    f"got {vocab_size!r}")
    expect(spec.input_size == vocab_size and spec.head.out_features == vocab_size,
            f"a next-token model reads and scores the whole vocabulary: input_size and head out_features must "
            f"both be vocab_size={vocab_size}; got input_size={spec.input_size}, "
            f"out_features={spec.head.out_features}")
    expect(not spec.bidirectional, "greedy generation reads left to right; a bidirectional network's output at a "
                                    "step depends on steps not generated yet")
    expect(whole(first_index) and 0 <= first_index < vocab_size,
            f"first_index must be a whole number from 0 to {vocab_size - 1}, got {first_index!r}")
    expect(whole(length) and 1 <= length <= MAX_STEPS, f"length must be a whole number from 1 to {MAX_STEPS}, "
                                                         f"got {length!r}")
    params = net.state_dict()
    tokens, state = [first_index], None
    with torch.no_grad():
        while len(tokens) < length:
            x = F.one_hot(torch.tensor([[tokens[-1]]]), vocab_size).float()  # (1, 1, V)
            logits, state = forward_with_state(spec, params, x, state)
            tokens.append(int(logits.reshape(-1, vocab_size)[-1].argmax()))
    return tokens
