"""Figures for the Interpret page: the text coloured by one unit, units ranked by a feature, a unit against
the feature, gate saturation, and how far back the output listens. Pure: data in, plotly Figure or an HTML
string out; every word a figure prints comes in as an argument (the page is English and Chinese).
"""
from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
import plotly.colors as pcolors
import plotly.graph_objects as go

from .charts import BASE_FONT_SIZE, NEUTRAL_GRID, TRANSPARENT, check_font_scale
from .colors import DIVERGING_SCALE, GATE_SCALE, QUANTITY_COLORS, is_gate

__all__ = [
    "HEAT_LEVELS", "heat_color", "text_heat_html", "unit_ranking_chart", "feature_scatter",
    "saturation_scatter", "memory_reach_chart", "REACH_COLORS",
]

# The text view quantises a scale into this many colours (levels 0 .. HEAT_LEVELS - 1; an odd count puts
# 0 of the diverging scale exactly on its middle colour). Finer steps are invisible on a character.
HEAT_LEVELS = 65
NAN_COLOR = ("#9E9E9E", "#000000")  # a non-finite value: grey, black text
# Okabe-Ito, colour-blind safe, for lines that are not a quantity (e.g. one per cell kind).
# The seventh is a mid grey, not black: black lines vanish on the dark theme.
REACH_COLORS = ("#D55E00", "#0072B2", "#CC79A7", "#009E73", "#E69F00", "#56B4E9", "#8C8C8C")

_MARKDOWN_SPECIAL = {c: f"&#{ord(c)};" for c in "$*_`~\\[]#|"}  # inert if a page renders through markdown
_CONTROL_SHOWN = {"\t": "⇥", "\r": "␍"}


# --- colours ------------------------------------------------------------------------------------------
def _hex(rgb: str) -> str:
    r, g, b = (int(round(float(v))) for v in rgb[rgb.index("(") + 1:-1].split(","))
    return f"#{r:02x}{g:02x}{b:02x}"


