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


# --- text in a quantity's colour, legible on light and dark pages ------------------------------------
# The Okabe-Ito colours are for lines and fills; as text several fall below WCAG AA (4.5:1), on white (f, h)
# or on Streamlit's dark background (i, o). Text takes the colour mixed toward the theme's own text colour
# just enough to pass on both of the theme's backgrounds. Streamlit 1.67's theme colours:
THEME_TEXT = {"light": "#2F2D2B", "dark": "#EDEBE8"}
THEME_BACKGROUNDS = {"light": ("#FFFFFF", "#F8F8F7"), "dark": ("#171614", "#2D2B27")}
TEXT_CONTRAST = 4.6  # AA's 4.5 with a margin for rounding


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of a #RRGGBB colour."""
    def channel(v: int) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_color(color: str, theme: str) -> str:
    """`color` mixed toward the theme's text colour in 5% steps until it reads on the theme's backgrounds."""
    target = _rgb(THEME_TEXT[theme])
    for step in range(21):
        share = 1 - step / 20
        mixed = "#" + "".join(f"{round(share * c + (1 - share) * t):02X}" for c, t in zip(_rgb(color), target))
        if all(contrast_ratio(mixed, bg) >= TEXT_CONTRAST for bg in THEME_BACKGROUNDS[theme]):
            return mixed
    return THEME_TEXT[theme]


def text_color_css(color: str) -> str:
    """A CSS colour that is text_color(color, ...) for whichever theme the page shows (CSS light-dark())."""
    return f"light-dark({text_color(color, 'light')}, {text_color(color, 'dark')})"
