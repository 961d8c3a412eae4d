"""The cell diagram: geometry of one recurrent cell (Olah-style), and the per-step values it binds.

Pure data, no streamlit and no plotting library: the in-browser stepper (rnnviz/web/stepper.js) draws
it as SVG and re-colours it on every step without a server round trip.

cell_diagram(spec) -> {"width", "height", "elements": [...]} in SVG user units. Element kinds:
    valve  {key, x, y, width, height, label, color, text_color}  a gate; its fill fraction is the value (0..1);
           text_color: the label's colour, legible on light and dark (CSS light-dark())
    value  {key, x, y, width, height, label, color, label_pos, slots?}
           a number box coloured on the diverging scale; (x, y) is the centre. "x" has `slots` cells,
           one per shown input feature (see diagram_values).
    op     {x, y, r, symbol} or {x, y, width, height, symbol, shape="box"}   ×, +, σ, tanh, 1−, ...
    arrow  {points: [[x, y], ...], head: bool, dashed: bool, key?: quantity whose colour it takes,
            weight: "main" | "normal"}
    text   {x, y, text, anchor, tkey?: translation key the stepper may look up in its labels}
    frame  {x, y, width, height}                         the cell's boundary (drawn first)

diagram_values(trace, unit=...) -> {key: [value at t for t in 0..T-1]} for every key the diagram binds.
"x" is special: per step a list of the first min(input size, 4) input features of that layer (the
sequence for layer 0, the layer below's h, forward then reverse, for deeper layers). A diagram
cannot show hundreds of inputs; the stepper's charts show the rest.
"""
from __future__ import annotations

import torch

from .colors import QUANTITY_COLORS, text_color_css

MAX_X_SLOTS = 4
ACTIVATION_SYMBOLS = {"tanh": "tanh", "sigmoid": "σ", "relu": "ReLU", "identity": "id"}
HEAD_SYMBOLS = {"identity": "W·h+b", "sigmoid": "σ(W·h)", "softmax": "softmax"}

# Shared geometry (SVG user units). Gates sit in one row above a bus that carries [x(t), h(t-1)].
VALVE_W, VALVE_H = 48, 96
BOX_W, BOX_H = 96, 38
OP_R = 16
GATE_Y = 190          # centre of the gate row
ACT_Y = 275           # centre of the activation ops under the gates
BUS_Y = 330


# --- element constructors ------------------------------------------------------------------------
def _valve(key, x, y=GATE_Y, label=None):
    return {"kind": "valve", "key": key, "x": x, "y": y, "width": VALVE_W, "height": VALVE_H,
            "label": label or key, "color": QUANTITY_COLORS[key], "text_color": text_color_css(QUANTITY_COLORS[key])}


def _value(key, x, y, label, width=BOX_W, label_pos="above", slots=None):
    quantity = key.split("_")[0]
    el = {"kind": "value", "key": key, "x": x, "y": y, "width": width, "height": BOX_H, "label": label,
          "color": QUANTITY_COLORS.get(quantity, QUANTITY_COLORS["x"]), "label_pos": label_pos}
    if slots is not None:
        el["slots"] = slots
    return el


def _op(symbol, x, y, r=OP_R):
    return {"kind": "op", "symbol": symbol, "x": x, "y": y, "r": r}


def _op_box(symbol, x, y, width, height=34):
    return {"kind": "op", "symbol": symbol, "x": x, "y": y, "width": width, "height": height, "shape": "box"}


def _arrow(*points, head=True, dashed=False, key=None, weight="normal"):
    el = {"kind": "arrow", "points": [list(p) for p in points], "head": head, "dashed": dashed, "weight": weight}
    if key:
        el["key"] = key
    return el


def _text(x, y, text, anchor="middle", tkey=None):
    el = {"kind": "text", "x": x, "y": y, "text": text, "anchor": anchor}
    if tkey:
        el["tkey"] = tkey
    return el


def _x_label(spec_input_size: int, of: str = "of") -> str:
    """"x(t)", or which inputs the box shows: "x(t) 1–4 of 6" (`of` is the caller's word, e.g. "/")."""
    slots = min(spec_input_size, MAX_X_SLOTS)
    return "x(t)" if spec_input_size <= MAX_X_SLOTS else f"x(t) 1–{slots} {of} {spec_input_size}"


def _x_input(spec_input_size: int, x: float, y: float) -> dict:
    slots = min(spec_input_size, MAX_X_SLOTS)
    label = _x_label(spec_input_size)
    return _value("x", x, y, label, width=max(BOX_W, 46 * slots + 6), label_pos="left", slots=slots)


