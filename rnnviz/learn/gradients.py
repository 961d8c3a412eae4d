"""Gradients through time: why they vanish and explode, measured (course §5).

Four small, general tools, each a pure function a test can call:

- the repeated weight: one linear unit, input 1 at step 1 then 0s, recurrent weight w: the output at
  step T is w^(T-1). `repeated_weight_trajectory` runs that recurrence in float64 (so it underflows
  where float64 does, honestly); `repeated_weight_exact` gives the exact decimal value beside it.
- per-step gradient norms: how strongly a loss on the *last* step's output responds to the input
  (or the hidden state) at every earlier step, by autograd through time (backpropagation through time).
- the loss surface of a one-unit tanh RNN over its two weights, and gradient descent on it with and
  without clipping (the rough surface with plateaus and a cliff; Pascanu, Mikolov & Bengio 2013).
- forget-gate bias helpers: an LSTM's forget gate opened by a chosen bias, to see how far back the
  gradient reaches.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, localcontext

import numpy as np
import torch

from rnnviz.checks import finite_number
from rnnviz.learn.checks import float64_sequence
from rnnviz.model.cells import gru_step, layer_params, lstm_step, rnn_step
from rnnviz.model.network import Network
from rnnviz.model.spec import ModelSpec

__all__ = [
    "repeated_weight_trajectory", "repeated_weight_output", "repeated_weight_exact", "underflow_step",
    "gradient_norms_through_time", "gradient_reach", "with_forget_bias", "with_recurrent_gain",
    "mean_forget_gate", "SurfaceTask", "TASK", "tiny_rnn_loss_and_grad", "loss_surface", "DescentPath",
    "descent_path", "MAX_REPEAT_STEPS", "MAX_GRID", "MAX_DESCENT_STEPS",
]

MAX_REPEAT_STEPS = 100_000
MAX_GRID = 400  # points per axis of a loss surface: 400 x 400 x 30 steps is still well under a second
MAX_DESCENT_STEPS = 10_000


# --- 1. the same weight, again and again -------------------------------------------------------------
def _check_steps(steps, cap: int, name: str = "steps") -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 1 <= steps <= cap:
        raise ValueError(f"{name} must be a whole number from 1 to {cap}, got {steps!r}")
    return int(steps)



def repeated_weight_trajectory(w: float, steps: int = 1000) -> np.ndarray:
    """h_1 .. h_steps of h_t = w * h_(t-1) + x_t with x = 1, 0, 0, ... and h_0 = 0, in float64.

    h_1 = 1 and h_t = w^(t-1): the value at step 1000 is w^999. The loop really runs the recurrence
    (no power is taken), so values below float64's smallest number (~4.9e-324) become exactly 0.
    """
    w = finite_number("w", w)
    steps = _check_steps(steps, MAX_REPEAT_STEPS)
    h = np.empty(steps, dtype=np.float64)
    value = 0.0
    for t in range(steps):
        value = w * value + (1.0 if t == 0 else 0.0)
        h[t] = value
    return h


def repeated_weight_output(w: float, steps: int = 1000) -> float:
    """The output at step `steps` (w^(steps-1)), computed by running the recurrence in float64."""
    return float(repeated_weight_trajectory(w, steps)[-1])


def repeated_weight_exact(w: float, steps: int = 1000) -> Decimal:
    """w^(steps-1) exactly, for w as written in decimal (0.99 means 99/100, not the nearest float)."""
    w = finite_number("w", w)
    steps = _check_steps(steps, MAX_REPEAT_STEPS)
    with localcontext() as ctx:
        ctx.prec = 40
        ctx.Emin, ctx.Emax = -10 ** 9, 10 ** 9  # 0.01^999 = 1e-1998 is an ordinary Decimal
        return Decimal(repr(w)) ** (steps - 1)


def underflow_step(trajectory: np.ndarray) -> int | None:
    """The first step (1-based) at which a run that started non-zero reads exactly 0, or None."""
    zeros = np.flatnonzero(np.asarray(trajectory) == 0.0)
    return int(zeros[0]) + 1 if zeros.size and trajectory[0] != 0 else None


# --- 2. per-step gradient norms: backpropagation through time ----------------------------------------
def _as_network(spec_or_net, seed: int) -> Network:
    if isinstance(spec_or_net, Network):
        return spec_or_net
    if isinstance(spec_or_net, ModelSpec):
        return Network(spec_or_net, seed=seed)
    raise ValueError(f"expected a ModelSpec or a Network, got {type(spec_or_net).__name__}")


def _run_steps(net: Network, xs: torch.Tensor) -> list[dict]:
    """One layer, one direction, by the step equations in float64; every step's h keeps its gradient."""
    spec = net.spec
    p = layer_params({k: v.double() for k, v in net.state_dict().items()}, 0, 0)
    h = torch.zeros(1, spec.output_size, dtype=torch.float64)
    c = torch.zeros(1, spec.hidden_size, dtype=torch.float64)
    outs = []
    for t in range(xs.shape[0]):
        x_t = xs[t][None]
        if spec.cell == "lstm":
            out = lstm_step(spec, p, x_t, h, c)
            c = out["c"]
        elif spec.cell == "gru":
            out = gru_step(spec, p, x_t, h)
        else:
            out = rnn_step(spec, p, x_t, h)
        h = out["h"]
        if h.requires_grad:
            h.retain_grad()
        outs.append(out)
    return outs


