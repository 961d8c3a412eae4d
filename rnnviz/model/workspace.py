"""An LSTM layer's gates and cell states for free: read back from the workspace of oneDNN's training forward.

On CPU torch runs a float32 nn.LSTM without proj_size through oneDNN, one layer and direction per call of
aten::mkldnn_rnn_layer. With grad mode on, that call runs oneDNN's *training* forward, which keeps for the
backward pass a workspace (a byte tensor, the op's 4th output) holding every step's activated gates and
cell state. Reading them back saves recomputing W_hh h_{t-1} for all steps (~0.4x torch's forward at H=256)
and the scan for c; the training forward itself costs about what torch's inference forward does.

The layout is oneDNN's internal one (oneDNN 3.x, src/cpu/rnn/rnn_utils.{hpp,cpp}: set_rnn_conf,
set_workspace_sizes, set_offsets). For one layer and direction in float32, sections in this order, each
starting at a multiple of 4096 bytes, all indexed by iteration k (time t = k, or T-1-k in reverse):

    gates      (T, B, good_ld(4H))              a row: i, f, g, o activated, side by side (oneDNN's i, f, c~, o)
    ht         (T, B, good_ld(H))               projection only: unused here
    states     (2, T+1, B, good_ld(max(I, H)))  the layer's input copy and h: unused (torch returns h)
    c states   (2, T+1, B, H)                   [1, k+1] is c after iteration k (the last one only in cy)
    3 diff-state sections                       for backward only, never touched by the forward pass
    good_ld(n): n rounded up to a multiple of 16 floats, plus 16 more if that is a multiple of 256.

None of this is public API, so it is checked, not trusted: the workspace's size must equal this layout's;
the first time a shape is seen, three steps (first, middle, last) are recomputed the plain way (gates from
x_t and h_{t-1}, c from the recurrence, h = o tanh(c)) and must agree to 1e-5; every later call still checks
h = o tanh(c) at one step. Any difference, missing op or error makes the caller recompute instead.

Long sequences run in chunks of steps (state carried over exactly), so that one workspace stays below
CHUNK_BYTES: memory stays bounded at any length, and the allocator reuses the same warm pages for every
chunk instead of mapping fresh ones (each first touch of a page costs ~2.5 us here: ~10 ms for 40 MB).
"""
from __future__ import annotations

import functools
import threading
from typing import NamedTuple

import torch

_PAGE = 4096  # bytes; oneDNN starts every workspace section on a page boundary
_F32 = 4
_LSTM = 2  # ideep::rnn_kind::LSTM
TOLERANCE = 1e-5  # between a workspace value and the same value recomputed (c: relative above 1)
CHUNK_BYTES = 16 << 20  # below glibc's largest mmap threshold (32 MB): freed chunks are reused warm
WEIGHT_SHARE = 4  # a chunk's workspace is at least this many times the weights' bytes
MAX_FAILURES = 2  # a shape whose workspace fails a check this often is recomputed from then on

_lock = threading.Lock()
_verified: set = set()  # (T, B, I, H, bias, reverse) whose workspace passed the full check
_failures: dict = {}  # (B, I, H, bias) -> how many times its workspace failed a check
_disabled = False  # the op is missing or returns no workspace: this torch cannot do it at all


