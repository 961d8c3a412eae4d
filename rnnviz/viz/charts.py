"""Line charts of recorded quantities over time: one subplot row per quantity, one line per chosen unit.

Also the pieces heatmaps.py shares: picking a quantity's series out of a trace, the "step-marker"
shapes, and the theme-neutral styling.

The stepper's figures are assembled as plain plotly dicts ({"data": [...], "layout": {...}}; "spec" in this
code base always means a ModelSpec):
building them through plotly's graph objects validates every property on every set and cost ~130 ms a
figure, on every new model or selection of every session; a dict costs ~2 ms. line_chart() and
heatmaps() wrap the same dicts in go.Figure (validated) for everyone else, and figure_dict(fig) gives
exactly what go.Figure(fig) would send (tests/viz/test_figure_dicts.py).
"""
from __future__ import annotations

import functools
import json
import math

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from ..model.params import GATE_NAMES
from .colors import QUANTITY_COLORS, is_gate
from .typed_arrays import plotly_typed_array

# A client-side script finds the current-step lines by this exact name and moves their x0/x1,
# so stepping needs no server round trip. Do not rename.
STEP_MARKER = "step-marker"

BASE_FONT_SIZE = 12
TRANSPARENT = "rgba(0,0,0,0)"  # the page's own background shows through, light or dark theme
NEUTRAL_GRID = "rgba(128,128,128,0.25)"  # grey at partial opacity reads on white and on near-black
NEUTRAL_MARKER = "rgba(128,128,128,0.9)"
UNIT_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")

QUANTITY_TITLES = {**GATE_NAMES, "c": "cell state c", "h": "hidden state h", "y": "output y"}
# Words the figures print; a page passes its translations (same keys) as `text`.
DEFAULT_TEXT = {"unit": "unit", "step": "step", "step_axis": "step t", "mean_of": "mean of", **QUANTITY_TITLES}


def figure_text(text: dict | None) -> dict:
    return {**DEFAULT_TEXT, **(text or {})}


# --- shared with heatmaps.py ----------------------------------------------------------------------
def check_index(name: str, value, size: int) -> None:
    """A ValueError that names the valid range, instead of an IndexError deep inside a tensor."""
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or not 0 <= value < size:
        raise ValueError(f"{name} must be a whole number from 0 to {size - 1}, got {value!r}")


def check_position(trace, *, layer: int, direction: int, batch: int, step: int) -> None:
    spec = trace.spec
    check_index("layer", layer, spec.num_layers)
    check_index("direction", direction, spec.num_directions)
    check_index("batch", batch, trace.batch_size)
    check_index("step", step, trace.num_steps)


# The quantities that tell a cell's story over time, for a chart that must fit beside the diagram on a
# projector: what decides how much is kept (f, GRU's z), and the memory itself (c, h).
KEY_QUANTITIES = ("f", "z", "c", "h")


def key_quantities(trace) -> tuple[str, ...]:
    """KEY_QUANTITIES that the trace records, or its last quantity (e.g. an Elman RNN's h) when none is."""
    present = tuple(q for q in KEY_QUANTITIES if q in trace.quantities)
    return present or trace.quantities[-1:]


def chosen_quantities(trace, quantities) -> tuple[str, ...]:
    """The requested quantities in the order given (default: all recorded), refusing unknown names."""
    if quantities is None:
        return trace.quantities
    wanted = (quantities,) if isinstance(quantities, str) else tuple(dict.fromkeys(quantities))
    unknown = [q for q in wanted if q not in trace]
    if unknown or not wanted:
        raise ValueError(f"quantities must be some of {', '.join(trace.quantities)}; got {list(wanted)}")
    return wanted


