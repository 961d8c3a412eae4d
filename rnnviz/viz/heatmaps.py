"""Unit-by-time heatmaps: one subplot per quantity, stacked on a shared step axis."""
from __future__ import annotations

import functools
import math

import numpy as np
import plotly.graph_objects as go
from plotly.validator_cache import ValidatorCache

from .charts import (
    DEFAULT_TEXT,
    add_step_markers,
    axes,
    axis_refs,
    axis_suffix,
    check_font_scale,
    check_position,
    chosen_quantities,
    figure_text,
    integer_step_ticks,
    quantity_series,
    stacked_layout,
    style_figure,
    subplot_layout,
)
from .colors import scale_for

COLORBAR_X = 1.02  # just right of the plot area; each bar spans only its own subplot's height
# At most this many cells across all subplots (~1 MB serialised as float32): longer runs are shown as
# the mean of consecutive steps per column, an overview whose detail the line charts and diagram give.
MAX_CELLS = 160_000


def time_bin_width(num_steps: int, cells_per_step: int, max_cells: int = MAX_CELLS) -> int:
    """How many consecutive steps one heatmap column averages so that the figure stays within budget."""
    return max(1, math.ceil(num_steps * cells_per_step / max_cells))


def bin_mean(values: np.ndarray, width: int) -> np.ndarray:
    """Mean over consecutive groups of `width` rows (the last group may be shorter). values: (T, units)."""
    if width == 1:
        return values
    T, units = values.shape
    whole = T // width
    out = np.empty((-(-T // width), units), dtype=np.float32)
    # A reshape to (groups, width, units) is a view, and a mean along its middle axis is one fast pass
    # (np.add.reduceat on a float64 copy took ~30x longer at 20,000 x 512).
    out[:whole] = values[:whole * width].reshape(whole, width, units).mean(axis=1, dtype=np.float64)
    if whole * width < T:
        out[whole] = values[whole * width:].mean(axis=0, dtype=np.float64)
    return out


def heatmaps(trace, **options) -> go.Figure:
    """heatmaps_dict (below) as a plotly Figure."""
    return go.Figure(heatmaps_dict(trace, **options))


def heatmaps_dict(trace, *, layer: int = 0, direction: int = 0, batch: int = 0, quantities=None, step: int = 0,
                  font_scale: float = 1.0, text: dict | None = None, max_cells: int = MAX_CELLS,
                  step_labels=None, unit_names: dict | None = None) -> dict:
    """As a plain plotly dict (see rnnviz.viz.charts): z[unit, t] for each quantity.

    step_labels, unit_names: as line_chart_dict takes them (a token per step; {quantity: a name per unit}, which
    label that quantity's rows, e.g. y's rows by the characters they score).

    The quantities default to all recorded, the head's y included when present.
    Gates use the sequential scale fixed to 0..1; signed quantities (c, h, n, g, y) the diverging scale
    with zmin = -zmax, so 0 is always the centre colour.
    """
    check_position(trace, layer=layer, direction=direction, batch=batch, step=step)
    check_font_scale(font_scale)
    text = figure_text(text)
    names = chosen_quantities(trace, quantities)
    series = [quantity_series(trace, q, layer=layer, direction=direction, batch=batch) for q in names]
    widest = max(values.shape[1] for _, values in series)
    width = time_bin_width(trace.num_steps, sum(values.shape[1] for _, values in series), max_cells)
    # Taller rows for more units, within limits so 512 units still fit on a screen.
    row_height = min(220.0, max(90.0, 6.0 * widest)) * math.sqrt(font_scale)
    height, spacing = subplot_layout(len(names), row_height, font_scale)
    layout = stacked_layout(len(names), spacing, [text.get(q, q) for q in names])
    data = []
    for row, (q, (first_step, values)) in enumerate(zip(names, series), start=1):
        data.append({**_heatmap(q, first_step, values, font_scale, text, width), **axis_refs(row)})
        y_axis = layout[f"yaxis{axis_suffix(row)}"]
        y_axis.setdefault("title", {})["text"] = text["unit"]
        names_of = (unit_names or {}).get(q)
        if names_of is not None and len(names_of) == values.shape[1]:
            y_axis.update(tickmode="array", tickvals=list(range(len(names_of))), ticktext=list(names_of))
        elif values.shape[1] <= 16:
            y_axis.update(dtick=1, tick0=0)  # no "unit 0.5" ticks
    _place_colorbars(data, layout)
    add_step_markers(layout, len(names), step)
    style_figure(layout, rows=len(names), height=height, font_scale=font_scale, text=text)
    layout["margin"]["r"] = 90 * font_scale  # room for the colour bars
    integer_step_ticks(layout, trace.num_steps, step_labels)
    for axis in axes(layout, "x"):
        axis["showgrid"] = False
    for axis in axes(layout, "y"):
        axis.update(showgrid=False, zeroline=False)
    return {"data": data, "layout": layout}


def color_range(quantity: str, values: np.ndarray) -> dict:
    """Colour arguments: gates 0..1; others symmetric about 0 (±max|v|), so 0 sits at the centre colour."""
    colors = scale_for(quantity)
    colors["colorscale"] = _color_stops(colors["colorscale"])
    if "zmid" in colors:
        # An explicit symmetric zmin/zmax; zmid would be ignored once zmin/zmax are set.
        colors.pop("zmid")
        bound = float(np.abs(values).max()) if values.size else 0.0
        bound = bound if bound > 0 else 1.0  # an all-zero quantity still needs a non-empty range
        colors.update(zmin=-bound, zmax=bound)
    return colors


@functools.lru_cache(maxsize=16)
def _stops(name: str) -> tuple:
    return tuple(map(tuple, ValidatorCache.get_validator("heatmap", "colorscale").validate_coerce(name)))


def _color_stops(name: str) -> list:
    """A named scale as plotly's validator expands it (figure dicts skip validation, so this does it once)."""
    return [list(stop) for stop in _stops(name)]


def _heatmap(quantity: str, first_step: int, values: np.ndarray, font_scale: float,
             text: dict = DEFAULT_TEXT, width: int = 1) -> dict:
    # A binned column's centre sits in the middle of its steps, so x stays in steps and the
    # step marker needs no translation.
    binned = values.shape[0] > 1 and width > 1
    z = bin_mean(values, width) if binned else values
    mean_of = f" ({text.get('mean_of', 'mean of')} {width})" if binned else ""
    return {
        "type": "heatmap",
        # contiguous float32 serialises as compact base64; a transposed view would go out as text
        "z": np.ascontiguousarray(z.T), "x0": first_step + (width - 1) / 2 if binned else first_step,
        "dx": width if binned else 1, "y0": 0, "dy": 1, "name": quantity,
        "hovertemplate": f"{text['step']} %{{x}}{mean_of}<br>{text['unit']} %{{y}}<br>{quantity} = %{{z:.4f}}"
                         "<extra></extra>",
        "colorbar": {"thickness": 12 * font_scale, "x": COLORBAR_X, "xanchor": "left",
                     "title": {"text": quantity, "side": "top"}},
        **color_range(quantity, values)}


def _place_colorbars(data: list[dict], layout: dict) -> None:
    """Centre each colour bar on its own subplot and make it that subplot's height, so none overlap."""
    for row, trace in enumerate(data, start=1):
        bottom, top = layout[f"yaxis{axis_suffix(row)}"]["domain"]
        trace["colorbar"].update(y=(bottom + top) / 2, yanchor="middle", len=top - bottom, lenmode="fraction")
