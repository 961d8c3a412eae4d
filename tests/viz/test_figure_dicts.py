"""The stepper's fast figure dicts (plain dicts, no plotly validation) send exactly what plotly's validated
go.Figure of the same dict sends: every property valid, named colour scales expanded, arrays as typed arrays."""
from __future__ import annotations

import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from viz_cases import SPECS, STEPS, traced

from rnnviz import ModelSpec
from rnnviz.viz.charts import figure_dict, line_chart_dict
from rnnviz.viz.heatmaps import heatmaps_dict


def assert_same_as_plotly(fig: dict) -> None:
    assert figure_dict(fig) == figure_dict(go.Figure(fig))


@pytest.mark.parametrize("name", sorted(SPECS))
def test_line_chart_and_heatmaps_dicts_match_plotly_for_every_cell(name):
    net, trace, _ = traced(name)
    spec = net.spec
    where = dict(layer=spec.num_layers - 1, direction=spec.num_directions - 1, batch=1)
    assert_same_as_plotly(line_chart_dict(trace, units=(0, spec.hidden_size - 1), step=3, **where))
    assert_same_as_plotly(heatmaps_dict(trace, step=STEPS - 1, **where))


@settings(max_examples=40, deadline=None)
@given(hidden=st.integers(1, 20), steps=st.integers(1, 60), step=st.data(), font_scale=st.sampled_from([1.0, 1.6, 2.5]),
       units=st.lists(st.integers(0, 19), min_size=1, max_size=9, unique=True), binned=st.booleans(),
       chinese=st.booleans())
def test_specs_match_plotly_over_sizes_and_options(hidden, steps, step, font_scale, units, binned, chinese):
    _, trace, _ = traced(ModelSpec("lstm", 2, hidden), steps=steps, batch=1)
    t = step.draw(st.integers(0, steps - 1))
    units = [u for u in units if u < hidden] or [0]
    text = {"unit": "单元", "step_axis": "步 t", "h": "隐藏状态 h"} if chinese else None
    span = (t // 2, t) if steps > 1 else None
    assert_same_as_plotly(line_chart_dict(trace, units=units, step=t, font_scale=font_scale, text=text, span=span))
    assert_same_as_plotly(heatmaps_dict(trace, step=t, font_scale=font_scale, text=text,
                                        max_cells=max(1, hidden * steps // 7) if binned else 160_000))
