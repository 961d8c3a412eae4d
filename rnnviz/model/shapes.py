"""The shapes of torch.nn.RNN / LSTM / GRU, read off a real module run on a real input.

    torch_shapes("lstm", 10, 20, num_layers=2)   # the course's nn.LSTM(10, 20, 2) on input (5, 3, 10)

Nothing here is worked out from the documentation: the module is built, run on random numbers of the
right shape, and its tensors are measured. The same arguments also produce a runnable PyTorch script
(`code`) that prints the same shapes, so a learner can paste it into Python and check.
"""
from __future__ import annotations

import warnings

import torch
from torch import nn

from rnnviz.checks import check_int, expect

__all__ = ["KINDS", "torch_shapes", "shapes_code", "MAX_SHAPES_SIZE", "MAX_SHAPES_BATCH", "MAX_SHAPES_STEPS"]

KINDS = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
# Caps for a teaching widget on a shared server: every tensor stays well under a megabyte.
MAX_SHAPES_SIZE = 256  # input_size, hidden_size
MAX_SHAPES_LAYERS = 4
MAX_SHAPES_BATCH = 64
MAX_SHAPES_STEPS = 100


def _check_args(kind, input_size, hidden_size, num_layers, bias, batch_first, bidirectional, proj_size, batch,
                seq_len) -> None:
    expect(kind in KINDS, f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    check_int("input_size", input_size, 1, MAX_SHAPES_SIZE)
    check_int("hidden_size", hidden_size, 1, MAX_SHAPES_SIZE)
    check_int("num_layers", num_layers, 1, MAX_SHAPES_LAYERS)
    for name, flag in (("bias", bias), ("batch_first", batch_first), ("bidirectional", bidirectional)):
        expect(isinstance(flag, bool), f"{name} must be True or False, got {flag!r}")
    check_int("proj_size", proj_size, 0, MAX_SHAPES_SIZE)
    expect(proj_size == 0 or kind == "lstm", f"proj_size only exists for nn.LSTM; kind is {kind!r}")
    expect(proj_size < hidden_size, f"proj_size must be smaller than hidden_size ({hidden_size}), got {proj_size}")
    expect(batch is None or (isinstance(batch, int) and not isinstance(batch, bool)
                              and 1 <= batch <= MAX_SHAPES_BATCH),
            f"batch must be None (an unbatched input) or a whole number from 1 to {MAX_SHAPES_BATCH}, got {batch!r}")
    check_int("seq_len", seq_len, 1, MAX_SHAPES_STEPS)


def _constructor(kind, input_size, hidden_size, num_layers, bias, batch_first, bidirectional, proj_size) -> str:
    """The call as a learner would write it: the course's positional form, then only non-default keywords."""
    args = [str(input_size), str(hidden_size), str(num_layers)]
    for name, value, default in (("bias", bias, True), ("batch_first", batch_first, False),
                                 ("bidirectional", bidirectional, False), ("proj_size", proj_size, 0)):
        if value != default:
            args.append(f"{name}={value}")
    return f"nn.{KINDS[kind]}({', '.join(args)})"


def _state_shape(D: int, num_layers: int, batch: int | None, size: int) -> tuple[int, ...]:
    return (D * num_layers, size) if batch is None else (D * num_layers, batch, size)


def _input_shape(batch: int | None, seq_len: int, input_size: int, batch_first: bool) -> tuple[int, ...]:
    if batch is None:
        return (seq_len, input_size)
    return (batch, seq_len, input_size) if batch_first else (seq_len, batch, input_size)


def torch_shapes(kind: str, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, bidirectional: bool = False, proj_size: int = 0,
                 batch: int | None = 3, seq_len: int = 5, seed: int = 0) -> dict:
    """Build nn.RNN / nn.LSTM / nn.GRU with these arguments, run it on random input and h_0 (and c_0),
    and report every shape, plus which slices of `output` equal h_n.

    batch=None feeds an unbatched input (L, H_in). Returns a dict with the shapes (tuples) of
    "input", "h_0", "output", "h_n" (and "c_0", "c_n" for an LSTM), "weights" (name -> shape, in torch's
    order), "num_parameters", the "pairs" output-slice vs h_n-slice comparisons, the summary
    "output_last_equals_h_n_last" and its "max_abs_difference", and "code": a runnable script.
    """
    _check_args(kind, input_size, hidden_size, num_layers, bias, batch_first, bidirectional, proj_size, batch,
                seq_len)
    D = 2 if bidirectional else 1
    H_out = proj_size or hidden_size
    gen = torch.Generator().manual_seed(seed)
    kwargs = dict(num_layers=num_layers, bias=bias, batch_first=batch_first, bidirectional=bidirectional)
    if kind == "lstm":
        kwargs["proj_size"] = proj_size
    module = getattr(nn, KINDS[kind])(input_size, hidden_size, **kwargs)
    with torch.no_grad():
        for p in module.parameters():  # torch's default init, drawn from our own generator (no global RNG use)
            p.uniform_(-hidden_size ** -0.5, hidden_size ** -0.5, generator=gen)
        x = torch.randn(_input_shape(batch, seq_len, input_size, batch_first), generator=gen)
        h0 = torch.randn(_state_shape(D, num_layers, batch, H_out), generator=gen)
        with warnings.catch_warnings():  # "LSTM with projections is not supported with oneDNN": harmless
            warnings.simplefilter("ignore", UserWarning)
            if kind == "lstm":
                c0 = torch.randn(_state_shape(D, num_layers, batch, hidden_size), generator=gen)
                output, (h_n, c_n) = module(x, (h0, c0))
            else:
                output, h_n = module(x, h0)
    shapes = {"kind": kind, "constructor": _constructor(kind, input_size, hidden_size, num_layers, bias,
                                                         batch_first, bidirectional, proj_size),
              "input": tuple(x.shape), "h_0": tuple(h0.shape)}
    if kind == "lstm":
        shapes["c_0"] = tuple(c0.shape)
    shapes["output"] = tuple(output.shape)
    shapes["h_n"] = tuple(h_n.shape)
    if kind == "lstm":
        shapes["c_n"] = tuple(c_n.shape)
    shapes["symbols"] = _symbols(kind, batch, batch_first)
    shapes["sizes"] = {"L": seq_len, "N": batch, "H_in": input_size, "H_out": H_out, "H_cell": hidden_size, "D": D,
                       "num_layers": num_layers}
    shapes["weights"] = {name: tuple(p.shape) for name, p in module.named_parameters()}
    shapes["num_parameters"] = sum(p.numel() for p in module.parameters())
    pairs = _pairs(output, h_n, D, num_layers, H_out, batch, batch_first)
    matching = [p for p in pairs if p["expected_equal"]]
    shapes["pairs"] = pairs
    shapes["max_abs_difference"] = max(p["max_abs_difference"] for p in matching)
    shapes["output_last_equals_h_n_last"] = all(p["equal"] for p in matching)
    shapes["code"] = shapes_code(kind, input_size, hidden_size, num_layers, bias, batch_first, bidirectional,
                                 proj_size, batch, seq_len)
    return shapes


def _symbols(kind: str, batch: int | None, batch_first: bool) -> dict[str, str]:
    """Each tensor's layout in the names torch's documentation uses."""
    n = "" if batch is None else "N, "
    if batch is None:
        x, out = "(L, H_in)", "(L, D·H_out)"
    elif batch_first:
        x, out = "(N, L, H_in)", "(N, L, D·H_out)"
    else:
        x, out = "(L, N, H_in)", "(L, N, D·H_out)"
    symbols = {"input": x, "h_0": f"(D·num_layers, {n}H_out)", "output": out, "h_n": f"(D·num_layers, {n}H_out)"}
    if kind == "lstm":
        symbols["c_0"] = symbols["c_n"] = f"(D·num_layers, {n}H_cell)"
    return symbols


def _pairs(output, h_n, D, num_layers, H_out, batch, batch_first) -> list[dict]:
    """Which slice of output equals which row of h_n.

    The forward direction's last hidden state is the output at the LAST step; the reverse direction reads
    the sequence backwards, so its last hidden state (h_n[-1] when bidirectional) is the output at the
    FIRST step, in the second half of the features. Comparing output[-1]'s second half with h_n[-1] is the
    classic mistake, so it is listed too (expected_equal False).
    """
    t_axis = 1 if (batch is not None and batch_first) else 0

    def step(t: int, lo: int, hi: int) -> torch.Tensor:
        return output.select(t_axis, t)[..., lo:hi]

    def out_code(t: str, lo: int, hi: int) -> str:
        feat = "" if D == 1 else (f":{hi}" if lo == 0 else f"{lo}:")
        if batch is None:
            return f"output[{t}, {feat}]" if feat else f"output[{t}]"
        if batch_first:
            return f"output[:, {t}, {feat}]" if feat else f"output[:, {t}]"
        return f"output[{t}, :, {feat}]" if feat else f"output[{t}]"

    rows = []
    last = D * num_layers
    if D == 1:
        specs = [("forward", "-1", -1, 0, H_out, "h_n[-1]", h_n[last - 1], True)]
    else:
        specs = [("forward", "-1", -1, 0, H_out, "h_n[-2]", h_n[last - 2], True),
                 ("reverse", "0", 0, H_out, 2 * H_out, "h_n[-1]", h_n[last - 1], True)]
        if output.shape[t_axis] > 1:  # with one step, the first step is the last: no mistake to show
            specs.append(("reverse", "-1", -1, H_out, 2 * H_out, "h_n[-1]", h_n[last - 1], False))
    for direction, t_text, t, lo, hi, h_code, h_row, expected in specs:
        out_slice = step(t, lo, hi)
        diff = float((out_slice - h_row).abs().max())
        rows.append({"direction": direction, "output_expr": out_code(t_text, lo, hi), "h_n_expr": h_code,
                     "shape": tuple(out_slice.shape), "max_abs_difference": diff, "equal": diff <= 1e-6,
                     "expected_equal": expected,
                     "output_values": [round(float(v), 4) for v in out_slice.flatten()[:4]],
                     "h_n_values": [round(float(v), 4) for v in h_row.flatten()[:4]]})
    return rows


# shapes_code's comments in each language (the code and what it prints are the same in both)
_CODE_COMMENTS = {
    "en": {"unbatched": "(L, H_in): unbatched", "batch_first": "(N, L, H_in): batch_first=True",
           "batch_second": "(L, N, H_in): L = sequence length, N = batch", "c0": "like h0, but hidden_size wide",
           "last": "the last step of the output is the last layer's final hidden state",
           "bidirectional": "forward direction: last step, first half; reverse direction: FIRST step, second half"},
    "zh": {"unbatched": "(L, H_in)：无批量维度", "batch_first": "(N, L, H_in)：batch_first=True",
           "batch_second": "(L, N, H_in)：L = 序列长度，N = 批量大小", "c0": "与 h0 相同，但宽度为 hidden_size",
           "last": "output 的最后一步就是最后一层的最终隐藏状态",
           "bidirectional": "正向：最后一步的前半部分；反向：第一步的后半部分"},
}


def shapes_code(kind: str, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                batch_first: bool = False, bidirectional: bool = False, proj_size: int = 0,
                batch: int | None = 3, seq_len: int = 5, lang: str = "en") -> str:
    """A runnable script that builds the module, makes inputs of the right shapes and prints every shape.

    Each printed line is `name (d0, d1, ...)`, so its output can be compared with torch_shapes().
    lang: the language of its comments, "en" or "zh".
    """
    if lang not in _CODE_COMMENTS:
        raise ValueError(f"lang must be one of {', '.join(_CODE_COMMENTS)}, got {lang!r}")
    words = _CODE_COMMENTS[lang]
    _check_args(kind, input_size, hidden_size, num_layers, bias, batch_first, bidirectional, proj_size, batch,
                seq_len)
    D = 2 if bidirectional else 1
    H_out = proj_size or hidden_size
    N = batch
    if N is None:
        x_shape, x_note = f"({seq_len}, {input_size})", words["unbatched"]
    elif batch_first:
        x_shape, x_note = f"({N}, {seq_len}, {input_size})", words["batch_first"]
    else:
        x_shape, x_note = f"({seq_len}, {N}, {input_size})", words["batch_second"]
    state = "D*num_layers, H_out" if N is None else "D*num_layers, N, H_out"
    h_shape = _state_shape(D, num_layers, N, H_out)
    constructor = _constructor(kind, input_size, hidden_size, num_layers, bias, batch_first, bidirectional, proj_size)
    lines = ["import torch", "from torch import nn", "", "torch.manual_seed(0)",
             f"rnn = {constructor}",
             f"x = torch.randn{x_shape}  # {x_note}",
             f"h0 = torch.randn{h_shape}  # ({state}), D = {D}"]
    if kind == "lstm":
        c_shape = _state_shape(D, num_layers, N, hidden_size)
        lines.append(f"c0 = torch.randn{c_shape}  # {words['c0']}")
        lines.append("output, (h_n, c_n) = rnn(x, (h0, c0))")
    else:
        lines.append("output, h_n = rnn(x, h0)")
    lines += ["", 'print("input", tuple(x.shape))', 'print("h_0", tuple(h0.shape))']
    if kind == "lstm":
        lines.append('print("c_0", tuple(c0.shape))')
    lines += ['print("output", tuple(output.shape))', 'print("h_n", tuple(h_n.shape))']
    if kind == "lstm":
        lines.append('print("c_n", tuple(c_n.shape))')
    lines += ["for name, p in rnn.named_parameters():", "    print(name, tuple(p.shape))"]
    lines.append("")
    t_first = "[:, {t}" if (N is not None and batch_first) else "[{t}"
    if D == 1:
        last = t_first.format(t="-1")
        lines.append(f"# {words['last']}")
        lines.append(f'print("output{last}] == h_n[-1]:", torch.allclose(output{last}], h_n[-1]))')
    else:
        mid = ", :" if N is not None and not batch_first else ""
        fwd = t_first.format(t="-1") + f"{mid}, :{H_out}]"
        rev = t_first.format(t="0") + f"{mid}, {H_out}:]"
        lines.append(f"# {words['bidirectional']}")
        lines.append(f'print("output{fwd} == h_n[-2]:", torch.allclose(output{fwd}, h_n[-2]))')
        lines.append(f'print("output{rev} == h_n[-1]:", torch.allclose(output{rev}, h_n[-1]))')
    return "\n".join(lines) + "\n"