def quantity_series(trace, quantity: str, *, layer: int, direction: int, batch: int):
    """(first_step, values): the step a quantity's record starts at and its float32 values, (T_q, size).

    The head output y has no layer or direction; a many-to-one head records only the last step.
    """
    if quantity == "y":
        values = trace["y"][batch]
    else:
        values = trace[quantity][layer, direction, batch]
    values = values.detach().cpu().numpy().astype(np.float32, copy=False)
    # float32 numpy arrays serialise as compact base64 typed arrays (plotly >= 6), exact to the trace;
    # figures give x as x0 + dx rather than an array of steps, which would double the size again.
    return trace.num_steps - values.shape[0], values


def axis_suffix(row: int) -> str:
    return "" if row == 1 else str(row)


def axis_refs(row: int) -> dict:
    """The axes of subplot `row` as a trace names them (as go.Figure.add_trace(row=row, col=1) sets them)."""
    k = axis_suffix(row)
    return {"xaxis": f"x{k}", "yaxis": f"y{k}"}


@functools.lru_cache(maxsize=64)
def _stacked_layout_json(rows: int, spacing: float, titles: tuple[str, ...]) -> str:
    layout = make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=spacing,
                           subplot_titles=list(titles)).to_dict()["layout"]
    layout.pop("template", None)
    return json.dumps(layout)


def stacked_layout(rows: int, spacing: float, titles) -> dict:
    """make_subplots' layout for `rows` rows on one shared step axis, as a fresh dict (make_subplots itself
    takes ~50 ms, so its result is kept per shape and copied)."""
    return json.loads(_stacked_layout_json(rows, float(spacing), tuple(titles)))


def axes(layout: dict, letter: str) -> list[dict]:
    """Every x (letter "x") or y axis of a layout, as update_xaxes / update_yaxes reach them."""
    return [value for key, value in layout.items() if key.startswith(letter + "axis")]


def add_step_markers(layout: dict, rows: int, step: int) -> None:
    """One vertical line at the current step in each subplot, spanning it top to bottom."""
    shapes = layout.setdefault("shapes", [])
    for row in range(1, rows + 1):
        k = axis_suffix(row)
        shapes.append({"type": "line", "name": STEP_MARKER, "x0": step, "x1": step, "y0": 0, "y1": 1,
                       "xref": f"x{k}", "yref": f"y{k} domain",
                       "line": {"color": NEUTRAL_MARKER, "width": 2}, "layer": "above"})


def subplot_layout(rows: int, row_height: float, font_scale: float) -> tuple[int, float]:
    """(figure height in px, vertical spacing as a fraction) leaving room for each subplot's title."""
    gap = 34 * font_scale  # a subplot title's height
    plot_area = rows * row_height + (rows - 1) * gap
    margins = 90 * font_scale
    spacing = gap / plot_area if rows > 1 else 0.0  # make_subplots takes it as a fraction of the plot area
    return int(math.ceil(plot_area + margins)), spacing


def style_figure(layout: dict, *, rows: int, height: int, font_scale: float, text: dict = DEFAULT_TEXT) -> None:
    """Transparent backgrounds, neutral grid, fonts scaled for presenter mode."""
    size = BASE_FONT_SIZE * font_scale
    layout.update(height=height, paper_bgcolor=TRANSPARENT, plot_bgcolor=TRANSPARENT,
                  font={"size": size}, hoverlabel={"font": {"size": size}},
                  margin={"l": 60 * font_scale, "r": 20, "t": 40 * font_scale, "b": 50 * font_scale})
    for axis in axes(layout, "x") + axes(layout, "y"):
        axis.update(gridcolor=NEUTRAL_GRID, zerolinecolor=NEUTRAL_GRID)
    for note in layout.get("annotations", []):  # the subplot titles
        note.setdefault("font", {})["size"] = size * 1.1
    layout[f"xaxis{axis_suffix(rows)}"].setdefault("title", {})["text"] = text["step_axis"]


