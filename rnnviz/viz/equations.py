"""A cell's equations for one unit at one step, with the network's actual numbers substituted.

`equation_values` recomputes every pre-activation from the weights (in float64) and takes every
post-activation value from the trace, so a learner can redo the arithmetic by hand and land on
exactly what the charts show. `equations` writes the same numbers as LaTeX for st.latex.
"""
from __future__ import annotations

import re
from contextvars import ContextVar

import torch

from ..model.cells import ACTIVATIONS, layer_params
from .charts import check_index

ACTIVATION_TEX = {"tanh": r"\tanh", "sigmoid": r"\sigma", "relu": r"\operatorname{ReLU}", "identity": ""}
WRITE_OUT_UP_TO = 3  # dot products with at most this many terms are written out term by term


# --- numbers ----------------------------------------------------------------------------------------
# While equation_template() records, every number's text (with the sign or brackets that depend on its value)
# goes into a slot and the LaTeX gets SLOT in its place, so one template serves every step.
SLOT = "\x00"  # never part of LaTeX
_SLOTS: ContextVar[list | None] = ContextVar("rnnviz_equation_slots", default=None)
_SLOT_TOKEN = re.compile(f"{SLOT}(\\d+){SLOT}")


def _number(text: str) -> str:
    slots = _SLOTS.get()
    if slots is None:
        return text
    slots.append(text)
    return f"{SLOT}{len(slots) - 1}{SLOT}"  # numbered: some are formatted before text that precedes them


def _fmt_text(value: float) -> str:
    text = f"{value + 0.0:.4g}"  # + 0.0 turns -0.0 into 0.0
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def fmt(value: float) -> str:
    """4 significant digits; powers of ten as LaTeX."""
    return _number(_fmt_text(value))


def factor(value: float) -> str:
    """A number as a factor of a product: bracketed when negative or in powers of ten, so 0.7·(-0.2) reads right."""
    text = _fmt_text(value)
    return _number(f"({text})" if text.startswith("-") or "times" in text else text)


def signed_sum(terms, *, leading: bool = False) -> str:
    """Terms (numbers, or already-formatted groups) as 'a + b - c', the sign folded into the operator.

    leading=True also puts an operator before the first term, for a sum that continues another.
    """
    out = ""
    for k, term in enumerate(terms):
        operator = bool(k or leading)
        if isinstance(term, str):
            out += (" + " if operator else "") + term
        elif not operator:
            out += fmt(term)
        else:  # the space stays outside the number's slot: substituted() strips it at a line start
            text = _fmt_text(term)
            out += " " + _number(f"- {_fmt_text(-term)}" if text.startswith("-") else f"+ {text}")
    return out


def aligned(lhs: str, *rhs: str) -> str:
    """lhs = rhs[0] = rhs[1] ..., one '=' per line, so long substitutions stay on screen."""
    return r"\begin{aligned} " + lhs + " &= " + r" \\ &= ".join(rhs) + r" \end{aligned}"


def applied(activation: str, argument: str) -> str:
    name = ACTIVATION_TEX[activation]
    return rf"{name}\left({argument}\right)" if name else argument


# Continue one step of a derivation on the next line, indented past the '='. A written-out dot
# product is nearly a screen wide, so each ends its line.
CONTINUED = r" \\ &\qquad "


def substituted(activation: str, terms: list, written_out: set[int]) -> str:
    """act(t0 + t1 - t2 ...), breaking the line after each written-out term (by index) that is not last."""
    runs, run = [], []
    for k, term in enumerate(terms):
        run.append(term)
        if k in written_out and k < len(terms) - 1:
            runs.append(run)
            run = []
    runs.append(run)
    text = CONTINUED.join(signed_sum(run, leading=n > 0).lstrip() for n, run in enumerate(runs))
    if len(runs) == 1:
        return applied(activation, text)
    name = ACTIVATION_TEX[activation]
    # \left( ... \right) cannot span an aligned line break; \bigl( ... \bigr) can.
    return rf"{name}\bigl({text}\bigr)" if name else text


