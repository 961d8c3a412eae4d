"""Text in a quantity's colour reads at WCAG AA on both of Streamlit's themes, and keeps as much colour as it can."""
import pytest

from rnnviz.viz.colors import (
    QUANTITY_COLORS,
    THEME_BACKGROUNDS,
    THEME_TEXT,
    contrast_ratio,
    relative_luminance,
    text_color,
    text_color_css,
)


def test_contrast_ratio_matches_wcag():
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0) and relative_luminance("#000000") == 0.0
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic AA grey


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("quantity", sorted(QUANTITY_COLORS))
def test_every_quantity_text_colour_reads_on_the_theme(quantity, theme):
    color = text_color(QUANTITY_COLORS[quantity], theme)
    assert all(contrast_ratio(color, bg) >= 4.5 for bg in THEME_BACKGROUNDS[theme]), (quantity, color)
    assert color != THEME_TEXT[theme]  # still a colour, not plain text


def test_colours_that_already_read_are_kept():
    assert text_color("#0072B2", "light") == "#0072B2"  # the input gate's blue on white: 4.9:1
    assert text_color("#E69F00", "dark") == "#E69F00"  # the forget gate's orange on near-black
    assert text_color("#E69F00", "light") != "#E69F00"  # 2.1:1 on white: darkened
    assert text_color_css("#0072B2") == f"light-dark(#0072B2, {text_color('#0072B2', 'dark')})"
