"""Figures for gradients through time (course §5): the repeated weight, per-step gradient norms, the loss
surface with descent paths, and the loss along each path. Pure: numbers in, plotly Figure out."""
from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from .charts import BASE_FONT_SIZE, NEUTRAL_GRID, TRANSPARENT, check_font_scale

# Words the figures print; a page passes its translations (same keys) as `text`.
DEFAULT_GRAD_TEXT = {
    "step_axis": "step t",
    "abs_h": "|h_t| (log scale)",
    "grad_x": "‖∂L/∂x_t‖ (log scale)",
    "grad_h": "‖∂L/∂h_t‖ (log scale)",
    "underflow": "float64 reads 0 from step {step}",
    "w_axis": "recurrent weight w",
    "u_axis": "input weight u",
    "log_loss": "log₁₀ loss",
    "start": "start",
    "thrown": "thrown to (w, u) = ({w:.3g}, {u:.3g})",
    "iteration": "gradient-descent step",
    "loss_axis": "loss (log scale)",
}

# Okabe-Ito colours for cell kinds and paths; distinct from one another and colour-blind safe.
CELL_COLORS = {"rnn": "#D55E00", "gru": "#0072B2", "lstm": "#CC79A7", "lstm_open": "#009E73"}
UNCLIPPED_COLOR = "#D55E00"
CLIPPED_COLOR = "#56B4E9"
# Forget-gate biases in shades of the forget gate's own orange, darker = more open.
# One hue (the forget gate's), far apart in lightness, with a dash each: told apart in greyscale and by the
# colour-blind. A bias's line gets FORGET_SHADES[k] and FORGET_DASHES[k].
FORGET_SHADES = ("#E8B23A", "#B87800", "#5E3C00", "#2E1D00")
FORGET_DASHES = ("dot", "dash", "solid", "solid")
LOSS_SCALE = "Cividis"  # sequential, colour-blind safe, and not the gates' Viridis


def _text(text: dict | None) -> dict:
    return {**DEFAULT_GRAD_TEXT, **(text or {})}


def _style(fig: go.Figure, *, height: int, font_scale: float) -> go.Figure:
    size = BASE_FONT_SIZE * font_scale
    fig.update_layout(height=int(height * font_scale), paper_bgcolor=TRANSPARENT, plot_bgcolor=TRANSPARENT,
                      font={"size": size}, hoverlabel={"font": {"size": size}},
                      margin={"l": 70 * font_scale, "r": 20, "t": 30 * font_scale, "b": 50 * font_scale},
                      legend={"orientation": "h", "y": -0.22, "x": 0})
    fig.update_xaxes(gridcolor=NEUTRAL_GRID, zeroline=False)
    fig.update_yaxes(gridcolor=NEUTRAL_GRID, zeroline=False)
    return fig


def _log_range(arrays, floor: float, ceiling: float) -> list[float]:
    """A log10 axis range covering the positive values, clamped so one extreme line cannot flatten the rest."""
    positive = np.concatenate([np.abs(np.asarray(a, dtype=np.float64)).ravel() for a in arrays])
    positive = positive[np.isfinite(positive) & (positive > 0)]
    if positive.size == 0:
        return [floor, 1.0]
    low = max(math.log10(positive.min()), floor)
    high = min(math.log10(positive.max()), ceiling)
    pad = max(0.5, 0.05 * (high - low))
    return [low - pad, high + pad]


def repeated_weight_figure(series, *, floor: float = -40.0, font_scale: float = 1.0,
                           text: dict | None = None) -> go.Figure:
    """series: [(label, trajectory h_1..h_T, colour, emphasised), ...]. |h_t| on a log axis over t = 1..T.

    Exact zeros (float64 underflow) cannot sit on a log axis: the line stops there and a dotted marker
    says from which step the run reads 0. The axis is clamped at 10^floor.
    """
    check_font_scale(font_scale)
    text = _text(text)
    fig = go.Figure()
    for label, h, color, emphasised in series:
        h = np.asarray(h, dtype=np.float64)
        t = np.arange(1, h.size + 1)
        shown = np.where(h != 0, np.abs(h), np.nan)
        fig.add_trace(go.Scatter(x=t, y=shown, mode="lines", name=label, connectgaps=False,
                                 line={"color": color, "width": 3 if emphasised else 1.5,
                                       "dash": "solid" if emphasised else "dot"},
                                 hovertemplate=f"{label}<br>t = %{{x}}<br>|h_t| = %{{y:.4g}}<extra></extra>"))
        zeros = np.flatnonzero(h == 0)
        if zeros.size and h[0] != 0:
            step = int(zeros[0]) + 1
            fig.add_vline(x=step, line={"color": color, "dash": "dot", "width": 1})
            fig.add_annotation(x=step, y=1, yref="paper", text=text["underflow"].format(step=step),
                               showarrow=False, xanchor="left", yanchor="top",
                               # dark text on its own light box reads on both themes; the border names the line
                               bgcolor="rgba(255,255,255,0.85)", bordercolor=color, font={"color": "#222"})
    fig.update_yaxes(type="log", title_text=text["abs_h"], exponentformat="power",
                     range=_log_range([s[1] for s in series], floor, -floor))
    fig.update_xaxes(title_text=text["step_axis"])
    return _style(fig, height=380, font_scale=font_scale)