# --- one unit at one step -----------------------------------------------------------------------
class _UnitStep:
    """Everything one unit's equations need at step t, and the numbers worked out so far."""

    def __init__(self, trace, params, *, t, unit, layer, direction, batch):
        spec = trace.spec
        check_index("layer", layer, spec.num_layers)
        check_index("direction", direction, spec.num_directions)
        check_index("batch", batch, trace.batch_size)
        check_index("t", t, trace.num_steps)
        check_index("unit", unit, spec.hidden_size)
        self.trace, self.spec, self.t, self.unit = trace, spec, t, unit
        self.layer, self.direction, self.batch = layer, direction, batch
        self.p = _layer_tensors(spec, params, layer, direction)
        self.inp = self._layer_input()
        self.rec = self._recurrent_input()
        self.values: dict[str, float] = {}
        self.shown: dict[str, str] = {}  # written-out dot products, by value key

    # Symbols: the reverse direction's previous step is t+1; upper layers read the layer below.
    @property
    def prev(self) -> str:
        return "t+1" if self.direction else "t-1"

    @property
    def input_symbol(self) -> str:
        return "x_t" if self.layer == 0 else rf"h^{{({self.layer - 1})}}_t"

    @property
    def recurrent_symbol(self) -> str:
        return f"{'y' if self.spec.cell == 'jordan' else 'h'}_{{{self.prev}}}"

    def recorded(self, quantity: str, index: int | None = None) -> float:
        v = self.trace[quantity][self.layer, self.direction, self.batch, self.t]
        return float(v[self.unit if index is None else index])

    def recorded_vector(self, quantity: str) -> torch.Tensor:
        return self.trace[quantity][self.layer, self.direction, self.batch, self.t].double()

    def previous(self, quantity: str) -> torch.Tensor:
        return self.trace.previous(quantity, self.t, self.layer, self.direction, self.batch).double()

    def _layer_input(self) -> torch.Tensor:
        if self.layer == 0:
            return self.trace.x[self.batch, self.t].double()
        below = self.trace["h"][self.layer - 1, :, self.batch, self.t]  # (D, H_out): concatenated, as torch does
        return below.reshape(-1).double()

    def _recurrent_input(self) -> torch.Tensor:
        if self.spec.cell != "jordan":
            return self.previous("h")
        if self.t == 0:  # Jordan feeds back y, which the trace keeps outside the layer/direction grid
            return self.trace.initial["y"][0, 0, self.batch].double()
        return self.trace["y"][self.batch, self.t - 1].double()

    # Numbers.
    def dot(self, key: str, row: torch.Tensor, vector: torch.Tensor) -> float:
        value = float(row @ vector)
        self.values[key] = value
        if len(vector) <= WRITE_OUT_UP_TO:
            self.shown[key] = "(" + " + ".join(rf"{factor(w)} \cdot {factor(v)}"
                                               for w, v in zip(row.tolist(), vector.tolist())) + ")"
        return value

    def term(self, key: str):
        """How a value appears inside a sum: written out, or as one number."""
        return self.shown.get(key, self.values[key])

    def written_out_at(self, keys) -> set[int]:
        """Positions, in keys, of the dot products that are written out term by term."""
        return {k for k, key in enumerate(keys) if key in self.shown}

    def affine(self, block: str, k: int) -> None:
        """W_i{block}·input + b_i{block} and W_h{block}·previous + b_h{block} for this unit's row of block k."""
        row = k * self.spec.hidden_size + self.unit
        self.dot(f"{block}_wx", self.p["weight_ih"][row], self.inp)
        self.dot(f"{block}_wh", self.p["weight_hh"][row], self.rec)
        if self.spec.bias:
            self.values[f"{block}_bx"] = float(self.p["bias_ih"][row])
            self.values[f"{block}_bh"] = float(self.p["bias_hh"][row])

    def affine_keys(self, block: str, side: str) -> list[str]:
        """The value keys of one side ('x' input or 'h' recurrent): the dot product, then its bias."""
        return [f"{block}_w{side}"] + ([f"{block}_b{side}"] if self.spec.bias else [])

    def affine_symbols(self, block: str, side: str) -> list[str]:
        u, src = self.unit, ("i" if side == "x" else "h")
        vector = self.input_symbol if side == "x" else self.recurrent_symbol
        symbols = [rf"W_{{{src}{block}}}[{u}]\, {vector}"]
        return symbols + ([rf"b_{{{src}{block}}}[{u}]"] if self.spec.bias else [])


def _layer_tensors(spec, params, layer: int, direction: int) -> dict:
    tensors = layer_params(params, layer, direction)
    needed = ["weight_ih", "weight_hh"] + (["bias_ih", "bias_hh"] if spec.bias else []) \
        + (["weight_hr"] if spec.proj_size else []) + (["weight_ch"] if spec.peephole else [])
    missing = [role for role in needed if tensors.get(role) is None]
    if missing:
        sfx = f"_l{layer}" + ("_reverse" if direction else "")
        raise ValueError(f"params lack {[role + sfx for role in missing]}; pass net.state_dict() of the traced network")
    result = {role: tensor.detach().double() for role, tensor in tensors.items() if tensor is not None}
    if spec.head is not None:
        result["head_weight"] = params["head.weight"].detach().double()
        result["head_bias"] = params["head.bias"].detach().double() if spec.head.bias else None
    return result


