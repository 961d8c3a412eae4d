"""The vectorised path for networks torch computes natively (LSTM, GRU, tanh/relu RNN).

torch's fused kernel produces h for every step; every gate then follows from (x_t, h_{t-1}) by
matmuls over all steps at once, and the LSTM cell state from its linear recurrence
c_t = f_t c_{t-1} + i_t g_t by a blocked scan. A per-step Python loop is ~28x slower than torch.

benchmarks/bench_trace.py times this against torch's plain forward. What keeps it close: few Python-level
torch calls (each costs microseconds), few passes over (B, T, H) memory, contiguous gates activated in
place. What recomputing cannot avoid for an LSTM is redoing the recurrent matmul W_hh h_{t-1}: at H=256
that alone is ~40% of torch's forward on a 2-core CPU. So a plain LSTM layer (no proj_size) first tries
workspace.py, which reads every gate and c back from oneDNN's own forward pass (~1.0-1.3x torch in all);
the recomputation here is its checked fallback, and the path of GRU, RNN and projected LSTM layers.
Each layer writes its quantities straight into the trace's storage (run_network allocates it).
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import workspace
from .cells import layer_params
from .native import native_module
from .spec import ModelSpec


def torch_layer(spec: ModelSpec, params: dict, layer: int) -> nn.Module:
    """A one-layer torch module (both directions) holding this layer's weights."""
    module = native_module(spec, layers=1, input_size=spec.layer_input_size(layer))
    with torch.no_grad():
        for name, tensor in module.named_parameters():
            source = name.replace("_l0", f"_l{layer}")
            tensor.copy_(params[source])
    return module.requires_grad_(False)


def _doubling_scan(a: torch.Tensor, b: torch.Tensor, c0: torch.Tensor) -> torch.Tensor:
    """c_t = a_t * c_{t-1} + b_t along dim 1 of (B, n, H), from c0, in float64 by log2(n) Hillis-Steele sweeps.

    Each sweep is one addcmul on a buffer holding channels (0, a, b) behind a stretch of identity steps
    (a = 1, b = 0), so that "the step `shift` earlier" is a plain shifted view: few calls, but O(n log n)
    work, so linear_scan uses it only for its short sequence of block ends.
    """
    B, n, H = b.shape
    lead = 1 << max(0, (n - 1).bit_length() - 1)  # the largest shift needed
    x = torch.zeros(3, B, lead + n, H, dtype=torch.float64)
    x[1, :, :lead] = 1
    x[1, :, lead:], x[2, :, lead:] = a, b
    x[2, :, lead].addcmul_(a[:, 0], c0)  # fold c0 into the first step
    y = x.clone()
    # views of each buffer: (0, b) and a at the steps, (a, b) anywhere, (a, b) at the steps
    views = [(q[0::2, :, lead:], q[1, :, lead:], q[1:], q[1:, :, lead:]) for q in (x, y)]
    k = 0
    while (1 << k) < n:  # (a, b)_t <- (a_t a_{t-s}, b_t + a_t b_{t-s}) = (0, b_t) + a_t (a, b)_{t-s}, s = 2^k
        zero_b, a_now, a_b, _ = views[k % 2]
        torch.addcmul(zero_b, a_now, a_b.narrow(2, lead - (1 << k), n), out=views[1 - k % 2][3])
        k += 1
    return views[k % 2][3][1]  # b, now c