def gradient_norms_through_time(spec_or_net, x, *, wrt: str = "x", seed: int = 0, path: str = "auto") -> np.ndarray:
    """||dL/dx_t|| (wrt="x") or ||dL/dh_t|| (wrt="h") for t = 1..T, where L = sum(h_T), the last step's output.

    x: (T, input_size). The loss looks only at the last step, so every earlier step's gradient is what
    backpropagation through time carries back to it: its size says how much step t can still change the
    loss. wrt="x" asks the same question of every cell kind (how much the *input* at step t matters);
    wrt="h" is the gradient on the hidden state (for an LSTM, with the cell c_t held fixed). The loss is
    linear in h_T, so the last step's value does not depend on how big h_T is. Computed in float64.

    path="auto": wrt="x" runs torch's own module (net.to_torch()) for LSTM / GRU / tanh-relu RNN of any
    shape, and the step equations of rnnviz.model.cells otherwise (one layer, one direction); wrt="h"
    always runs the step equations. path="steps" forces the step equations (the two agree to 1e-9).
    """
    net = _as_network(spec_or_net, seed)
    spec = net.spec
    if wrt not in ("x", "h"):
        raise ValueError(f"wrt must be 'x' or 'h', got {wrt!r}")
    if path not in ("auto", "steps"):
        raise ValueError(f"path must be 'auto' or 'steps', got {path!r}")
    x = float64_sequence(x, spec.input_size)
    if wrt == "x" and spec.is_torch_native and path == "auto":
        module = net.to_torch()
        module = (module[0] if isinstance(module, tuple) else module).double()
        xs = x[None].clone().requires_grad_(True)
        out, _ = module(xs)
        out[0, -1].sum().backward()
        return xs.grad[0].norm(dim=-1).numpy()
    if spec.num_layers != 1 or spec.bidirectional or spec.cell == "jordan":
        raise ValueError("per-step hidden-state gradients need one layer, one direction and an LSTM, GRU or "
                         f"Elman RNN; got {spec.kind_label} with {spec.num_layers} layer(s)"
                         f"{', bidirectional' if spec.bidirectional else ''}")
    xs = x.clone().requires_grad_(True)
    outs = _run_steps(net, xs)
    hs = [out["h"] for out in outs]
    h = hs[-1]
    h.sum().backward()
    if wrt == "x":
        return xs.grad.norm(dim=-1).numpy()
    return np.array([float(v.grad.norm()) for v in hs])


def gradient_reach(norms: np.ndarray) -> float:
    """How far back the gradient reaches: its norm at the first step relative to the last step."""
    norms = np.asarray(norms, dtype=np.float64)
    return float(norms[0] / norms[-1])


def with_forget_bias(net: Network, bias: float) -> Network:
    """A copy of an LSTM whose forget gates start at sigmoid(bias): bias_ih's f block = bias, bias_hh's = 0.

    torch adds two bias vectors (bias_ih + bias_hh), so the forget gate's total bias is exactly `bias`.
    """
    bias = finite_number("bias", bias)
    spec = net.spec
    if spec.cell != "lstm" or not spec.bias:
        raise ValueError(f"a forget-gate bias needs an LSTM with bias=True, got {spec.kind_label} (bias={spec.bias})")
    k = spec.gate_blocks.index("f")
    H = spec.hidden_size
    state = net.state_dict()
    for name in state:
        if name.startswith("bias_ih_l"):
            state[name][k * H:(k + 1) * H] = bias
        elif name.startswith("bias_hh_l"):
            state[name][k * H:(k + 1) * H] = 0.0
    out = net.copy()
    out.load_state_dict(state)
    return out


def with_recurrent_gain(net: Network, gain: float) -> Network:
    """A copy with every recurrent matrix (weight_hh_*) multiplied by `gain` (1: unchanged)."""
    gain = finite_number("gain", gain)
    state = net.state_dict()
    for name in state:
        if name.startswith("weight_hh_l"):
            state[name] = state[name] * gain
    out = net.copy()
    out.load_state_dict(state)
    return out


