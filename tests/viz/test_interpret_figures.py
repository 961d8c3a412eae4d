"""The Interpret page's figures (rnnviz.viz.interpret_figures): the text heat view's HTML, and the plotly
figures' structure, colours, axes and size."""
import subprocess
import sys
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from viz_cases import decoded

from rnnviz.viz import interpret_figures as fig_
from rnnviz.viz.charts import figure_dict, sent_bytes
from rnnviz.viz.colors import QUANTITY_COLORS

ROOT = __file__.rsplit("/tests/", 1)[0]
EMPTY = sent_bytes(go.Figure())  # plotly's default template alone is ~6.5 KB; sizes below are on top of it


class Spans(HTMLParser):
    """Every character (an <i> with a title) as [class, title, text, the box around it or None]."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chars, self.stack, self.breaks, self.styles = [], [], 0, ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "br":
            self.breaks += 1
            return
        self._in_style = tag == "style"
        if tag in ("span", "i"):
            self.stack.append(attrs)
            if tag == "i":
                box = next((a["class"] for a in self.stack[:-1] if a.get("class") in ("rvhl", "rvq")), None)
                self.chars.append([attrs["class"], attrs["title"], "", box])

    def handle_endtag(self, tag):
        if tag in ("span", "i"):
            self.stack.pop()
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles += data
        elif self.stack and "title" in self.stack[-1]:
            self.chars[-1][2] += data


def parse(html_text: str) -> Spans:
    p = Spans()
    p.feed(html_text)
    return p


def rule(styles: str, cls: str) -> str:
    return styles.split("." + cls + "{", 1)[1].split("}", 1)[0]


# --- colours ------------------------------------------------------------------------------------------
def test_colours_at_the_ends_of_each_scale():
    assert fig_.heat_color("f", 0.0) == ("#440154", "#ffffff")  # Viridis, white text on dark purple
    assert fig_.heat_color("i", 1.0) == ("#fde725", "#000000")  # black text on yellow
    assert fig_.heat_color("z", 7.0) == fig_.heat_color("z", 1.0)  # clipped
    assert fig_.heat_color("h", -2.0, 2.0) == ("#053061", "#ffffff")  # RdBu_r: blue at -max
    assert fig_.heat_color("c", 0.0, 2.0) == ("#f7f7f7", "#000000")  # white at 0
    assert fig_.heat_color("y", 2.0, 2.0) == ("#67001f", "#ffffff")  # red at +max
    assert fig_.heat_color("h", float("nan")) == fig_.NAN_COLOR


# --- the text view --------------------------------------------------------------------------------------
def test_text_heat_escapes_everything():
    text = "<script>alert('x')</script> & \"$a*b_c`\""
    out = fig_.text_heat_html(text, np.zeros(len(text)), "h")
    assert "<script>" not in out and "alert('x')" not in out
    assert ">&lt;</i>" in out and ">&amp;</i>" in out and ">&#36;</i>" in out
    p = parse(out)
    assert "".join(c[2] for c in p.chars) == text  # every character, once, in order
    assert [c[1] for c in p.chars] == [f"{t}: 0" for t in range(len(text))]


def test_text_heat_colours_each_character_on_its_scale():
    p = parse(fig_.text_heat_html("abc", np.array([0.0, 0.5, 1.0]), "f"))
    assert [c[0] for c in p.chars] == ["rvg0", "rvg32", "rvg64"]
    assert rule(p.styles, "rvg0") == "background:#440154;color:#ffffff"
    assert rule(p.styles, "rvg64") == "background:#fde725;color:#000000"
    # diverging: symmetric about 0 at the largest |value|
    p = parse(fig_.text_heat_html("abcd", np.array([-2.0, 0.0, 1.0, 2.0]), "h"))
    assert [c[0] for c in p.chars] == ["rvd0", "rvd32", "rvd48", "rvd64"]
    assert rule(p.styles, "rvd0") == "background:#053061;color:#ffffff"
    assert rule(p.styles, "rvd32") == "background:#f7f7f7;color:#000000"
    assert rule(p.styles, "rvd64") == "background:#67001f;color:#ffffff"
    assert [c[1] for c in p.chars] == ["0: -2", "1: 0", "2: 1", "3: 2"]
    p = parse(fig_.text_heat_html("ab", np.array([0.5, 1.0]), "c", scale_max=4.0))
    assert [c[0] for c in p.chars] == ["rvd36", "rvd40"]
    p = parse(fig_.text_heat_html("ab", np.array([0.0, np.nan]), "h"))
    assert [c[0] for c in p.chars] == ["rvd32", "rvna"]


def test_text_heat_shows_newlines_spaces_and_chinese():
    text = "对酒 当歌\n人生\t几何"
    out = fig_.text_heat_html(text, np.linspace(0, 1, len(text)), "i")
    p = parse(out)
    assert [c[2] for c in p.chars] == ["对", "酒", " ", "当", "歌", "↵", "人", "生", "⇥", "几", "何"]
    assert p.breaks == 1 and "↵</i><br>" in out
    assert "white-space:pre-wrap" in out and "monospace" in out and "font-size:20px" in out


def test_text_heat_outlines_highlights_and_the_query():
    text = "abcdefghijkl"
    out = fig_.text_heat_html(text, np.zeros(12), "h", highlights=[(0, 1), (6, 8), (8, 9), (10, 10)],
                              query=(3, 4))
    p = parse(out)
    boxes = [c[3] for c in p.chars]
    assert boxes == ["rvhl", "rvhl", None, "rvq", "rvq", None] + ["rvhl"] * 5 + [None]
    assert out.count('<span class="rvhl">') == 3  # (6, 8) and (8, 9) overlap: one box; (10, 10) its own
    assert out.count('<span class="rvq">') == 1
    assert "box-shadow" in rule(p.styles, "rvhl") and "dashed" in rule(p.styles, "rvq")
    with pytest.raises(ValueError, match="highlights must hold steps from 0 to 11"):
        fig_.text_heat_html(text, np.zeros(12), "h", highlights=[(3, 12)])
    with pytest.raises(ValueError, match="start <= end"):
        fig_.text_heat_html(text, np.zeros(12), "h", query=(4, 3))


def test_long_text_is_cut_with_a_note_and_stays_small():
    text = ("the quick brown fox (jumps) over the lazy dog. " * 200)[:6000]
    values = np.sin(np.arange(6000) / 7.0)
    out = fig_.text_heat_html(text, values, "h", max_chars=5000, highlights=[(4990, 5500)],
                              cut_note="shown {shown} of {total}")
    p = parse(out)
    assert len(p.chars) == 5000 and "shown 5000 of 6000" in out
    assert [c[3] for c in p.chars[4989:]] == [None] + ["rvhl"] * 10
    assert len(out.encode()) < 45 * 5000  # about 43 bytes a character
    with pytest.raises(ValueError, match=r"one number per character: shape \(3,\)"):
        fig_.text_heat_html("abc", np.zeros(4), "h")


# --- plotly figures -------------------------------------------------------------------------------------
def ranking():
    return pd.DataFrame({"unit": [3, 1, 4, 0, 2], "correlation": [1.0, -0.9, 0.5, -0.1, 0.0],
                         "abs_correlation": [1.0, 0.9, 0.5, 0.1, 0.0]})


def test_unit_ranking_chart():
    fig = fig_.unit_ranking_chart(ranking(), title="Units vs depth", x_title="correlation", top=4,
                                  unit_label="单元")
    d = figure_dict(fig)
    (bar,) = d["data"]
    assert bar["type"] == "bar" and bar["orientation"] == "h"
    assert bar["y"] == ["单元 3", "单元 1", "单元 4", "单元 0"]
    assert decoded(bar["x"]).tolist() == [1.0, -0.9, 0.5, -0.1]
    red, blue = fig_.heat_color("h", 0.8)[0], fig_.heat_color("h", -0.8)[0]
    assert bar["marker"]["color"] == [red, blue, red, blue]
    assert d["layout"]["yaxis"]["autorange"] == "reversed"  # best on top
    assert d["layout"]["xaxis"]["range"] == [-1.0, 1.0]
    assert d["layout"]["title"]["text"] == "Units vs depth"
    assert d["layout"]["xaxis"]["title"]["text"] == "correlation"
    assert sent_bytes(fig) - EMPTY < 5_000
    with pytest.raises(ValueError, match="missing \\['correlation'\\]"):
        fig_.unit_ranking_chart(ranking().drop(columns="correlation"), title="", x_title="")


def test_feature_scatter_jitters_only_discrete_features():
    rng = np.random.default_rng(0)
    depth = rng.integers(0, 4, 300).astype(float)
    values = np.tanh(depth - 1.5 + 0.1 * rng.normal(size=300))
    fig = fig_.feature_scatter(values, depth, title="t", x_title="depth", y_title="c 3",
                               color=QUANTITY_COLORS["c"])
    (pts,) = figure_dict(fig)["data"]
    x, custom = decoded(pts["x"]), decoded(pts["customdata"])
    assert pts["marker"]["color"] == QUANTITY_COLORS["c"]
    assert np.array_equal(custom[:, 1], depth) and np.array_equal(custom[:, 0], np.arange(300))
    assert 0 < np.abs(x - depth).max() <= 0.15 + 1e-6
    np.testing.assert_allclose(decoded(pts["y"]), values, rtol=1e-6)
    smooth = rng.normal(size=300)
    (pts,) = figure_dict(fig_.feature_scatter(values, smooth, title="", x_title="", y_title="", color="#000"))["data"]
    np.testing.assert_array_equal(decoded(pts["x"]), smooth.astype(np.float32))
    assert sent_bytes(fig) - EMPTY < 15_000
    with pytest.raises(ValueError, match="same length"):
        fig_.feature_scatter(values, depth[:10], title="", x_title="", y_title="", color="#000")


def test_saturation_scatter():
    sat = pd.DataFrame({"gate": ["i", "i", "f", "o", "o"], "unit": [0, 1, 0, 0, 1],
                        "left": [0.0, 1.0, 0.375, 0.0, 0.2], "right": [1.0, 0.0, 0.625, 1.0, 0.1]})
    names = {"i": "input gate", "f": "forget gate", "o": "output gate"}
    fig = fig_.saturation_scatter(sat, title="Saturation", x_title="left-saturated", y_title="right-saturated",
                                  names=names, unit_label="unit")
    d = figure_dict(fig)
    assert [t["name"] for t in d["data"]] == ["input gate", "forget gate", "output gate"]
    assert [t["marker"]["color"] for t in d["data"]] == [QUANTITY_COLORS[g] for g in "ifo"]
    assert decoded(d["data"][0]["x"]).tolist() == [0.0, 1.0] and decoded(d["data"][2]["y"]).tolist() == \
        pytest.approx([1.0, 0.1])
    assert decoded(d["data"][2]["customdata"]).tolist() == [0, 1]
    assert "unit %{customdata}" in d["data"][0]["hovertemplate"]
    assert d["layout"]["xaxis"]["range"] == [0.0, 1.0] and d["layout"]["yaxis"]["range"] == [0.0, 1.0]
    assert d["layout"]["yaxis"]["scaleanchor"] == "x"
    assert d["layout"]["shapes"][0]["x0"] == 0 and d["layout"]["shapes"][0]["y0"] == 1  # x + y = 1
    assert sent_bytes(fig) - EMPTY < 6_000
    gru = pd.DataFrame({"gate": ["r", "z"], "unit": [0, 0], "left": [0.1, 0.2], "right": [0.3, 0.4]})
    d = figure_dict(fig_.saturation_scatter(gru, title="", x_title="", y_title="", names={}))
    assert [(t["name"], t["marker"]["color"]) for t in d["data"]] == [("r", QUANTITY_COLORS["r"]),
                                                                      ("z", QUANTITY_COLORS["z"])]


def test_memory_reach_chart_floors_exact_zeros():
    rnn = np.array([0.0, 1e-8, 1e-4, 1e-2, 1.0])  # s = 0..4; s = 0 underflowed to exactly 0
    lstm = np.array([0.2, 0.3, 0.1, 0.5, 1.0])
    fig = fig_.memory_reach_chart({"RNN": rnn, "LSTM": lstm}, 4, title="Reach", x_title="steps back",
                                  y_title="gradient", zero_note="0 (at {floor:.0e})")
    d = figure_dict(fig)
    assert [(t["name"], t["mode"], t.get("showlegend", True)) for t in d["data"]] == [
        ("RNN", "lines", True), ("RNN", "markers", False), ("LSTM", "lines", True)]
    assert [t.get("line", {}).get("color") or t["marker"]["color"] for t in d["data"]] == \
        [fig_.REACH_COLORS[0], fig_.REACH_COLORS[0], fig_.REACH_COLORS[1]]
    line, zeros, other = d["data"]
    assert decoded(line["x"]).tolist() == [4, 3, 2, 1, 0]  # steps back
    assert np.isnan(decoded(line["y"])[0]) and decoded(line["y"])[1:].tolist() == rnn[1:].tolist()
    assert decoded(zeros["x"]).tolist() == [4] and decoded(zeros["y"]).tolist() == [1e-10]
    assert "0 (at 1e-10)" in zeros["hovertemplate"]
    assert d["layout"]["yaxis"]["type"] == "log"
    assert d["layout"]["yaxis"]["range"] == pytest.approx([-10.5, 0.5])
    assert sent_bytes(fig) - EMPTY < 6_000
    # a bidirectional curve (all T steps): later steps are negative steps back
    d = figure_dict(fig_.memory_reach_chart({"bi": np.ones(6)}, 2, title="", x_title="", y_title="",
                                            colors={"bi": "#123456"}))
    assert decoded(d["data"][0]["x"]).tolist() == [2, 1, 0, -1, -2, -3]
    assert d["data"][0]["line"]["color"] == "#123456" and len(d["data"]) == 1
    with pytest.raises(ValueError, match="at least step \\+ 1 = 6 values"):
        fig_.memory_reach_chart({"x": np.ones(3)}, 5, title="", x_title="", y_title="")


def test_interpret_modules_do_not_import_streamlit():
    code = "import sys, rnnviz.learn.interpret, rnnviz.viz.interpret_figures; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