def _block_length(T: int) -> int:
    """About sqrt(T)/2 (fewest ops in all for linear_scan), preferably dividing T so nothing needs padding."""
    target = max(1, round(math.sqrt(T) / 2))
    divisors = [L for L in range(max(1, target // 2), 2 * target + 1) if T % L == 0]
    return min(divisors, key=lambda L: abs(L - target)) if divisors else target


def linear_scan(a: torch.Tensor, b: torch.Tensor, c0: torch.Tensor, reverse: bool = False) -> torch.Tensor:
    """c_t = a_t * c_{t-1} + b_t along dim 1 of (B, T, H) tensors, from c0 (B, H) before the first step.

    reverse=True runs the recurrence from t = T-1 down to 0, by indexing (no flipped copies).
    Blocked, so that it takes few small vectorised ops (each costs microseconds of Python and dispatch)
    and a few passes over memory (Hillis-Steele over all of T would sweep it log2(T) times):
      1. every block of L steps at once, step by step from zero: each step's value v and its decay d
         (the product of the block's a's so far; it may underflow to 0, which is then its true value:
         nothing is ever divided by it);
      2. the states entering the blocks, from the short recurrence over block ends
         entering' = d * entering + v, in float64 so that rounding does not pile up over the blocks;
      3. c = v + d * entering, for all steps at once.
    float32 only inside blocks, so c is at least as close to the exact recurrence as a sequential
    float32 loop is (closer over long sequences).
    """
    B, T, H = b.shape
    L = _block_length(T)
    nb = -(-T // L)
    pad = nb * L - T
    if pad:  # a = 1, b = 0 on extra steps after the last one in scan order (before t = 0 when reversed)
        where = (0, 0, pad, 0) if reverse else (0, 0, 0, pad)
        a, b = F.pad(a, where, value=1.0), F.pad(b, where)
    # work holds d and v (finally c); d starts as 0 so that one addcmul does [d, v] = [d, v]_prev * a + [0, b]
    work = torch.empty(2, B, nb * L, H, dtype=b.dtype)
    work[0].zero_()
    work[1].copy_(b)
    W, A = work.unflatten(2, (nb, L)), a.unflatten(1, (nb, L))  # (2, B, nb, L, H), (B, nb, L, H)
    Ws, As = W.unbind(3), A.unbind(2)  # per offset in a block: (2, B, nb, H), (B, nb, H)
    offsets = range(L - 1, -1, -1) if reverse else range(L)

    Ws[offsets[0]][0].copy_(As[offsets[0]])  # 1. over its first step a block decays by a
    for prev, j in zip(offsets, offsets[1:]):
        torch.addcmul(Ws[j], Ws[prev], As[j], out=Ws[j])

    # 2. Each block's total decay afresh in float64: the float32 running product's rounding, compounded
    # over the blocks, would cost ~30x in accuracy when f stays within 1e-5 of 1 and c grows large.
    d, v = A.prod(dim=2, dtype=torch.float64), Ws[offsets[-1]][1].double()  # (B, nb, H), short to flip
    c0 = c0.double().unsqueeze(1)
    if reverse:
        leaving = _doubling_scan(d.flip(1), v.flip(1), c0[:, 0]).flip(1)
        entering = torch.cat([leaving[:, 1:], c0], dim=1)
    else:
        leaving = _doubling_scan(d, v, c0[:, 0])
        entering = torch.cat([c0, leaving[:, :-1]], dim=1)

    W[1].addcmul_(W[0], entering.to(b.dtype).unsqueeze(2))  # 3.
    return work[1, :, pad:] if reverse else work[1, :, :T]


def _with_previous(inputs: torch.Tensor, h_seq: torch.Tensor, h0: torch.Tensor, direction: int) -> torch.Tensor:
    """[x_t, h_{t-1}] for every step as one (B*T, I + H_out) matrix, so one gemm gives all pre-activations.

    h_{t-1} is in the direction's own time order: the reverse direction's previous step is t+1.
    """
    B, T, I = inputs.shape
    xh = inputs.new_empty(B, T, I + h_seq.shape[-1])
    xh[..., :I] = inputs
    if direction == 0:
        xh[:, 1:, I:], xh[:, 0, I:] = h_seq[:, :-1], h0
    else:
        xh[:, :-1, I:], xh[:, -1, I:] = h_seq[:, 1:], h0
    return xh.view(B * T, -1)


def _affine_blocks(v: torch.Tensor, weight: torch.Tensor, bias, n: int) -> list[torch.Tensor]:
    """v W^T + b for each of the n stacked gate blocks of W: n contiguous (N, H) matrices, a gemm each.

    Not one (N, n*H) result: torch's elementwise kernels run several times slower on its strided column
    blocks, and an allocation that large (past glibc's 32 MB mmap threshold) is page-faulted afresh on
    every call.
    """
    biases = [None] * n if bias is None else bias.chunk(n)
    return [torch.mm(v, w.t()) if b is None else torch.addmm(b, v, w.t()) for w, b in zip(weight.chunk(n), biases)]


def _tanh_(v: torch.Tensor) -> torch.Tensor:
    """tanh in place, as 2 sigmoid(2v) - 1 (within 2e-7 of torch.tanh): torch's CPU tanh kernel is ~5x
    slower than these four passes, and doubling is exact."""
    return v.mul_(2).sigmoid_().mul_(2).sub_(1)


@torch.inference_mode()  # no autograd bookkeeping: views and small ops get ~15% cheaper
def gates_from_hidden(spec: ModelSpec, params: dict, layer: int, direction: int, inputs, h_seq, h0, c0=None):
    """All recorded quantities of one layer and direction, given torch's h for every step.

    Each gate's pre-activations come from one gemm over all steps and are activated in place.
    The results are inference tensors: read-only outside inference mode (run_network copies them).
    """
    if spec.cell == "rnn":
        return {"h": h_seq}
    p = layer_params(params, layer, direction)
    B, T, H = h_seq.shape[0], h_seq.shape[1], spec.hidden_size
    I = inputs.shape[-1]
    xh = _with_previous(inputs, h_seq, h0, direction)
    if spec.cell == "gru":  # r and z see x and h summed; n sees r * (W_hn h + b_hn), so keep those apart
        r, z, n = _affine_blocks(xh[:, :I], p["weight_ih"], p["bias_ih"], 3)
        hr, hz, hn = _affine_blocks(xh[:, I:], p["weight_hh"], p["bias_hh"], 3)
        r.add_(hr).sigmoid_()
        z.add_(hz).sigmoid_()
        _tanh_(n.addcmul_(r, hn))
        return {"r": r.view(B, T, H), "z": z.view(B, T, H), "n": n.view(B, T, H), "h": h_seq}
    bias = None if p["bias_ih"] is None else p["bias_ih"] + p["bias_hh"]
    i, f, g, o = (v.view(B, T, H) for v in
                  _affine_blocks(xh, torch.cat([p["weight_ih"], p["weight_hh"]], dim=1), bias, 4))
    for gate in (i, f, o):
        gate.sigmoid_()
    _tanh_(g)
    c = linear_scan(f, i * g, c0, reverse=bool(direction))
    return {"i": i, "f": f, "g": g, "o": o, "c": c, "h": h_seq}


def _lstm_layer_from_workspace(spec: ModelSpec, params: dict, layer: int, inputs, h0, c0, out, need_output):
    """A plain LSTM layer (no proj_size) with every gate and c read from oneDNN's workspace (workspace.py),
    written straight into `out`. Returns (True, layer output or None), or (False, None) when the workspace
    cannot be used (then `out` may hold anything)."""
    x = inputs.transpose(0, 1).contiguous()  # (T, B, I): free when B == 1 or inputs came from a layer below
    if x.dtype != torch.float32:
        return False, None
    T, B, _ = x.shape
    H, D = spec.hidden_size, spec.num_directions
    output = x.new_empty(T, B, D * H) if need_output else None  # time-major, as the next layer reads it
    for d in range(D):
        out_h = None if output is None else output[..., d * H:(d + 1) * H]
        if not workspace.lstm_direction(x, layer_params(params, layer, d), h0[d], c0[d], bool(d), out[d], out_h):
            return False, None
    return True, None if output is None else output.transpose(0, 1)


def run_layer_fast(spec: ModelSpec, params: dict, module: nn.Module, layer: int, inputs, h0, c0, out,
                   need_output: bool = True):
    """Run one layer (both directions) and write its quantities into out[d][q] ((B, T, size) each).

    h0, c0: (D, B, size). Returns the layer's output (B, T, D*H_out), or None if not need_output.
    """
    if spec.cell == "lstm" and not spec.proj_size and workspace.available():
        done, output = _lstm_layer_from_workspace(spec, params, layer, inputs, h0, c0, out, need_output)
        if done:
            return output
    hx = (h0, c0) if spec.cell == "lstm" else h0
    output, _ = module(inputs, hx)
    H_out = spec.output_size
    for d in range(spec.num_directions):
        h_seq = output[..., d * H_out:(d + 1) * H_out]
        got = gates_from_hidden(spec, params, layer, d, inputs, h_seq, h0[d], None if c0 is None else c0[d])
        for q, v in got.items():
            out[d][q].copy_(v)
    return output
