"""Instant choices on Step through: which layer, direction and unit the diagram follows, and which units
the line charts draw, are chosen inside the stepper (stepper.js) without a server round trip.

For that the browser needs every unit's numbers. choice_content() sends them, within CHOICE_BUDGET_BYTES:
    scope "all"    every layer and direction (layer, direction, unit and chart units chosen in the browser)
    scope "layer"  every unit of the shown layer and direction (unit and chart units in the browser; layer
                   and direction stay Streamlit widgets, a server round trip)
    None           too big even for that: every choice stays a Streamlit widget (today's way)

Data contract (stepper.py passes it on as data.choices; stepper.js "choices" section reads it):
    scope, layers, directions, hidden, cell, max_units
    series      {"l,d": {q: float32 (T_q, W_q)}}: every recorded quantity but y, per layer and direction
    y           float32 (T_y, W_y) or None: the head's output (no layer or direction)
    initial     {"l,d": {"h": [W], "c": [W]}}, y_initial [W] (Jordan): the states before the first step
    inputs      {"l": float32 (T, <=4)}: what a layer reads (the sequence, or the layer below's h)
    diagrams    [cell_diagram(spec, direction=d) for d]: the geometry differs by direction (t-1 / t+1)
    rows        the line chart's rows [{q, xaxis, yaxis}], dashes, words: to rebuild its lines in JS
                (as rnnviz.viz.charts._unit_line draws them)
    span        the line chart's detail window (t0, t1) or None
    heatmaps    {"l,d": heatmap traces} (scope "all" with more than one layer or direction)
    equations   {"l,d": [rnnviz.viz.equations.equation_template(...) per unit]} when every unit's template at
                every step costs at most EQUATION_STEPS_BUDGET equations() runs, else None (then the page renders
                the equations on the server, for the choice it last heard)
    built       {layer, direction, units}: what the figures in data.figures were drawn for
A unit past a narrower vector (h with proj_size, a Jordan y) shows that vector's last entry, as
rnnviz.viz.diagram.diagram_values does.
"""
from __future__ import annotations

import os

from rnnviz.model.trace import Trace
from rnnviz.viz.charts import UNIT_DASHES, axis_refs, figure_dict, quantity_series
from rnnviz.viz.diagram import MAX_X_SLOTS, _layer_input, cell_diagram
from rnnviz.viz.equations import equation_template
from rnnviz.viz.heatmaps import MAX_CELLS, heatmaps_dict
from rnnviz.viz.typed_arrays import typed_array

CHOICE_BUDGET_BYTES = 8_000_000  # payload for the choices; a float32 as base64 is 16/3 bytes
BUDGET_ENV = "RNNVIZ_CHOICE_BUDGET_BYTES"  # overrides it (the benchmark's baseline and tests use 0: widgets)
EQUATION_STEPS_BUDGET = 2000  # equations() runs (~0.3 ms each) for the templates of every unit at every step
MAX_CHART_UNITS = 8  # as many units as the line charts draw at once (the old multiselect's limit)
_BYTES_PER_VALUE = 16 / 3


def _widths(trace: Trace) -> tuple[int, int]:
    """(sum of one layer and direction's widths over its quantities, the y head's width)."""
    per_cell = sum(trace[q].shape[-1] for q in trace.quantities if q != "y")
    return per_cell, (trace["y"].shape[-1] if "y" in trace else 0)


def estimated_bytes(trace: Trace, scope: str) -> int:
    """What choice_content(scope) weighs, from the shapes alone (building it at the caps would itself be slow)."""
    spec = trace.spec
    per_cell, y_width = _widths(trace)
    cells = 1 if scope == "layer" else spec.num_layers * spec.num_directions
    layers = 1 if scope == "layer" else spec.num_layers
    values = cells * trace.num_steps * per_cell + trace.num_steps * (y_width + layers * MAX_X_SLOTS)
    if scope == "all" and cells > 1:
        values += cells * min(trace.num_steps * (per_cell + y_width), MAX_CELLS)
    return int(values * _BYTES_PER_VALUE)


def choice_scope(trace: Trace, budget: int | None = None) -> str | None:
    """How much of the choosing the browser can do for this trace (see the module docstring)."""
    if budget is None:
        budget = int(os.environ.get(BUDGET_ENV, CHOICE_BUDGET_BYTES))
    for scope in ("all", "layer"):
        if estimated_bytes(trace, scope) <= budget:
            return scope
    return None


def equations_fit(trace: Trace, scope: str | None) -> bool:
    """Whether the browser gets every equation template (see EQUATION_STEPS_BUDGET)."""
    spec = trace.spec
    cells = 0 if scope is None else 1 if scope == "layer" else spec.num_layers * spec.num_directions
    return 0 < cells * spec.hidden_size * trace.num_steps <= EQUATION_STEPS_BUDGET


def choice_content(trace: Trace, *, scope: str, layer: int, direction: int, units, span, heatmap_options: dict,
                   words: dict, rows: list, params: dict | None = None, unit_names: dict | None = None,
                   x_label: str | None = None) -> dict:
    """The versioned part of data.choices (see the module docstring); batch element 0. unit_names and x_label as
    line_chart_dict and cell_diagram take them (what y's units and x stand for)."""
    spec = trace.spec
    cells = [(layer, direction)] if scope == "layer" else \
        [(l, d) for l in range(spec.num_layers) for d in range(spec.num_directions)]
    series, initial, heatmaps = {}, {}, {}
    for l, d in cells:
        name = f"{l},{d}"
        series[name] = {q: typed_array(quantity_series(trace, q, layer=l, direction=d, batch=0)[1])
                        for q in trace.quantities if q != "y"}
        initial[name] = {q: trace.initial[q][l, d, 0].tolist() for q in ("h", "c") if q in trace.initial}
        if scope == "all" and len(cells) > 1:
            heatmaps[name] = figure_dict(heatmaps_dict(trace, layer=l, direction=d, **heatmap_options))["data"]
    layers = sorted({l for l, _ in cells})
    equations = None
    if params is not None and equations_fit(trace, scope):
        equations = {f"{l},{d}": [equation_template(trace, params, unit=u, layer=l, direction=d)
                                  for u in range(spec.hidden_size)] for l, d in cells}
    return {
        "scope": scope, "layers": spec.num_layers, "directions": spec.num_directions, "hidden": spec.hidden_size,
        "cell": spec.cell, "max_units": MAX_CHART_UNITS,
        "series": series, "initial": initial, "heatmaps": heatmaps, "equations": equations,
        "y": typed_array(quantity_series(trace, "y", layer=0, direction=0, batch=0)[1]) if "y" in trace else None,
        "y_initial": trace.initial["y"][0, 0, 0].tolist() if "y" in trace.initial else None,
        "inputs": {str(l): typed_array(_layer_input(trace, l, 0)[:, :MAX_X_SLOTS].numpy()) for l in layers},
        "diagrams": [cell_diagram(spec, direction=d, x_label=x_label) for d in range(spec.num_directions)],
        "rows": rows, "dashes": list(UNIT_DASHES), "words": words, "unit_names": unit_names or {},
        "span": list(span) if span else None,
        "built": {"layer": layer, "direction": direction, "units": [int(u) for u in units]},
    }


def chart_rows(quantities) -> list[dict]:
    """The line chart's rows in order: each subplot's quantity and its axes (as line_chart_dict lays them out)."""
    return [{"q": q, **axis_refs(row)} for row, q in enumerate(quantities, start=1)]