def mean_forget_gate(net: Network, x) -> float:
    """The forget gate's mean over every step and unit on x: how much of the cell survives one step."""
    if net.spec.cell != "lstm" or net.spec.num_layers != 1 or net.spec.bidirectional:
        raise ValueError(f"mean_forget_gate needs a one-layer, one-direction LSTM, got {net.spec.kind_label}")
    with torch.no_grad():
        outs = _run_steps(net, float64_sequence(x, net.spec.input_size))
    return float(torch.stack([out["f"] for out in outs]).mean())


# --- 3. the rough loss surface of a one-unit tanh RNN ---------------------------------------------------
@dataclass(frozen=True)
class SurfaceTask:
    """h_t = tanh(w h_(t-1) + u x_t) with x_t = `drive` at every step, from h_0; loss (h_T - target)^2.

    With a constant drive u acts as a bias: for w > 1 the unit has two stable states, and which one it
    ends in flips abruptly as (w, u) cross a curve: the cliff. Where tanh saturates the loss is flat:
    the plateaus. (The single-unit example of Pascanu, Mikolov & Bengio 2013, Fig. 6, with tanh.)
    """

    steps: int = 30
    h0: float = 0.5
    target: float = -0.5
    drive: float = 1.0


TASK = SurfaceTask()


def tiny_rnn_loss_and_grad(w, u, task: SurfaceTask = TASK):
    """Loss and its gradient (dL/dw, dL/du) by backpropagation through time, for arrays of (w, u) at once.

    w and u broadcast against each other (a grid, or two scalars). Returns (L, dL_dw, dL_du) as float64
    arrays of the broadcast shape.
    """
    w, u = np.broadcast_arrays(np.asarray(w, dtype=np.float64), np.asarray(u, dtype=np.float64))
    x = task.drive
    hs = [np.full(w.shape, task.h0)]
    for _ in range(task.steps):
        hs.append(np.tanh(w * hs[-1] + u * x))
    loss = (hs[-1] - task.target) ** 2
    delta = 2.0 * (hs[-1] - task.target)  # dL/dh_T
    dw = np.zeros(w.shape)
    du = np.zeros(w.shape)
    for t in range(task.steps, 0, -1):  # back through time: the same w multiplies delta at every step
        da = delta * (1.0 - hs[t] ** 2)
        dw += da * hs[t - 1]
        du += da * x
        delta = da * w
    return loss, dw, du


def _axis(bounds, resolution: int, name: str) -> np.ndarray:
    if not isinstance(bounds, (tuple, list)) or len(bounds) != 2:
        raise ValueError(f"{name} must be (low, high), got {bounds!r}")
    low, high = (finite_number(name, v) for v in bounds)
    if not low < high:
        raise ValueError(f"{name} must have low < high, got {bounds!r}")
    return np.linspace(low, high, resolution)


def loss_surface(w_range=(0.0, 4.0), u_range=(-2.0, 2.0), *, resolution: int = 80, task: SurfaceTask = TASK):
    """The loss on a resolution x resolution grid: (W, U, L), each (len(u), len(w)) as plotly's heatmap wants."""
    resolution = _check_steps(resolution, MAX_GRID, "resolution")
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2, got {resolution}")
    W, U = np.meshgrid(_axis(w_range, resolution, "w_range"), _axis(u_range, resolution, "u_range"))
    return W, U, tiny_rnn_loss_and_grad(W, U, task)[0]


@dataclass(frozen=True)
class DescentPath:
    points: np.ndarray  # (steps + 1, 2): (w, u) before each update and after the last
    losses: np.ndarray  # (steps + 1,)
    grad_norms: np.ndarray  # (steps,): the raw gradient's norm at each update (before clipping)

    @property
    def step_lengths(self) -> np.ndarray:
        return np.linalg.norm(np.diff(self.points, axis=0), axis=1)


def descent_path(start=(2.5, 0.75), lr: float = 0.3, steps: int = 200, clip: float | None = None,
                 task: SurfaceTask = TASK) -> DescentPath:
    """Plain gradient descent on (w, u). clip: rescale the gradient to this norm when it is longer
    (as torch.nn.utils.clip_grad_norm_ does); None: no clipping."""
    w, u = (finite_number("start", v) for v in start)
    lr = finite_number("lr", lr)
    steps = _check_steps(steps, MAX_DESCENT_STEPS)
    if clip is not None and not finite_number("clip", clip) > 0:
        raise ValueError(f"clip must be greater than 0 (or None), got {clip!r}")
    points, losses, norms = [(w, u)], [], []
    for _ in range(steps):
        loss, dw, du = tiny_rnn_loss_and_grad(w, u, task)
        norm = math.hypot(float(dw), float(du))
        scale = clip / norm if clip is not None and norm > clip else 1.0
        w, u = w - lr * scale * float(dw), u - lr * scale * float(du)
        points.append((w, u))
        losses.append(float(loss))
        norms.append(norm)
    losses.append(float(tiny_rnn_loss_and_grad(w, u, task)[0]))
    return DescentPath(np.array(points), np.array(losses), np.array(norms))
