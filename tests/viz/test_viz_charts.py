"""line_chart: rows, lines, colours, the step-marker shapes, and the data equal to the trace."""
import json

import numpy as np
import pytest
from viz_cases import SPECS, STEPS, decoded, series, traced

from rnnviz import Network
from rnnviz.viz.charts import STEP_MARKER, TRANSPARENT, line_chart, line_chart_dict
from rnnviz.viz.colors import QUANTITY_COLORS, is_gate


def row_of(trace_obj) -> int:
    """Which subplot row a plotly trace sits in, from its axis name ('y' is row 1, 'y3' row 3)."""
    return int(trace_obj.yaxis[1:] or 1)


def assert_step_markers(fig, rows: int, step: int):
    markers = [s for s in fig.layout.shapes if s.name == STEP_MARKER]
    assert len(markers) == rows
    for row, shape in enumerate(sorted(markers, key=lambda s: int(s.xref[1:] or 1)), start=1):
        k = "" if row == 1 else str(row)
        assert (shape.type, shape.x0, shape.x1) == ("line", step, step)
        assert (shape.xref, shape.yref, shape.y0, shape.y1) == (f"x{k}", f"y{k} domain", 0, 1)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_cell_kind_builds_with_data_equal_to_the_trace(name):
    net, trace, _ = traced(name)
    spec = net.spec
    layer, direction, batch = spec.num_layers - 1, spec.num_directions - 1, 1
    # The last unit is past proj_size or out_features in some rows, which then skip it.
    units = sorted({0, spec.hidden_size // 2, spec.hidden_size - 1})
    fig = line_chart(trace, layer=layer, direction=direction, batch=batch, units=units, step=3)
    names = trace.quantities
    expected_lines = sum(sum(u < series(trace, q).shape[1] for u in units) for q in names)
    assert len(fig.data) == expected_lines
    assert_step_markers(fig, len(names), 3)
    for line in fig.data:
        q = names[row_of(line) - 1]
        unit = int(line.name.removeprefix("unit "))
        values = series(trace, q, layer, direction, batch)
        np.testing.assert_array_equal(line.y, values[:, unit])
        assert line.x0 == STEPS - len(values) and line.dx == 1
        assert line.line.color == QUANTITY_COLORS[q]
        assert line.hovertemplate.startswith(f"step %{{x}}<br>unit {unit}<br>{q} = %{{y:.4f}}")


def test_serialized_figure_carries_the_exact_values():
    _, trace, _ = traced("lstm")
    fig = json.loads(line_chart(trace, units=(1,), quantities=["c"], step=0).to_json())
    np.testing.assert_array_equal(decoded(fig["data"][0]["y"]), series(trace, "c")[:, 1])


def test_gates_have_a_fixed_unit_range_and_others_do_not():
    _, trace, _ = traced("lstm")
    fig = line_chart(trace, units=(0,))
    for row, q in enumerate(trace.quantities, start=1):
        axis = fig.layout[f"yaxis{'' if row == 1 else row}"]
        assert (tuple(axis.range) == (0.0, 1.0)) if is_gate(q) else (axis.range is None)


def test_repeated_units_draw_one_line():
    _, trace, _ = traced("rnn_tanh")
    assert [line.name for line in line_chart(trace, units=[2, 0, 2]).data] == ["unit 2", "unit 0"]


def test_units_of_one_quantity_differ_by_dash_and_share_its_colour():
    _, trace, _ = traced("gru")
    fig = line_chart(trace, units=(0, 1, 2), quantities=["h"])
    assert {line.line.color for line in fig.data} == {QUANTITY_COLORS["h"]}
    assert len({line.line.dash for line in fig.data}) == 3
    assert [line.name for line in fig.data] == ["unit 0", "unit 1", "unit 2"]


def test_legend_lists_each_unit_once_across_rows():
    _, trace, _ = traced("lstm")
    fig = line_chart(trace, units=(0, 1))
    assert sorted(line.name for line in fig.data if line.showlegend is not False) == ["unit 0", "unit 1"]


def test_many_to_one_output_is_one_marker_at_the_last_step():
    _, trace, _ = traced("gru_many_to_one")
    fig = line_chart(trace, units=(0,), quantities=["y"])
    (point,) = fig.data
    assert point.mode == "markers" and point.x0 == STEPS - 1 and len(point.y) == 1


def test_theme_neutral_and_font_scaled():
    _, trace, _ = traced("rnn_tanh")
    small, big = line_chart(trace), line_chart(trace, font_scale=1.6)
    assert small.layout.paper_bgcolor == TRANSPARENT and small.layout.plot_bgcolor == TRANSPARENT
    assert big.layout.font.size == pytest.approx(1.6 * small.layout.font.size)
    assert big.layout.height > small.layout.height


def test_height_grows_with_the_number_of_rows():
    _, trace, _ = traced("lstm")
    heights = [line_chart(trace, quantities=trace.quantities[:n]).layout.height for n in (1, 3, 6)]
    assert heights == sorted(heights) and heights[0] < heights[-1]


def test_window_restricts_the_x_range_of_every_row():
    _, trace, _ = traced("lstm")
    fig = line_chart(trace, window=(2, 5), step=3)
    for row in range(1, len(trace.quantities) + 1):
        assert tuple(fig.layout[f"xaxis{'' if row == 1 else row}"].range) == (2, 5)


@pytest.mark.parametrize("kwargs", [dict(layer=1), dict(direction=1), dict(batch=5), dict(step=STEPS),
                                    dict(step=-1), dict(quantities=["q"]), dict(quantities=[]), dict(units=()),
                                    dict(units=(4,)), dict(units=(-1,)), dict(units=("0",)),
                                    dict(window=(5, 2)), dict(window=(0, STEPS)), dict(font_scale=0)])
def test_bad_arguments_are_refused_by_name(kwargs):
    _, trace, _ = traced("lstm")
    with pytest.raises(ValueError):
        line_chart(trace, **kwargs)


def test_serialized_size_stays_modest():
    """LSTM, hidden 32, 200 steps, with a head: ~56 KB for 4 units; all 32 (192 lines) ~330 KB."""
    _, trace, _ = traced(SPECS["lstm"].replace(hidden_size=32), steps=200, batch=1)
    assert len(line_chart(trace, units=(0, 1, 2, 3), step=10).to_json()) < 100_000
    assert len(line_chart(trace, units=range(32), step=10).to_json()) < 350_000


def test_figure_builders_do_not_import_streamlit():
    import subprocess
    import sys
    code = ("import sys, rnnviz.viz.charts, rnnviz.viz.heatmaps, rnnviz.viz.equations; "
            "print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=__file__.rsplit("/tests/", 1)[0])
    assert out.stdout.strip() == "False"


def test_steps_and_units_can_be_named_by_the_tokens_they_stand_for():
    """The poem in Step through: x's steps are the characters read, y's units the characters scored."""
    from rnnviz.data.builtin import poem_vocabulary
    from rnnviz.data.sequences import one_hot_tokens
    from rnnviz.learn.recipes import poem_line_onehot, poem_spec
    vocab = poem_vocabulary()
    x = poem_line_onehot("对酒当歌")
    assert one_hot_tokens(x, vocab) == list("对酒当歌")
    assert one_hot_tokens(x * 0.5, vocab) is None and one_hot_tokens(x[:, :5], vocab) is None
    trace = Network(poem_spec("rnn"), seed=0).trace(x)
    fig = line_chart_dict(trace, units=(0, 2), quantities=("h", "y"), step_labels=list("对酒当歌"),
                          unit_names={"y": vocab})
    assert fig["layout"]["xaxis"]["ticktext"] == ["0<br>对", "1<br>酒", "2<br>当", "3<br>歌"]
    names = [line["name"] for line in fig["data"]]
    assert names == ["unit 0", "unit 2", "y: 对", "y: 当"]
    with pytest.raises(ValueError, match="must name each of the 4 steps"):
        line_chart_dict(trace, step_labels=["对"])
