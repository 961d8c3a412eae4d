"""Several networks on the same input, one row each: what each one's state does over time."""
from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .charts import DEFAULT_TEXT, figure_text
from .colors import QUANTITY_COLORS


def compare_chart(named_traces, *, quantity: str = "h", unit: int = 0, step: int | None = None,
                  font_scale: float = 1.0, text: dict | None = None) -> go.Figure:
    """named_traces: [(label, trace), ...]. Shows `quantity` of `unit` in the last layer, every direction,
    plus the head's y where a network has one (Jordan feeds it back)."""
    text = figure_text(text)
    rows = len(named_traces)
    fig = make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=0.35 / max(rows, 1),
                        subplot_titles=[label for label, _ in named_traces])
    for row, (label, trace) in enumerate(named_traces, start=1):
        values = trace[quantity][-1, :, 0]  # (D, T, size), last layer
        u = min(unit, values.shape[-1] - 1)
        for d in range(values.shape[0]):
            arrow = " ←" if d else (" →" if values.shape[0] == 2 else "")
            fig.add_trace(go.Scatter(y=values[d, :, u].tolist(), mode="lines+markers", name=f"{quantity}[{u}]{arrow}",
                                     line={"color": QUANTITY_COLORS[quantity], "dash": "dot" if d else "solid"},
                                     legendgroup=f"{quantity}{d}", showlegend=row == 1 or d == 1,
                                     hovertemplate=f"{text['step']} %{{x}}<br>{quantity}[{u}] = %{{y:.4f}}"
                                                   f"<extra>{label}</extra>"),
                          row=row, col=1)
        if "y" in trace and trace["y"].shape[1] == trace.num_steps:
            fig.add_trace(go.Scatter(y=trace["y"][0, :, 0].tolist(), mode="lines", name="y[0]",
                                     line={"color": QUANTITY_COLORS["y"], "width": 1.5}, legendgroup="y",
                                     hovertemplate=f"{text['step']} %{{x}}<br>y[0] = %{{y:.4f}}<extra>{label}</extra>"),
                          row=row, col=1)
        if step is not None:
            fig.add_vline(x=step, line={"color": "rgba(128,128,128,0.6)", "width": 1.5}, row=row, col=1)
    fig.update_xaxes(title_text=text["step_axis"], row=rows, col=1)
    fig.update_layout(height=int((130 * rows + 90) * font_scale), margin={"l": 50, "r": 20, "t": 40, "b": 40},
                      font={"size": 13 * font_scale}, paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
                      legend={"orientation": "h", "y": 1.08})
    return fig


__all__ = ["compare_chart", "DEFAULT_TEXT"]