def gradient_norms_figure(series, *, wrt: str = "x", font_scale: float = 1.0, text: dict | None = None,
                          label_ends: bool = False) -> go.Figure:
    """series: [(label, norms over t = 1..T, colour[, dash]), ...]: one line per network, log y. label_ends: write
    each label at its line's last point too (lines of one hue, told apart by lightness and dash, then need no
    legend lookup from the back of a room)."""
    check_font_scale(font_scale)
    text = _text(text)
    fig = go.Figure()
    for label, norms, color, *dash in series:
        norms = np.asarray(norms, dtype=np.float64)
        y = np.where(norms > 0, norms, np.nan)
        fig.add_trace(go.Scatter(x=np.arange(1, norms.size + 1), y=y, mode="lines", name=label,
                                 line={"color": color, "width": 2.5, "dash": dash[0] if dash else "solid"},
                                 hovertemplate=f"{label}<br>t = %{{x}}<br>%{{y:.3g}}<extra></extra>"))
        finite = np.flatnonzero(np.isfinite(y))
        if label_ends and finite.size:
            last = int(finite[-1])
            fig.add_annotation(x=last + 1, y=float(np.log10(y[last])), text=label, showarrow=False, xanchor="left",
                               xshift=6, font={"color": color, "size": round(13 * font_scale)})
    fig.update_yaxes(type="log", exponentformat="power", title_text=text["grad_x" if wrt == "x" else "grad_h"])
    fig.update_xaxes(title_text=text["step_axis"])
    if label_ends:
        fig.update_layout(margin={"r": round(90 * font_scale)}, showlegend=False)
    return _style(fig, height=400, font_scale=font_scale)


def _exit_point(inside, outside, xr, yr):
    """Where the segment inside -> outside crosses the rectangle xr x yr."""
    (x0, y0), (x1, y1) = inside, outside
    fractions = [1.0]
    for lo, hi, a, b in ((xr[0], xr[1], x0, x1), (yr[0], yr[1], y0, y1)):
        for edge in (lo, hi):
            if b != a and 0 <= (edge - a) / (b - a) <= 1 and (b - edge) * (a - edge) < 0:
                fractions.append((edge - a) / (b - a))
    f = min(fractions)
    return x0 + f * (x1 - x0), y0 + f * (y1 - y0)


def loss_surface_figure(W, U, L, paths=(), *, font_scale: float = 1.0, text: dict | None = None) -> go.Figure:
    """The loss (log10) over the (w, u) grid, with descent paths: [(label, points (n, 2), colour[, width]), ...].

    A path that leaves the grid is drawn to the edge, and a note says where it landed.
    """
    check_font_scale(font_scale)
    text = _text(text)
    w, u = W[0], U[:, 0]
    xr, yr = (float(w[0]), float(w[-1])), (float(u[0]), float(u[-1]))
    z = np.log10(np.maximum(L, 1e-16))
    fig = go.Figure(go.Heatmap(x=w, y=u, z=z, colorscale=LOSS_SCALE, colorbar={"title": {"text": text["log_loss"]}},
                               hovertemplate="w = %{x:.3f}<br>u = %{y:.3f}<br>" + text["log_loss"]
                               + " = %{z:.2f}<extra></extra>"))
    for k, (label, points, color, *width) in enumerate(paths):
        points = np.asarray(points, dtype=np.float64)
        inside = (points[:, 0] >= xr[0]) & (points[:, 0] <= xr[1]) & (points[:, 1] >= yr[0]) & (points[:, 1] <= yr[1])
        leaves = np.flatnonzero(~inside)
        drawn = points if leaves.size == 0 else points[:leaves[0]]
        if leaves.size and leaves[0] > 0:
            edge = _exit_point(points[leaves[0] - 1], points[leaves[0]], xr, yr)
            drawn = np.vstack([drawn, edge])
            landing = points[leaves[0]]
            fig.add_annotation(x=edge[0], y=edge[1], text=text["thrown"].format(w=landing[0], u=landing[1]),
                               showarrow=True, arrowhead=2, arrowcolor=color, ax=60, ay=-30 - 30 * k,
                               bgcolor="rgba(255,255,255,0.85)", font={"color": "#222"})
        fig.add_trace(go.Scatter(x=drawn[:, 0], y=drawn[:, 1], mode="lines+markers", name=label,
                                 line={"color": color, "width": width[0] if width else 2.5},
                                 marker={"size": 5, "color": color, "line": {"color": "white", "width": 0.5}},
                                 hovertemplate=f"{label}<br>w = %{{x:.3f}}<br>u = %{{y:.3f}}<extra></extra>"))
    if paths:
        start = np.asarray(paths[0][1])[0]
        fig.add_trace(go.Scatter(x=[start[0]], y=[start[1]], mode="markers", name=text["start"],
                                 marker={"symbol": "star", "size": 16, "color": "white",
                                         "line": {"color": "black", "width": 1.5}}))
    fig.update_xaxes(range=list(xr), title_text=text["w_axis"])
    fig.update_yaxes(range=list(yr), title_text=text["u_axis"])
    return _style(fig, height=480, font_scale=font_scale)


def descent_loss_figure(paths, *, font_scale: float = 1.0, text: dict | None = None) -> go.Figure:
    """The loss at every descent step, one line per path: [(label, losses, colour), ...]."""
    check_font_scale(font_scale)
    text = _text(text)
    fig = go.Figure()
    for label, losses, color in paths:
        losses = np.asarray(losses, dtype=np.float64)
        fig.add_trace(go.Scatter(x=np.arange(losses.size), y=np.maximum(losses, 1e-16), mode="lines", name=label,
                                 line={"color": color, "width": 2.5},
                                 hovertemplate=f"{label}<br>%{{x}}: %{{y:.3g}}<extra></extra>"))
    fig.update_yaxes(type="log", exponentformat="power", title_text=text["loss_axis"])
    fig.update_xaxes(title_text=text["iteration"])
    return _style(fig, height=480, font_scale=font_scale)
