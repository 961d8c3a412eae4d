"""One colour per quantity on every page (Okabe-Ito, colour-blind safe), and the two value scales."""
from __future__ import annotations

# Okabe & Ito (2008) palette; each quantity keeps its colour everywhere (charts, diagram, tables).
QUANTITY_COLORS = {
    "i": "#0072B2",  # input gate: blue
    "f": "#E69F00",  # forget gate: orange
    "g": "#009E73",  # candidate: bluish green
    "o": "#D55E00",  # output gate: vermillion
    "c": "#CC79A7",  # cell state: reddish purple
    "h": "#56B4E9",  # hidden state: sky blue
    "r": "#D55E00",  # GRU reset gate
    "z": "#0072B2",  # GRU update gate
    "n": "#009E73",  # GRU candidate
    "y": "#8B7500",  # readout (a darkened Okabe-Ito yellow, legible on white)
    "x": "#7F7F7F",  # input
}

# Gates live in (0, 1): a sequential scale. c, h and weights are signed: a diverging scale centred on 0.
GATE_SCALE = "Viridis"
DIVERGING_SCALE = "RdBu_r"
GATES = frozenset("ifozr")


def is_gate(quantity: str) -> bool:
    return quantity in GATES


def scale_for(quantity: str) -> dict:
    """Plotly heatmap colour arguments for a quantity: gates 0..1 sequential, others symmetric about 0."""
    if is_gate(quantity):
        return {"colorscale": GATE_SCALE, "zmin": 0.0, "zmax": 1.0}
    return {"colorscale": DIVERGING_SCALE, "zmid": 0.0}