# --- the cells ----------------------------------------------------------------------------------
def _gate(s: _UnitStep, block: str, k: int, activation: str, lines: list, *, peep: tuple[str, str] | None = None):
    """One gate or candidate: act(W_i x + b_i + W_h h_prev + b_h [+ w_c c]) and the recorded value."""
    s.affine(block, k)
    x_keys, h_keys = s.affine_keys(block, "x"), s.affine_keys(block, "h")
    symbols = s.affine_symbols(block, "x") + s.affine_symbols(block, "h")
    terms = [s.term(key) for key in x_keys + h_keys]
    pre = sum(s.values[key] for key in x_keys + h_keys)
    if peep is not None:  # (which cell state the gate peeks at: "c_prev" or "c", and its symbol)
        weight = s.values[f"w_c{block}"]
        cell = s.values[peep[0]]
        s.values[f"{block}_peep"] = weight * cell
        pre += weight * cell
        symbols.append(rf"w_{{c{block}}}[{s.unit}]\, {peep[1]}[{s.unit}]")
        terms.append(rf"{factor(weight)} \cdot {factor(cell)}")
    s.values[f"{block}_pre"] = pre
    s.values[block] = s.recorded(block)
    numbers = substituted(activation, terms, s.written_out_at(x_keys + h_keys))
    lhs = rf"{block}_t[{s.unit}]"
    if ACTIVATION_TEX[activation]:
        last = rf"{applied(activation, fmt(pre))} = {fmt(s.values[block])}"
        lines.append(aligned(lhs, applied(activation, " + ".join(symbols)), numbers, last))
    else:
        lines.append(aligned(lhs, " + ".join(symbols), numbers, fmt(s.values[block])))


def _lstm(s: _UnitStep, lines: list) -> None:
    spec, u, H = s.spec, s.unit, s.spec.hidden_size
    k = {b: n for n, b in enumerate(spec.gate_blocks)}
    s.values["c_prev"] = float(s.previous("c")[u])
    if u < len(s.rec):  # with proj_size, h_prev has only proj_size entries
        s.values["h_prev"] = float(s.rec[u])
    s.values["c"] = s.recorded("c")
    if spec.peephole:
        peeps = [b for b in spec.gate_blocks if b != "g"]
        for n, b in enumerate(peeps):
            s.values[f"w_c{b}"] = float(s.p["weight_ch"][n * H + u])
    peep_prev = ("c_prev", f"c_{{{s.prev}}}") if spec.peephole else None
    if not spec.coupled:
        _gate(s, "i", k["i"], "sigmoid", lines, peep=peep_prev)
    _gate(s, "f", k["f"], "sigmoid", lines, peep=peep_prev)
    if spec.coupled:  # forget only to write: i is not computed from weights at all
        s.values["i"] = s.recorded("i")
        lines.append(aligned(rf"i_t[{u}]", rf"1 - f_t[{u}]", f"1 - {factor(s.values['f'])}", fmt(s.values["i"])))
    _gate(s, "g", k["g"], spec.cell_activation, lines)
    if not spec.peephole:
        _gate(s, "o", k["o"], "sigmoid", lines)
    v = s.values
    lines.append(aligned(rf"c_t[{u}]", rf"f_t[{u}]\, c_{{{s.prev}}}[{u}] + i_t[{u}]\, g_t[{u}]",
                         rf"{factor(v['f'])} \cdot {factor(v['c_prev'])} + {factor(v['i'])} \cdot {factor(v['g'])}",
                         fmt(v["c"])))
    if spec.peephole:  # o peeks at the new cell state, so it can only come after c_t
        _gate(s, "o", k["o"], "sigmoid", lines, peep=("c", "c_t"))
    _lstm_output(s, lines)