def _gate_branch(x, top, symbol):
    """Bus -> activation op -> the gate above it."""
    return [_arrow((x, BUS_Y), (x, ACT_Y + OP_R)), _op(symbol, x, ACT_Y), _arrow((x, ACT_Y - OP_R), (x, top))]


# --- the four cells -------------------------------------------------------------------------------
def cell_diagram(spec, *, direction: int = 0, of: str = "of", x_label: str | None = None) -> dict:
    """Geometry of spec.cell's diagram. direction=1 labels the previous step t+1 (the reverse direction).
    of: the word in the x box's label "x(t) 1–4 of 6", in the page's language; x_label: the label instead (what x
    is, e.g. "x(t): one-hot over 28 characters")."""
    prev = "t+1" if direction == 1 else "t-1"
    builders = {"lstm": _lstm, "gru": _gru, "rnn": _elman, "jordan": _jordan}
    if spec.cell not in builders:
        raise ValueError(f"no diagram for cell {spec.cell!r}; expected one of {', '.join(builders)}")
    width, height, elements = builders[spec.cell](spec, prev)
    for el in elements:
        if el.get("key") == "x":
            el["label"] = x_label or _x_label(spec.input_size, of)
    frame = {"kind": "frame", "x": 4, "y": 4, "width": width - 8, "height": height - 8}
    return {"width": width, "height": height, "elements": [frame, *elements]}


def _highway(key: str, prev, y: float, x_mul: float, x_sum: float) -> list:
    """The state carried along the top: key(t-1) -> x (a gate) -> + (new content) -> key(t)."""
    return [
        _value(key + "_prev", 70, y, f"{key}({prev})"),
        _arrow((118, y), (x_mul - OP_R, y), key=key, weight="main"),
        _op("×", x_mul, y),
        _arrow((x_mul + OP_R, y), (x_sum - OP_R, y), key=key, weight="main"),
        _op("+", x_sum, y),
        _arrow((x_sum + OP_R, y), (735 - BOX_W / 2, y), key=key, weight="main"),
        _value(key, 735, y, f"{key}(t)"),
    ]


def _lstm(spec, prev):
    W, H = 800, 440
    xf, xi, xg, xo, xsum, xout = 230, 330, 440, 540, 400, 630
    c_y, ig_y = 60, 120
    h_x = 745 if spec.proj_size else 735
    act_g = ACTIVATION_SYMBOLS[spec.cell_activation]
    act_c = ACTIVATION_SYMBOLS[spec.output_activation]
    top = GATE_Y - VALVE_H / 2
    els = [
        # the cell state highway along the top: c(t-1) -> x f -> + i*g -> c(t)
        *_highway("c", prev, c_y, xf, xsum),
        # forget gate straight up into its multiply
        _valve("f", xf),
        _arrow((xf, top), (xf, c_y + OP_R)),
        # input gate and candidate meet in i*g, which is added to the cell
        _valve("i", xi),
        _arrow((xi, top), (xi, ig_y), (xsum - OP_R, ig_y)),
        _value("g", xg, GATE_Y, "g", width=76, label_pos="above-left"),
        _arrow((xg, GATE_Y - BOX_H / 2), (xg, ig_y), (xsum + OP_R, ig_y)),
        _op("×", xsum, ig_y),
        _arrow((xsum, ig_y - OP_R), (xsum, c_y + OP_R)),
        # output: h(t) = o * act(c(t))
        _arrow((xout, c_y), (xout, ig_y - OP_R), key="c"),
        _op(act_c, xout, ig_y),
        _arrow((xout, ig_y + OP_R), (xout, GATE_Y - OP_R)),
        _op("×", xout, GATE_Y),
        _valve("o", xo),
        _arrow((xo + VALVE_W / 2, GATE_Y), (xout - OP_R, GATE_Y)),
        # inputs: h(t-1) along the bus, x(t) joining it from below
        _value("h_prev", 70, BUS_Y, f"h({prev})"),
        _arrow((118, BUS_Y), (xo, BUS_Y), head=False, key="h"),
        _x_input(spec.input_size, 160, 400),
        _arrow((160, 400 - BOX_H / 2), (160, BUS_Y)),
    ]
    els += _gate_branch(xf, top, "σ") + _gate_branch(xg, GATE_Y + BOX_H / 2, act_g) + _gate_branch(xo, top, "σ")
    if spec.coupled:
        els += [_arrow((xf + VALVE_W / 2, GATE_Y), (xf + 50 - 14, GATE_Y)), _op("1−", xf + 50, GATE_Y, r=14),
                _arrow((xf + 64, GATE_Y), (xi - VALVE_W / 2, GATE_Y))]
    else:
        els += _gate_branch(xi, top, "σ")
    if spec.peephole:  # gates also look at the cell: f, i at c(t-1); o at c(t)
        els += [_arrow((160, c_y), (160, 175), (xf - VALVE_W / 2, 175), dashed=True, key="c")]
        if not spec.coupled:
            els += [_arrow((160, 130), (285, 130), (285, 175), (xi - VALVE_W / 2, 175), dashed=True, key="c")]
        els += [_arrow((590, c_y), (590, 165), (xo + VALVE_W / 2, 165), dashed=True, key="c")]
    if spec.proj_size:  # h = W_hr (o * act(c)): a smaller h than c
        els += [_arrow((xout + OP_R, GATE_Y), (672 - 14, GATE_Y)), _op("proj", 672, GATE_Y, r=14),
                _arrow((672 + 14, GATE_Y), (h_x - 35, GATE_Y))]
        els += [_value("h", h_x, GATE_Y, "h(t)", width=70)]
    else:
        els += [_arrow((xout + OP_R, GATE_Y), (h_x - BOX_W / 2, GATE_Y), key="h"), _value("h", h_x, GATE_Y, "h(t)")]
    els += [_text(xf, 312, "forget", tkey="forget_gate"), _text(xi, 312, "input", tkey="input_gate")
            if not spec.coupled else _text(xi, 252, "i = 1 − f"),
            _text(xg, 312, "candidate", tkey="candidate"), _text(xo, 312, "output", tkey="output_gate"),
            _text(xsum + 70, c_y - 12, "cell state", tkey="cell_state")]
    return W, H, els