def integer_step_ticks(layout: dict, num_steps: int, step_labels=None) -> None:
    """Steps are whole numbers: on short sequences plotly would otherwise label t = 0.5. step_labels: a word per
    step (the token read there), written under the step's number when there are at most 40 steps."""
    if step_labels is not None and num_steps <= 40:
        if len(step_labels) != num_steps:
            raise ValueError(f"step_labels must name each of the {num_steps} steps, got {len(step_labels)}")
        for axis in axes(layout, "x"):
            axis.update(tickmode="array", tickvals=list(range(num_steps)),
                        ticktext=[f"{t}<br>{label}" for t, label in enumerate(step_labels)])
    elif num_steps <= 20:
        for axis in axes(layout, "x"):
            axis.update(dtick=1, tick0=0)


def check_font_scale(font_scale) -> None:
    if not isinstance(font_scale, (int, float)) or isinstance(font_scale, bool) or not 0.5 <= font_scale <= 4:
        raise ValueError(f"font_scale must be a number from 0.5 to 4, got {font_scale!r}")


# --- the line chart -------------------------------------------------------------------------------
def line_chart(trace, **options) -> go.Figure:
    """line_chart_dict (below) as a plotly Figure."""
    return go.Figure(line_chart_dict(trace, **options))


def line_chart_dict(trace, *, layer: int = 0, direction: int = 0, batch: int = 0, units=(0,), quantities=None,
                    step: int = 0, font_scale: float = 1.0, window=None, text: dict | None = None,
                    span=None, step_labels=None, unit_names: dict | None = None) -> dict:
    """Each quantity over time in its own row (shared x = step t), one line per unit in `units`.

    step_labels: a word per step for the x axis (the character read there). unit_names: {quantity: a name per
    unit} for quantities whose units mean something (y over a vocabulary: the character each output scores).

    `text` translates the printed words (keys of DEFAULT_TEXT: quantity titles, "unit", "step", "step_axis").
    span=(t0, t1) keeps only those steps' data (the detail window of a long run; x stays in steps).

    Units a quantity does not have (e.g. unit 5 of a 2-wide y, or past proj_size for h) are skipped
    in that row. window=(t0, t1) limits the visible x range; the data stays, so panning works.
    """
    check_position(trace, layer=layer, direction=direction, batch=batch, step=step)
    check_font_scale(font_scale)
    text = figure_text(text)
    names = chosen_quantities(trace, quantities)
    series = [quantity_series(trace, q, layer=layer, direction=direction, batch=batch) for q in names]
    if span is not None:
        _checked_window(span, trace.num_steps)  # validates the pair and its bounds
        series = [_cut(first, values, int(span[0]), int(span[1])) for first, values in series]
        fig_range = [span[0], span[1]]
    else:
        fig_range = None
    units = _checked_units(units, widest=max(values.shape[1] for _, values in series))
    height, spacing = subplot_layout(len(names), 120 * math.sqrt(font_scale), font_scale)
    layout = stacked_layout(len(names), spacing, [text.get(q, q) for q in names])
    data = []
    in_legend: set[int] = set()
    for row, (q, (first_step, values)) in enumerate(zip(names, series), start=1):
        names_of = (unit_names or {}).get(q)
        for k, u in enumerate(u for u in units if u < values.shape[1]):
            if names_of is not None:  # its own legend entries: "unit 3" of y is a character, not h's unit 3
                line = _unit_line(q, u, k, first_step, values[:, u], show_legend=True, text=text,
                                  name=f"{q}: {names_of[u]}")
            else:
                line = _unit_line(q, u, k, first_step, values[:, u], show_legend=u not in in_legend, text=text)
                in_legend.add(u)
            data.append({**line, **axis_refs(row)})
        if is_gate(q):
            layout[f"yaxis{axis_suffix(row)}"]["range"] = [0.0, 1.0]  # gates live in (0, 1): a fixed scale compares
    add_step_markers(layout, len(names), step)
    style_figure(layout, rows=len(names), height=height, font_scale=font_scale, text=text)
    integer_step_ticks(layout, trace.num_steps, step_labels)
    layout.update(legend={"title": {"text": text["unit"]}}, hovermode="closest")
    x_range = _checked_window(window, trace.num_steps) if window is not None else fig_range
    if x_range is not None:
        for axis in axes(layout, "x"):
            axis["range"] = list(x_range)
    return {"data": data, "layout": layout}


