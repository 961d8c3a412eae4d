"""Figures for the trained lessons: loss curves of several models, a state per step, a small image."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .colors import DIVERGING_SCALE, QUANTITY_COLORS

__all__ = ["loss_curves", "state_heatmap", "digit_image"]

_LINE_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")  # Okabe-Ito


def _style(fig: go.Figure, *, height: int, font_scale: float, title: str = "") -> go.Figure:
    # The legend sits above the plot, under a title when there is one (both at the top would overlap).
    top = (64 if title else 36) * font_scale
    fig.update_layout(height=int(height * font_scale), margin={"l": 10, "r": 10, "t": top, "b": 30},
                      font={"size": 13 * font_scale}, paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
                      title={"text": title, "font": {"size": 14 * font_scale}, "y": 0.98, "yanchor": "top"},
                      legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"})
    return fig


def loss_curves(curves: dict, *, x_title: str = "epoch", y_title: str = "loss", log_y: bool = False,
                title: str = "", font_scale: float = 1.0) -> go.Figure:
    """curves: name -> list of values, one per epoch (epochs count from 1)."""
    fig = go.Figure()
    for k, (name, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float)
        fig.add_trace(go.Scatter(x=np.arange(1, len(values) + 1), y=values, mode="lines", name=str(name),
                                 line={"color": _LINE_COLORS[k % len(_LINE_COLORS)], "width": 2.5}))
    fig.update_xaxes(title=x_title, showgrid=True, gridcolor="rgba(128,128,128,0.2)")
    fig.update_yaxes(title=y_title, type="log" if log_y else "linear", showgrid=True,
                     gridcolor="rgba(128,128,128,0.2)")
    return _style(fig, height=300, font_scale=font_scale, title=title)


def state_heatmap(values, step_labels, *, quantity: str = "h", title: str = "", font_scale: float = 1.0,
                  unit_title: str = "unit") -> go.Figure:
    """values (T, units): one column per step (labelled), one row per unit, diverging colours about 0."""
    v = np.asarray(values, dtype=float)
    if v.ndim != 2 or v.shape[0] != len(step_labels):
        raise ValueError(f"values must have shape (steps, units) with steps = {len(step_labels)}; got {v.shape}")
    bound = max(1e-6, float(np.abs(v).max()))
    fig = go.Figure(go.Heatmap(
        z=v.T, x=list(range(v.shape[0])), y=list(range(v.shape[1])), zmin=-bound, zmax=bound, zmid=0,
        colorscale=DIVERGING_SCALE, xgap=1, ygap=1, colorbar={"title": quantity, "thickness": 12},
        customdata=[list(step_labels)] * v.shape[1],
        hovertemplate="%{customdata}, " + unit_title + " %{y}: " + quantity + " = %{z:.3f}<extra></extra>"))
    every = 1 if v.shape[0] <= 16 else 8  # 64 pixel steps: a label every 8th step (each row's first pixel)
    fig.update_xaxes(tickvals=list(range(0, v.shape[0], every)), ticktext=[str(s) for s in step_labels][::every],
                     side="bottom", showgrid=False, tickfont={"size": 15 * font_scale, "color": QUANTITY_COLORS["x"]})
    fig.update_yaxes(title=unit_title, autorange="reversed", showgrid=False)
    return _style(fig, height=min(420, 90 + 18 * v.shape[1]), font_scale=font_scale, title=title)


def digit_image(image, *, title: str = "", font_scale: float = 1.0, row_title: str = "row = step",
                hover: str = "row %{y}, pixel %{x}") -> go.Figure:
    """An (8, 8) image in 0..1, dark ink on light paper, rows numbered as the steps that read them.
    hover: the words of a pixel's hover label (Plotly's %{y} row, %{x} column), in the page's language."""
    img = np.asarray(image, dtype=float)
    fig = go.Figure(go.Heatmap(z=img, zmin=0, zmax=1, colorscale="Greys", showscale=False, xgap=1, ygap=1,
                               hovertemplate=hover + ": %{z:.2f}<extra></extra>"))
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, scaleanchor="y")
    fig.update_yaxes(title=row_title, autorange="reversed", tickvals=list(range(img.shape[0])), showgrid=False,
                     zeroline=False)
    return _style(fig, height=260, font_scale=font_scale, title=title)