def _gru(spec, prev):
    W, H = 800, 440
    xz, xr, xr_mul, xsum = 240, 360, 480, 620
    h_y, z_y = 60, 110
    top = GATE_Y - VALVE_H / 2
    els = [
        # h(t) = z * h(t-1) + (1 - z) * n along the top
        *_highway("h", prev, h_y, xz, xsum),
        _valve("z", xz),
        _arrow((xz, top), (xz, h_y + OP_R)),
        _arrow((xz, z_y), (540 - 14, z_y)),
        _op("1−", 540, z_y, r=14),
        _arrow((540 + 14, z_y), (xsum - OP_R, z_y)),
        _op("×", xsum, z_y),
        _arrow((xsum, z_y - OP_R), (xsum, h_y + OP_R)),
        _value("n", xsum, 200, "n", width=76, label_pos="above-left"),
        _arrow((xsum, 200 - BOX_H / 2), (xsum, z_y + OP_R)),
        _op("tanh", xsum, ACT_Y),
        _arrow((xsum, ACT_Y - OP_R), (xsum, 200 + BOX_H / 2)),
        # reset gate scales the recurrent part of the candidate: r * (W_hn h(t-1) + b_hn)
        _valve("r", xr),
        _arrow((xr + VALVE_W / 2, 200), (xr_mul - OP_R, 200)),
        _arrow((xr_mul, h_y), (xr_mul, 200 - OP_R), key="h"),
        _op("×", xr_mul, 200),
        _arrow((xr_mul + OP_R, 200), (530, 200), (530, ACT_Y), (xsum - OP_R, ACT_Y)),
        # inputs: h(t-1) drops to the bus, x(t) joins from below
        _arrow((160, h_y), (160, BUS_Y), head=False, key="h"),
        _arrow((160, BUS_Y), (xsum, BUS_Y), (xsum, ACT_Y + OP_R)),
        _x_input(spec.input_size, 160, 400),
        _arrow((160, 400 - BOX_H / 2), (160, BUS_Y)),
        _text(xz, 312, "update", tkey="update_gate"), _text(xr, 312, "reset", tkey="reset_gate"),
    ]
    els += _gate_branch(xz, top, "σ") + _gate_branch(xr, top, "σ")
    return W, H, els


def _elman(spec, prev):
    return _simple(spec, prev, recurrent="h")


def _jordan(spec, prev):
    return _simple(spec, prev, recurrent="y")