def _lstm_output(s: _UnitStep, lines: list) -> None:
    """h_t = o_t act(c_t); with proj_size that product is m_t and h_t = W_hr m_t."""
    spec, u, v = s.spec, s.unit, s.values
    act = spec.output_activation
    v["act_c"] = float(ACTIVATIONS[act](torch.tensor(v["c"], dtype=torch.float64)))
    v["m"] = v["o"] * v["act_c"]
    symbolic = rf"o_t[{u}]\, {applied(act, f'c_t[{u}]')}"
    if ACTIVATION_TEX[act]:
        steps = [symbolic, rf"{factor(v['o'])} \cdot {applied(act, fmt(v['c']))}",
                 rf"{factor(v['o'])} \cdot {factor(v['act_c'])}"]
    else:
        steps = [symbolic, rf"{factor(v['o'])} \cdot {factor(v['c'])}"]
    if not spec.proj_size:
        v["h"] = s.recorded("h")
        lines.append(aligned(rf"h_t[{u}]", *steps, fmt(v["h"])))
        return
    lines.append(aligned(rf"m_t[{u}]", *steps, fmt(v["m"])))
    # h has proj_size entries: show the one this unit's index names, or the last if the index is past them.
    k = min(u, spec.proj_size - 1)
    o, c = s.recorded_vector("o"), s.recorded_vector("c")
    m = o * ACTIVATIONS[act](c)
    v["h_unit"] = k
    s.dot("proj", s.p["weight_hr"][k], m)
    v["h"] = s.recorded("h", k)
    written_out = [s.shown["proj"]] if "proj" in s.shown else []
    lines.append(aligned(rf"h_t[{k}]", rf"W_{{hr}}[{k}]\, m_t", *written_out, fmt(v["h"])))


def _gru(s: _UnitStep, lines: list) -> None:
    u = s.unit
    _gate(s, "r", 0, "sigmoid", lines)
    _gate(s, "z", 1, "sigmoid", lines)
    # n: the reset gate scales the whole recurrent side, bias included (torch's form).
    s.affine("n", 2)
    v = s.values
    x_keys, h_keys = s.affine_keys("n", "x"), s.affine_keys("n", "h")
    v["n_pre"] = sum(v[key] for key in x_keys) + v["r"] * sum(v[key] for key in h_keys)
    v["n"] = s.recorded("n")
    recurrent = " + ".join(s.affine_symbols("n", "h"))
    symbolic = " + ".join(s.affine_symbols("n", "x")) + rf" + r_t[{u}] \left({recurrent}\right)"
    gated = rf"{factor(v['r'])} \cdot \left({signed_sum([s.term(key) for key in h_keys])}\right)"
    numbers = substituted("tanh", [s.term(key) for key in x_keys] + [gated], s.written_out_at(x_keys))
    lines.append(aligned(rf"n_t[{u}]", applied("tanh", symbolic), numbers,
                         rf"{applied('tanh', fmt(v['n_pre']))} = {fmt(v['n'])}"))
    v["h_prev"] = float(s.rec[u])
    v["h"] = s.recorded("h")
    numbers = rf"(1 - {factor(v['z'])}) \cdot {factor(v['n'])} + {factor(v['z'])} \cdot {factor(v['h_prev'])}"
    lines.append(aligned(rf"h_t[{u}]", rf"(1 - z_t[{u}])\, n_t[{u}] + z_t[{u}]\, h_{{{s.prev}}}[{u}]", numbers,
                         fmt(v["h"])))


def _elman(s: _UnitStep, lines: list) -> None:
    _gate(s, "h", 0, s.spec.nonlinearity, lines)
    if s.spec.cell != "jordan":  # Jordan's recurrent input is y, not h
        s.values["h_prev"] = float(s.rec[s.unit])


def _jordan(s: _UnitStep, lines: list) -> None:
    """h_t as Elman but fed y_{t-1}; then y_t = act(W_y h_t + b_y), which the next step reads back."""
    _elman(s, lines)
    spec, v = s.spec, s.values
    out = spec.head.out_features
    k = min(s.unit, out - 1)  # y has out_features entries: the unit's own index, or the last one
    h = s.recorded_vector("h")
    v["y_unit"] = k
    v["y_prev"] = float(s.rec[k])
    s.dot("y_wh", s.p["head_weight"][k], h)
    keys = ["y_wh"] + (["y_b"] if spec.head.bias else [])
    if spec.head.bias:
        v["y_b"] = float(s.p["head_bias"][k])
    v["y_pre"] = sum(v[key] for key in keys)
    v["y"] = float(s.trace["y"][s.batch, s.t, k])
    symbolic = rf"W_y[{k}]\, h_t" + (rf" + b_y[{k}]" if spec.head.bias else "")
    numbers = signed_sum([s.term(key) for key in keys])
    activation = spec.head.activation
    if activation == "softmax":
        logits = s.p["head_weight"] @ h + (s.p["head_bias"] if spec.head.bias else 0.0)
        v["y_sum_exp"] = float(torch.exp(logits).sum())
        lines.append(aligned(f"a_t[{k}]", symbolic, numbers, fmt(v["y_pre"])))
        lines.append(aligned(f"y_t[{k}]", rf"\frac{{e^{{a_t[{k}]}}}}{{\sum_j e^{{a_t[j]}}}}",
                             rf"\frac{{e^{{{fmt(v['y_pre'])}}}}}{{{fmt(v['y_sum_exp'])}}}", fmt(v["y"])))
    elif ACTIVATION_TEX[activation]:
        lines.append(aligned(f"y_t[{k}]", applied(activation, symbolic), applied(activation, numbers),
                             rf"{applied(activation, fmt(v['y_pre']))} = {fmt(v['y'])}"))
    else:
        lines.append(aligned(f"y_t[{k}]", symbolic, numbers, fmt(v["y"])))