def _cut(first_step: int, values: np.ndarray, t0: int, t1: int) -> tuple[int, np.ndarray]:
    """The rows of a series (starting at first_step) that fall in steps [t0, t1]."""
    lo, hi = max(t0, first_step), max(t1 + 1, first_step)
    return lo, values[lo - first_step:hi - first_step]


def _checked_units(units, *, widest: int) -> tuple[int, ...]:
    """Distinct units in the order given; each must exist in at least one of the chosen quantities."""
    units = (units,) if isinstance(units, (int, np.integer)) else tuple(units)
    if not units:
        raise ValueError("units must name at least one unit")
    for u in units:
        check_index("each unit", u, widest)
    return tuple(dict.fromkeys(int(u) for u in units))


def _checked_window(window, num_steps: int) -> list[int]:
    try:
        t0, t1 = window
    except (TypeError, ValueError):
        raise ValueError(f"window must be a pair (t0, t1), got {window!r}") from None
    check_index("window start t0", t0, num_steps)
    check_index("window end t1", t1, num_steps)
    if t1 < t0:
        raise ValueError(f"window must have t0 <= t1, got ({t0}, {t1})")
    return [t0 - 0.5, t1 + 0.5] if t0 == t1 else [t0, t1]


def _unit_line(quantity: str, unit: int, k: int, first_step: int, values, *, show_legend: bool,
               text: dict = DEFAULT_TEXT, name: str | None = None) -> dict:
    """One unit's line: the quantity's colour; units told apart by dash, then by fading after six.
    name: what the unit stands for (a character), in place of "unit k"."""
    color = QUANTITY_COLORS[quantity]
    single = len(values) == 1  # a many-to-one y has one point: a marker, or it would not show
    fade = k // len(UNIT_DASHES)
    label = name or f"{text['unit']} {unit}"
    line = {"type": "scatter", "x0": first_step, "dx": 1, "y": values, "name": label,
            "legendgroup": f"{quantity} {unit}" if name else f"unit {unit}", "showlegend": show_legend,
            "mode": "markers" if single else "lines",
            "line": {"color": color, "dash": UNIT_DASHES[k % len(UNIT_DASHES)]},
            "hovertemplate": f"{text['step']} %{{x}}<br>{label}<br>{quantity} = %{{y:.4f}}"
                             "<extra></extra>"}
    if single:
        line["marker"] = {"color": color}
    if fade:
        line["opacity"] = max(0.4, 1.0 - 0.2 * fade)
    return line


@functools.lru_cache(maxsize=1)
def _default_template() -> dict:
    return json.loads(pio.to_json(go.Figure()))["layout"]["template"]


def figure_dict(fig) -> dict:
    """The figure (a go.Figure or a plain dict) as plain JSON data, as the browser receives it (numeric arrays as
    compact base64 typed arrays; plotly's default template included, as go.Figure adds it)."""
    if isinstance(fig, go.Figure):
        return json.loads(fig.to_json())
    data = [{key: _json_value(value) for key, value in trace.items()} for trace in fig["data"]]
    layout = {"template": _default_template(), **fig["layout"]}
    return json.loads(json.dumps({"data": data, "layout": layout}))


def _json_value(value):
    if isinstance(value, np.ndarray):
        return plotly_typed_array(value)
    if isinstance(value, dict):
        return {key: _json_value(inner) for key, inner in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value


def sent_bytes(fig) -> int:
    """Bytes on the wire. plotly's to_json escapes '/' as \\u002f (HTML safety), which the stepper's own
    JSON does not, so this re-serialises compactly rather than trusting len(fig.to_json())."""
    return len(json.dumps(figure_dict(fig), separators=(",", ":")))