def _good_ld(n: int) -> int:
    ld = -(-n // 16) * 16
    return ld + 16 if ld % 256 == 0 else ld


def _round_page(n: int) -> int:
    return -(-n // _PAGE) * _PAGE


class Layout(NamedTuple):
    gates: int  # float offset of the gates
    gates_ld: int  # floats from one (iteration, batch) row of gates to the next
    c: int  # float offset of c after iteration 0
    bytes: int  # the workspace's whole size


@functools.lru_cache(maxsize=1024)
def layout(T: int, B: int, I: int, H: int) -> Layout:
    gates_ld, states_ld = _good_ld(4 * H), _good_ld(max(I, H))
    sections = [("gates", T * B * gates_ld), ("ht", T * B * _good_ld(H)), ("states", 2 * (T + 1) * B * states_ld),
                ("c", 2 * (T + 1) * B * H), ("diff_layer", 2 * (T + 1) * B * states_ld),
                ("diff_iter", 2 * (T + 1) * B * states_ld), ("diff_c", 2 * (T + 1) * B * H)]
    offsets, end = {}, 0
    for name, floats in sections:
        start = _round_page(end)
        offsets[name] = start // _F32
        end = start + floats * _F32
    return Layout(offsets["gates"], gates_ld, offsets["c"] + (T + 2) * B * H, _round_page(end))


@functools.lru_cache(maxsize=1024)
def chunk_length(T: int, B: int, I: int, H: int) -> int:
    """Steps per call so that a workspace stays within CHUNK_BYTES (as even as possible over T)."""
    per_step = _F32 * B * (_good_ld(4 * H) + _good_ld(H) + 6 * _good_ld(max(I, H)) + 4 * H)
    # Each call also reorders the weights for oneDNN (~1 ms per MB of them here): with large weights,
    # fewer and larger chunks, each at least WEIGHT_SHARE times the weights' bytes.
    budget = max(CHUNK_BYTES, WEIGHT_SHARE * _F32 * 4 * H * (I + H))
    most = max(1, (budget - 8 * _PAGE) // per_step - 1)  # the extra step and page rounding aside
    chunks = -(-T // most)
    return -(-T // chunks)


def available() -> bool:
    return not _disabled and torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled


def _disable() -> None:
    global _disabled
    _disabled = True


def _fail(key) -> None:
    with _lock:
        _failures[key] = _failures.get(key, 0) + 1


def _mkldnn_lstm(x, w_ih, w_hh, b_ih, b_hh, h, c, reverse: bool, bias: bool):
    """(output, h_n, c_n, workspace) of one layer and direction: x (T, B, I), h and c (1, B, H)."""
    with torch.enable_grad():  # the op returns its workspace only in grad mode (train=True alone does not)
        return torch.ops.aten.mkldnn_rnn_layer(x, w_ih, w_hh, b_ih, b_hh, h, c, reverse, [], _LSTM,
                                               h.shape[-1], 1, bias, False, False, True)


def _full_check(x, p, h_in, c_in, y, gates, c, reverse: bool) -> bool:
    """Recompute iterations 0, n//2 and n-1 of one call from scratch and compare with the workspace's.

    x (n, B, I) and y (n, B, H) in time order; gates (n, B, 4H) and c (n, B, H) in iteration order."""
    n, B, _ = x.shape
    H = h_in.shape[-1]
    its = sorted({0, n // 2, n - 1})
    time = [n - 1 - k if reverse else k for k in its]
    h_prev = torch.stack([y[n - k if reverse else k - 1] if k else h_in for k in its])  # (len(its), B, H)
    c_prev = torch.stack([c[k - 1] if k else c_in for k in its])
    pre = torch.matmul(x[time], p["weight_ih"].t()) + torch.matmul(h_prev, p["weight_hh"].t())  # (., B, 4H)
    if p["bias_ih"] is not None:
        pre += p["bias_ih"] + p["bias_hh"]
    want = pre.view(len(its), B, 4, H)
    g_want = want[:, :, 2].tanh()
    want.sigmoid_()[:, :, 2] = g_want
    got = gates[its].view(len(its), B, 4, H)
    i, f, g, o = got.unbind(2)
    c_now = c[its]
    errors = torch.stack([(want - got).abs().max(),
                          ((f * c_prev + i * g - c_now).abs() / (1 + c_now.abs())).max(),
                          (o * torch.tanh(c_now) - y[time]).abs().max()])
    return bool((errors <= TOLERANCE).all())  # False on NaN too


def lstm_direction(x, p: dict, h0, c0, reverse: bool, out: dict, out_h=None) -> bool:
    """Run one LSTM layer and direction through oneDNN and write i, f, g, o, c, h into `out` ((B, T, H)
    tensors, possibly strided views) and h also into `out_h` ((T, B, H), time-major) if given.

    x (T, B, I) contiguous float32, time-major; h0, c0 (B, H); p this direction's weights by role.
    Returns False (having written part of `out`, or nothing) when the workspace cannot be used.
    Every tensor op costs microseconds of dispatch, so views are made with as_strided in one op each.
    """
    T, B, I = x.shape
    H = h0.shape[-1]
    bias = p["bias_ih"] is not None
    key = (B, I, H, bias)
    if _disabled or _failures.get(key, 0) >= MAX_FAILURES:
        return False
    b_ih, b_hh = (p["bias_ih"], p["bias_hh"]) if bias else (h0.new_zeros(4 * H),) * 2
    step = chunk_length(T, B, I, H)
    starts = range(0, T, step)
    h, c = h0.unsqueeze(0), c0.unsqueeze(0)  # the state entering each chunk, in the direction's order
    for t0 in (reversed(starts) if reverse else starts):
        n = min(T - t0, step)
        xc = x if n == T else x[t0:t0 + n]
        try:
            y, hy, cy, ws = _mkldnn_lstm(xc, p["weight_ih"], p["weight_hh"], b_ih, b_hh, h, c, reverse, bias)
        except (AttributeError, TypeError, NotImplementedError):
            _disable()  # no such op in this torch, or another signature
            return False
        except RuntimeError:  # e.g. not compiled with oneDNN, or out of memory
            _fail(key)
            return False
        if not isinstance(ws, torch.Tensor) or ws.dtype != torch.uint8 or y.dtype != torch.float32:
            _disable()
            return False
        at = layout(n, B, I, H)
        if ws.numel() != at.bytes or y.shape != (n, B, H):
            _fail(key)
            return False
        with torch.no_grad():
            floats, ld = ws.view(torch.float32), at.gates_ld
            # oneDNN writes the last iteration's c only to cy: put it where the others are
            floats.as_strided((1, B, H), (B * H, H, 1), at.c + (n - 1) * B * H).copy_(cy)
            shape = (n, B, I, H, bias, reverse)
            if shape in _verified:  # h = o tanh(c) at the middle iteration: this call wrote this workspace
                k = n // 2
                o = floats.as_strided((B, H), (ld, 1), at.gates + k * B * ld + 3 * H)
                err = torch.tanh(floats.as_strided((B, H), (H, 1), at.c + k * B * H)).mul_(o)
                ok = err.sub_(y[n - 1 - k if reverse else k]).abs_().max().item() <= TOLERANCE  # NaN: False
            else:
                gates = floats.as_strided((n, B, 4 * H), (B * ld, ld, 1), at.gates)
                cs = floats.as_strided((n, B, H), (B * H, H, 1), at.c)
                ok = _full_check(xc, p, h[0], c[0], y, gates, cs, reverse)
                if ok:
                    with _lock:
                        if len(_verified) >= 4096:  # many sequence lengths: re-verifying is cheap
                            _verified.clear()
                        _verified.add(shape)
            if not ok:
                _fail(key)
                return False
            g_base, g_at, c_base, c_at = floats, at.gates, floats, at.c
            if reverse:  # iteration k is time n-1-k: gathering whole rows puts gates and c in time order
                order = torch.arange(n - 1, -1, -1)
                g_base = floats.as_strided((n, B * ld), (B * ld, 1), at.gates).index_select(0, order)
                c_base = floats.as_strided((n, B * H), (B * H, 1), at.c).index_select(0, order)
                g_at = c_at = 0
            part = out if n == T else {q: v[:, t0:t0 + n] for q, v in out.items()}
            for k, q in enumerate("ifgo"):  # (B, n, H) views of each gate, in time order
                part[q].copy_(g_base.as_strided((B, n, H), (ld, B * ld, 1), g_at + k * H))
            part["c"].copy_(c_base.as_strided((B, n, H), (H, B * H, 1), c_at))
            part["h"].copy_(y.transpose(0, 1))
            if out_h is not None:
                (out_h if n == T else out_h[t0:t0 + n]).copy_(y)
        h, c = hy, cy
    return True