CELL_EQUATIONS = {"lstm": _lstm, "gru": _gru, "rnn": _elman, "jordan": _jordan}


def _worked(trace, params, *, t, unit, layer, direction, batch) -> tuple[_UnitStep, list[str]]:
    s = _UnitStep(trace, params, t=t, unit=unit, layer=layer, direction=direction, batch=batch)
    lines: list[str] = []
    CELL_EQUATIONS[trace.spec.cell](s, lines)
    return s, lines


# --- public -------------------------------------------------------------------------------------
def equations(trace, params, *, t: int, unit: int, layer: int = 0, direction: int = 0, batch: int = 0) -> list[str]:
    """LaTeX strings, one per equation, for `unit` of the cell at step t with its actual numbers.

    params is the traced network's state_dict(). Each string ends in the value the trace recorded.
    """
    return _worked(trace, params, t=t, unit=unit, layer=layer, direction=direction, batch=batch)[1]


def equation_values(trace, params, *, t: int, unit: int, layer: int = 0, direction: int = 0,
                    batch: int = 0) -> dict[str, float]:
    """The numbers the equations use, by name.

    Per gate or candidate b: b_wx (W_ib row · input), b_bx, b_wh (W_hb row · h_prev or y_prev), b_bh,
    b_peep (peephole term), b_pre (the argument of the activation, recomputed from the weights) and
    b (the recorded value). Also c_prev, c, act_c, m, h (LSTM), h_prev, and for projection h_unit and
    proj; for Jordan y_prev, y_wh, y_b, y_pre, y, y_unit (and y_sum_exp for a softmax head).
    """
    return dict(_worked(trace, params, t=t, unit=unit, layer=layer, direction=direction, batch=batch)[0].values)


# --- templates: one per unit, filled per step (the in-browser stepper renders them with KaTeX) -------------
def equation_template(trace, params, *, unit: int, layer: int = 0, direction: int = 0, batch: int = 0,
                      span: tuple[int, int] | None = None) -> dict:
    """equations() for every step at once: {"lines": [[text, text, ...] per equation], "numbers": [[text, ...]
    per step], "start": the first step}. Line k is its texts joined with the next numbers of that step between them
    (fill_template); numbers that are the same at every step (weights, biases) are already in the texts.
    span: (t0, t1) to cover only steps t0..t1 (numbers[0] is then step t0's).

    Each step runs equations() itself (so the text has one source); the template only factors the numbers out.
    """
    steps = []
    start, stop = (0, trace.num_steps - 1) if span is None else span
    for t in range(start, stop + 1):
        token = _SLOTS.set([])
        try:
            lines = equations(trace, params, t=t, unit=unit, layer=layer, direction=direction, batch=batch)
            slots = _SLOTS.get()
            parts = [_SLOT_TOKEN.split(line) for line in lines]  # text, index, text, index, ..., text
            steps.append(([line[0::2] for line in parts], [slots[int(i)] for line in parts for i in line[1::2]]))
        finally:
            _SLOTS.reset(token)
    shape = steps[0][0]
    if any(chunks != shape for chunks, _ in steps):
        raise ValueError("the equations' text changed between steps; no template fits them")
    constant = [all(numbers[k] == steps[0][1][k] for _, numbers in steps) for k in range(len(steps[0][1]))]
    lines, k = [], 0
    for chunks in shape:  # fold the constant numbers into the texts around them
        merged = [chunks[0]]
        for chunk in chunks[1:]:
            if constant[k]:
                merged[-1] += steps[0][1][k] + chunk
            else:
                merged.append(chunk)
            k += 1
        lines.append(merged)
    numbers = [[text for text, fixed in zip(step_numbers, constant) if not fixed] for _, step_numbers in steps]
    return {"lines": lines, "numbers": numbers, "start": start}


def fill_template(template: dict, t: int) -> list[str]:
    """The equations at step t from equation_template's result (what stepper.js does, in python)."""
    numbers = iter(template["numbers"][t - template.get("start", 0)])
    return ["".join(chunk if n == 0 else next(numbers) + chunk for n, chunk in enumerate(chunks))
            for chunks in template["lines"]]
