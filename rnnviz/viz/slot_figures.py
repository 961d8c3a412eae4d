"""Slot probabilities per word: one heatmap, words across, slots down, the probability written in each cell."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .colors import GATE_SCALE


def slot_heatmap(words, slot_names, probabilities, *, title: str = "", font_scale: float = 1.0) -> go.Figure:
    """probabilities: (len(words), len(slot_names)) in [0, 1], as a tagger's softmax gives them."""
    p = np.asarray(probabilities, dtype=float)
    if p.shape != (len(words), len(slot_names)):
        raise ValueError(f"probabilities must have shape (words, slots) = {(len(words), len(slot_names))}; "
                         f"got {p.shape}")
    # Columns are positions (a word may repeat), labelled with the words.
    fig = go.Figure(go.Heatmap(
        z=p.T, x=list(range(len(words))), y=list(slot_names), customdata=[list(words)] * len(slot_names),
        zmin=0.0, zmax=1.0, colorscale=GATE_SCALE, showscale=False, text=[[f"{v:.0%}" for v in row] for row in p.T],
        texttemplate="%{text}", textfont={"size": 12 * font_scale}, xgap=2, ygap=2,
        hovertemplate="%{customdata}<br>%{y}: %{z:.3f}<extra></extra>"))
    fig.update_layout(title={"text": title, "font": {"size": 14 * font_scale}},
                      height=int(80 + 42 * len(slot_names) * font_scale),
                      margin={"l": 10, "r": 10, "t": 36 if title else 10, "b": 30}, font={"size": 13 * font_scale},
                      paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)")
    fig.update_xaxes(side="bottom", tickangle=0, tickvals=list(range(len(words))), ticktext=list(words),
                     showgrid=False, zeroline=False)
    fig.update_yaxes(autorange="reversed", showgrid=False, zeroline=False)
    return fig


__all__ = ["slot_heatmap"]