def _readable_on(background: str) -> str:
    """Black or white text, whichever contrasts more with the background (WCAG relative luminance)."""
    channels = [int(background[k:k + 2], 16) / 255 for k in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def _table(scale: str) -> list[tuple[str, str]]:
    points = [k / (HEAT_LEVELS - 1) for k in range(HEAT_LEVELS)]
    backgrounds = [_hex(c) for c in pcolors.sample_colorscale(pcolors.get_colorscale(scale), points)]
    return [(bg, _readable_on(bg)) for bg in backgrounds]


_TABLES = {"g": _table(GATE_SCALE), "d": _table(DIVERGING_SCALE)}


def _level(value: float, gate: bool, bound: float) -> int | None:
    """The colour level of a value: gates 0..1 on the sequential scale, others -bound..bound (clipped)."""
    if not math.isfinite(value):
        return None
    p = value if gate else 0.5 + 0.5 * value / bound
    return int(round(min(max(p, 0.0), 1.0) * (HEAT_LEVELS - 1)))


def heat_color(quantity: str, value: float, bound: float = 1.0) -> tuple[str, str]:
    """(background, text colour) for a value as the text view draws it: a gate on its sequential scale
    from 0 to 1, anything else on the diverging scale from -bound to bound (white at 0)."""
    level = _level(float(value), is_gate(quantity), bound)
    return NAN_COLOR if level is None else _TABLES["g" if is_gate(quantity) else "d"][level]


# --- the text coloured by one unit (Karpathy et al. 2015) ----------------------------------------------
def _checked_ranges(name: str, ranges, size: int) -> list[tuple[int, int]]:
    out = []
    for item in ranges:
        try:
            start, end = item
        except (TypeError, ValueError):
            raise ValueError(f"each of {name} must be a pair (start, end), got {item!r}") from None
        for v in (start, end):
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not 0 <= v < size:
                raise ValueError(f"{name} must hold steps from 0 to {size - 1}, got {item!r}")
        if end < start:
            raise ValueError(f"{name} must have start <= end, got {item!r}")
        out.append((int(start), int(end)))
    return out


def _shown_char(ch: str) -> str:
    if ch == "\n":
        return "↵"
    if ch in _CONTROL_SHOWN:
        return _CONTROL_SHOWN[ch]
    if ord(ch) < 32 or ord(ch) == 127:  # other control characters: their Unicode control picture
        return chr(0x2421) if ord(ch) == 127 else chr(0x2400 + ord(ch))
    return _MARKDOWN_SPECIAL.get(ch) or html.escape(ch, quote=True)


def _legend_html(gate: bool, bound: float, font_px: float) -> str:
    table = _TABLES["g" if gate else "d"]
    stops = ",".join(table[k][0] for k in range(0, HEAT_LEVELS, 8))
    low, high = (0.0, 1.0) if gate else (-bound, bound)
    return (f'<div class="rnv-legend" style="display:flex;align-items:center;gap:0.5em;'
            f'font-size:{font_px * 0.7:.0f}px;margin-bottom:0.4em">'
            f'<span>{low:.3g}</span><span style="display:inline-block;width:12em;height:0.9em;'
            f'background:linear-gradient(to right,{stops})"></span><span>{high:.3g}</span></div>')


def text_heat_html(text: str, values, quantity: str, *, highlights=(), query=None, max_chars: int = 5000,
                   cut_note: str = "… (the first {shown} of {total} characters)", scale_max: float | None = None,
                   font_size: float = 20, legend: bool = True, first_step: int = 0) -> str:
    """The text with each character's background coloured by one unit's value (Karpathy et al. 2015).

    values: (len(text),) the unit's value after reading each character. Gates (i f o r z) use the
    sequential scale from 0 to 1; c, h, y, g, n the diverging scale, white at 0 and symmetric about it up
    to scale_max (default: the largest |value| shown; 1 if all are 0). Text is black or white, whichever
    reads better on its background; each character's title (tooltip) is "step: value". A newline shows as
    ↵ followed by a line break; spaces keep their width and colour (white-space: pre-wrap); tabs and other
    control characters show as visible symbols. Every character is HTML-escaped (and markdown's special
    characters written as entities, in case a page renders it through markdown).

    highlights: [(start, end), ...] inclusive step ranges outlined with a black-and-white ring (pattern
    search matches; overlapping ranges merge). query: one (start, end) range outlined with a dashed ring
    (the selection searched for), drawn over any highlight it overlaps.
    Text longer than max_chars is cut to its first max_chars characters and ends with cut_note (formatted
    with shown and total); ranges past the cut are cut with it. first_step: the step of text[0] (a window
    of a longer text), for the tooltips. Returns one <div> (with its <style>), for
    st.html or st.markdown(unsafe_allow_html=True). Each character is an <i> styled upright (6 bytes
    shorter than a <span>): about 43 bytes a character.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__}")
    v = np.asarray(values, dtype=np.float64)
    if v.shape != (len(text),):
        raise ValueError(f"values must hold one number per character: shape ({len(text)},), got {v.shape}")
    if isinstance(max_chars, bool) or not isinstance(max_chars, (int, np.integer)) or max_chars < 1:
        raise ValueError(f"max_chars must be a whole number of at least 1, got {max_chars!r}")
    if isinstance(font_size, bool) or not isinstance(font_size, (int, float)) or not 6 <= font_size <= 96:
        raise ValueError(f"font_size must be a number of pixels from 6 to 96, got {font_size!r}")
    ranges = _checked_ranges("highlights", highlights, len(text)) if len(text) else []
    query_range = _checked_ranges("query", [query], len(text))[0] if query is not None else None
    shown = min(len(text), int(max_chars))
    gate = is_gate(quantity)
    visible = v[:shown][np.isfinite(v[:shown])]
    if scale_max is not None:
        if isinstance(scale_max, bool) or not isinstance(scale_max, (int, float)) or not 0 < scale_max < math.inf:
            raise ValueError(f"scale_max must be a positive number, got {scale_max!r}")
        bound = float(scale_max)
    else:
        bound = float(np.abs(visible).max()) if visible.size else 0.0
        bound = bound if bound > 0 else 1.0

    box = np.zeros(shown, dtype=np.int8)  # 0: none, 1: a highlight, 2: the query
    starts_box = np.zeros(shown, dtype=bool)  # a new highlight box starts here (adjacent ranges stay apart)
    for start, end in sorted(ranges):
        if start < shown:
            if not box[start]:
                starts_box[start] = True
            box[start:end + 1] = 1
    if query_range is not None and query_range[0] < shown:
        box[query_range[0]:query_range[1] + 1] = 2
        starts_box[query_range[0]] = True
        if query_range[1] + 1 < shown and box[query_range[1] + 1] == 1:
            starts_box[query_range[1] + 1] = True

    prefix = "g" if gate else "d"
    used: set[str] = set()
    parts: list[str] = []
    open_box = 0
    for t in range(shown):
        if open_box and (box[t] != open_box or starts_box[t]):
            parts.append("</span>")
            open_box = 0
        if box[t] and not open_box:
            parts.append('<span class="rvq">' if box[t] == 2 else '<span class="rvhl">')
            open_box = int(box[t])
        level = _level(float(v[t]), gate, bound)
        cls = "rvna" if level is None else f"rv{prefix}{level}"
        used.add(cls)
        value = f"{v[t]:.3g}"
        parts.append(f'<i class="{cls}" title="{t + first_step}: {value}">{_shown_char(text[t])}</i>')
        if text[t] == "\n":
            parts.append("<br>")
    if open_box:
        parts.append("</span>")

    rules = [".rnv-heat i{font-style:normal;border-radius:2px}",
             ".rvhl{box-shadow:0 0 0 2px #fff,0 0 0 4px #000;-webkit-box-decoration-break:clone;"
             "box-decoration-break:clone}",
             ".rvq{outline:3px dashed #ff00ff;outline-offset:2px;-webkit-box-decoration-break:clone;"
             "box-decoration-break:clone}",
             f".rvna{{background:{NAN_COLOR[0]};color:{NAN_COLOR[1]}}}"]
    for cls in sorted(used - {"rvna"}):
        bg, fg = _TABLES[cls[2]][int(cls[3:])]
        rules.append(f".{cls}{{background:{bg};color:{fg}}}")
    note = ""
    if shown < len(text):
        note = (f'<div class="rnv-cut" style="font-size:{font_size * 0.7:.0f}px;margin-top:0.4em">'
                f'{html.escape(cut_note.format(shown=shown, total=len(text)))}</div>')
    head = _legend_html(gate, bound, font_size) if legend else ""
    return (f"<style>{''.join(rules)}</style>"
            f'<div class="rnv-text-heat">{head}'
            f'<div class="rnv-heat" style="font-family:ui-monospace,Menlo,Consolas,\'Noto Sans Mono CJK SC\','
            f'monospace;font-size:{font_size:g}px;line-height:1.8;white-space:pre-wrap;overflow-wrap:anywhere">'
            f"{''.join(parts)}</div>{note}</div>")


# --- plotly styling -----------------------------------------------------------------------------------
def _style(fig: go.Figure, *, title: str, height: float, font_scale: float) -> go.Figure:
    size = BASE_FONT_SIZE * font_scale
    fig.update_layout(height=int(height * font_scale), paper_bgcolor=TRANSPARENT, plot_bgcolor=TRANSPARENT,
                      font={"size": size}, hoverlabel={"font": {"size": size}},
                      title={"text": title, "font": {"size": size * 1.2}},
                      margin={"l": 70 * font_scale, "r": 20, "t": (50 if title else 20) * font_scale,
                              "b": 50 * font_scale})
    fig.update_xaxes(gridcolor=NEUTRAL_GRID, zerolinecolor=NEUTRAL_GRID)
    fig.update_yaxes(gridcolor=NEUTRAL_GRID, zerolinecolor=NEUTRAL_GRID)
    return fig


# --- units ranked by a feature ------------------------------------------------------------------------
def unit_ranking_chart(ranking: pd.DataFrame, *, title: str, x_title: str, top: int = 20, y_title: str = "",
                       unit_label: str = "unit", font_scale: float = 1.0) -> go.Figure:
    """rank_units' table as horizontal bars of the correlation, the strongest `top` units, best on top.

    Positive bars take the diverging scale's red, negative its blue (as h is coloured); x runs -1 .. 1.
    Bars are labelled "<unit_label> <k>".
    """
    check_font_scale(font_scale)
    missing = {"unit", "correlation"} - set(ranking.columns)
    if missing:
        raise ValueError(f"ranking needs the columns unit and correlation (rank_units' output); "
                         f"missing {sorted(missing)}")
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise ValueError(f"top must be a whole number of at least 1, got {top!r}")
    rows = ranking.head(int(top))
    corr = rows["correlation"].to_numpy(dtype=np.float64)
    labels = [f"{unit_label} {int(u)}" for u in rows["unit"]]
    positive, negative = heat_color("h", 0.8)[0], heat_color("h", -0.8)[0]
    fig = go.Figure(go.Bar(
        x=corr, y=labels, orientation="h", marker={"color": [positive if c >= 0 else negative for c in corr]},
        hovertemplate="%{y}<br>r = %{x:.3f}<extra></extra>"))
    fig.update_xaxes(range=[-1.0, 1.0], title_text=x_title, zeroline=True, zerolinewidth=2)
    fig.update_yaxes(title_text=y_title, autorange="reversed", type="category")
    return _style(fig, title=title, height=110 + 24 * max(len(labels), 3), font_scale=font_scale)


# --- one unit against the feature -----------------------------------------------------------------------
def feature_scatter(unit_values, feature, *, title: str, x_title: str, y_title: str, color: str,
                    jitter: float = 0.15, font_scale: float = 1.0) -> go.Figure:
    """Each step as a point: x = the feature, y = the unit's value, in `color` (the quantity's colour).

    When every feature value is a whole number (depth, position, a 0/1 class) the points get a light,
    fixed (seeded) horizontal jitter of up to ±jitter so stacked points show; continuous features none.
    The hover shows the step and the exact feature value. The correlation in the title is the caller's.
    """
    check_font_scale(font_scale)
    y = np.asarray(unit_values, dtype=np.float64)
    f = np.asarray(feature, dtype=np.float64)
    if y.ndim != 1 or f.shape != y.shape:
        raise ValueError(f"unit_values and feature must be 1-D of the same length, got {y.shape} and {f.shape}")
    discrete = bool(f.size) and bool(np.all(np.isfinite(f) & (f == np.round(f))))
    x = f + np.random.default_rng(0).uniform(-jitter, jitter, f.size) if discrete and jitter > 0 else f
    fig = go.Figure(go.Scatter(
        x=x.astype(np.float32), y=y.astype(np.float32), mode="markers",
        customdata=np.stack([np.arange(f.size), f], axis=1).astype(np.float32),
        marker={"color": color, "size": 6, "opacity": 0.55},
        hovertemplate="t = %{customdata[0]}<br>%{customdata[1]:.4g} → %{y:.4g}<extra></extra>"))
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    if discrete and f.size and f.max() - f.min() <= 20:
        fig.update_xaxes(dtick=1)
    return _style(fig, title=title, height=380, font_scale=font_scale)


# --- gate saturation (Karpathy et al. 2015, figure 3) ---------------------------------------------------
def saturation_scatter(saturation: pd.DataFrame, *, title: str, x_title: str, y_title: str, names: dict[str, str],
                       unit_label: str = "unit", font_scale: float = 1.0) -> go.Figure:
    """gate_saturation's table as Karpathy's scatter: x = fraction of steps left-saturated (< 0.1),
    y = fraction right-saturated (> 0.9), one point per gate unit, one trace per gate in its
    QUANTITY_COLORS colour, named names[gate] (the letter when missing). Both axes 0 .. 1 with equal
    scale; the dotted line x + y = 1 is where a unit is always saturated one way or the other (no point
    can lie beyond it). The hover shows the unit.
    """
    check_font_scale(font_scale)
    missing = {"gate", "unit", "left", "right"} - set(saturation.columns)
    if missing:
        raise ValueError(f"saturation needs the columns gate, unit, left, right (gate_saturation's output); "
                         f"missing {sorted(missing)}")
    fig = go.Figure()
    fig.add_shape(type="line", x0=0, y0=1, x1=1, y1=0, line={"color": NEUTRAL_GRID, "dash": "dot", "width": 2})
    for gate in dict.fromkeys(saturation["gate"]):
        rows = saturation[saturation["gate"] == gate]
        fig.add_trace(go.Scatter(
            x=rows["left"].to_numpy(np.float32), y=rows["right"].to_numpy(np.float32), mode="markers",
            name=names.get(gate, gate), cliponaxis=False, customdata=rows["unit"].to_numpy(np.int32),
            marker={"color": QUANTITY_COLORS.get(gate, QUANTITY_COLORS["x"]), "size": 9, "opacity": 0.8,
                    "line": {"color": "rgba(255,255,255,0.6)", "width": 0.5}},
            hovertemplate=f"%{{fullData.name}}<br>{html.escape(unit_label)} %{{customdata}}<br>"
                          "← %{x:.2f}   → %{y:.2f}<extra></extra>"))
    fig.update_xaxes(range=[0.0, 1.0], title_text=x_title, constrain="domain")
    fig.update_yaxes(range=[0.0, 1.0], title_text=y_title, scaleanchor="x", scaleratio=1, constrain="domain")
    return _style(fig, title=title, height=460, font_scale=font_scale)


# --- memory reach -----------------------------------------------------------------------------------------
def memory_reach_chart(curves: dict[str, np.ndarray], step: int, *, title: str, x_title: str, y_title: str,
                       zero_note: str = "exactly 0 (drawn at {floor:.0e})", colors: dict[str, str] | None = None,
                       font_scale: float = 1.0) -> go.Figure:
    """One line per label: ||d out_step / d x_s|| against steps back (step - s: 0 is the step itself).

    curves: label -> memory_reach's output taken at `step` (entries s = 0 .. step, or all T steps for a
    bidirectional network, whose later steps show as negative steps back). Log y axis. Exact zeros (and
    float64 underflow) cannot sit on a log axis: the line breaks there and a cross marks each one at a
    floor 100 times below the smallest positive value, its hover saying zero_note (formatted with floor).
    colors: label -> colour; by default REACH_COLORS in order.
    """
    check_font_scale(font_scale)
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or step < 0:
        raise ValueError(f"step must be a whole number of at least 0, got {step!r}")
    arrays = {}
    for label, norms in curves.items():
        n = np.asarray(norms, dtype=np.float64)
        if n.ndim != 1 or n.size < step + 1:
            raise ValueError(f"curve {label!r} must be 1-D with at least step + 1 = {step + 1} values, "
                             f"got shape {n.shape}")
        arrays[label] = n
    positive = np.concatenate([n[np.isfinite(n) & (n > 0)] for n in arrays.values()] or [np.zeros(0)])
    low = float(positive.min()) if positive.size else 1.0
    high = float(positive.max()) if positive.size else 1.0
    floor = 10.0 ** math.floor(math.log10(low) - 2)
    fig = go.Figure()
    for k, (label, n) in enumerate(arrays.items()):
        color = (colors or {}).get(label, REACH_COLORS[k % len(REACH_COLORS)])
        back = (step - np.arange(n.size)).astype(np.float32)
        ok = np.isfinite(n) & (n > 0)
        fig.add_trace(go.Scatter(
            x=back, y=np.where(ok, n, np.nan), mode="lines", name=label, legendgroup=label, connectgaps=False,
            line={"color": color, "width": 2.5},
            hovertemplate="%{fullData.name}<br>%{x}: %{y:.3g}<extra></extra>"))
        if not ok.all():
            note = html.escape(zero_note.format(floor=floor))
            fig.add_trace(go.Scatter(
                x=back[~ok], y=np.full(int((~ok).sum()), floor, dtype=np.float64), mode="markers",
                name=label, legendgroup=label, showlegend=False,
                marker={"color": color, "symbol": "x-thin", "size": 8, "line": {"color": color, "width": 1.5}},
                hovertemplate=f"%{{fullData.name}}<br>%{{x}}: {note}<extra></extra>"))
    has_zeros = any(not (np.isfinite(n) & (n > 0)).all() for n in arrays.values())
    bottom = math.log10(floor) - 0.5 if has_zeros else math.log10(low) - 0.5
    fig.update_yaxes(type="log", exponentformat="power", title_text=y_title,
                     range=[bottom, math.log10(high) + 0.5])
    fig.update_xaxes(title_text=x_title)
    fig.update_layout(legend={"orientation": "h", "y": -0.25, "x": 0})
    return _style(fig, title=title, height=400, font_scale=font_scale)