def _simple(spec, prev, recurrent):
    """Elman (h fed back) and Jordan (the output y fed back): one activation, no gates."""
    W, H = 800, 300
    y0, act_x = 150, 330 if recurrent == "y" else 400
    h_x = 480 if recurrent == "y" else 735
    els = [
        _value(f"{recurrent}_prev", 80, y0, f"{recurrent}({prev})"),
        _arrow((128, y0), (act_x - 20, y0), key=recurrent, weight="main"),
        _op(ACTIVATION_SYMBOLS[spec.nonlinearity], act_x, y0, r=20),
        _x_input(spec.input_size, act_x, 250),
        _arrow((act_x, 250 - BOX_H / 2), (act_x, y0 + 20)),
        _arrow((act_x + 20, y0), (h_x - BOX_W / 2, y0), key="h", weight="main"),
        _value("h", h_x, y0, "h(t)"),
    ]
    if recurrent == "y":
        els += [_arrow((h_x + BOX_W / 2, y0), (610 - 38, y0), key="h"),
                _op_box(HEAD_SYMBOLS[spec.head.activation], 610, y0, width=76),
                _arrow((610 + 38, y0), (735 - BOX_W / 2, y0), key="y", weight="main"),
                _value("y", 735, y0, "y(t)")]
    # what leaves this step comes back as the next step's input
    els += [_arrow((735 + BOX_W / 2, y0), (792, y0), (792, 34), (14, 34), (14, y0), (32, y0),
                   dashed=True, key=recurrent),
            _text(400, 26, "next step", tkey="next_step")]
    return W, H, els


# --- values ------------------------------------------------------------------------------------
def diagram_keys(spec) -> tuple[str, ...]:
    """The keys cell_diagram(spec) binds, i.e. what diagram_values returns."""
    return {"lstm": ("x", "h_prev", "c_prev", "i", "f", "g", "o", "c", "h"),
            "gru": ("x", "h_prev", "r", "z", "n", "h"),
            "rnn": ("x", "h_prev", "h"),
            "jordan": ("x", "y_prev", "h", "y")}[spec.cell]


def _check_index(name, value, size):
    if not (isinstance(value, int) and 0 <= value < size):
        raise ValueError(f"{name} must be a whole number from 0 to {size - 1}, got {value!r}")


def _layer_input(trace, layer: int, batch: int) -> torch.Tensor:
    """(T, I) what the layer reads: the sequence, or the layer below's h (forward then reverse)."""
    if layer == 0:
        return trace.x[batch]
    h = trace["h"][layer - 1, :, batch]  # (D, T, H_out)
    return torch.cat(list(h), dim=-1)


def _with_previous(series: torch.Tensor, initial: torch.Tensor, direction: int) -> torch.Tensor:
    """The value each step starts from: shifted by one step, the initial state where there is none."""
    first = initial.reshape(1)
    return torch.cat([first, series[:-1]]) if direction == 0 else torch.cat([series[1:], first])


def diagram_values(trace, *, unit: int, layer: int = 0, direction: int = 0, batch: int = 0) -> dict:
    """{key: [value at each step]} for one unit; "x" holds per step a list of up to 4 input features.

    Units past a smaller vector (h with proj_size, a Jordan output y) show its last element.
    """
    spec = trace.spec
    _check_index("unit", unit, spec.hidden_size)
    _check_index("layer", layer, spec.num_layers)
    _check_index("direction", direction, spec.num_directions)
    _check_index("batch", batch, trace.batch_size)

    def at(q: str, u: int) -> torch.Tensor:
        return trace[q][layer, direction, batch, :, u]

    values: dict[str, torch.Tensor] = {}
    h_unit = min(unit, spec.output_size - 1)
    if spec.cell == "jordan":
        y_unit = min(unit, spec.head.out_features - 1)
        y = trace["y"][batch, :, y_unit]
        values.update(h=at("h", unit), y=y, y_prev=_with_previous(y, trace.initial["y"][0, 0, batch, y_unit], 0))
    else:
        for q in spec.quantities:
            values[q] = at(q, h_unit if q == "h" else unit)
        values["h_prev"] = _with_previous(values["h"], trace.initial["h"][layer, direction, batch, h_unit], direction)
        if spec.cell == "lstm":
            values["c_prev"] = _with_previous(values["c"], trace.initial["c"][layer, direction, batch, unit],
                                              direction)
    out = {key: [float(v) for v in values[key].tolist()] for key in diagram_keys(spec) if key != "x"}
    out["x"] = _layer_input(trace, layer, batch)[:, :MAX_X_SLOTS].tolist()
    return out
