"""heatmaps: one subplot per quantity, z equal to the trace, colour scales, colour bars, step markers."""
import json

import numpy as np
import plotly.graph_objects as go
import pytest
from test_viz_charts import assert_step_markers
from viz_cases import SPECS, STEPS, decoded, series, traced

from rnnviz import HeadSpec
from rnnviz.viz.colors import DIVERGING_SCALE, GATE_SCALE, is_gate
from rnnviz.viz.heatmaps import heatmaps


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_cell_kind_builds_with_z_equal_to_the_trace(name):
    net, trace, _ = traced(name)
    spec = net.spec
    layer, direction, batch = spec.num_layers - 1, spec.num_directions - 1, 1
    fig = heatmaps(trace, layer=layer, direction=direction, batch=batch, step=STEPS - 1)
    assert [h.name for h in fig.data] == list(trace.quantities)  # y included when there is a head
    assert_step_markers(fig, len(trace.quantities), STEPS - 1)
    for row, (q, heat) in enumerate(zip(trace.quantities, fig.data), start=1):
        values = series(trace, q, layer, direction, batch)
        np.testing.assert_array_equal(heat.z, values.T)
        assert (heat.x0, heat.dx, heat.y0, heat.dy) == (STEPS - len(values), 1, 0, 1)
        assert heat.yaxis == f"y{'' if row == 1 else row}"
        assert heat.hovertemplate.startswith(f"step %{{x}}<br>unit %{{y}}<br>{q} = %{{z:.4f}}")


@pytest.mark.parametrize("name", ["lstm", "gru", "jordan", "proj_bidirectional_2layer"])
def test_gates_are_fixed_to_0_1_and_signed_quantities_are_symmetric_about_0(name):
    _, trace, _ = traced(name)
    fig = heatmaps(trace)
    for heat in fig.data:
        values = series(trace, heat.name)
        if is_gate(heat.name):
            assert (heat.zmin, heat.zmax) == (0.0, 1.0)
            assert heat.colorscale == _scale_of(GATE_SCALE)
        else:
            assert heat.zmin == -heat.zmax == pytest.approx(-float(np.abs(values).max()))
            assert heat.colorscale == _scale_of(DIVERGING_SCALE)


def _scale_of(name: str):
    """The colour scale plotly stores for a named scale, so the comparison does not depend on spelling."""
    return go.Heatmap(colorscale=name).colorscale


def test_an_all_zero_quantity_still_gets_a_symmetric_range():
    net, trace, _ = traced("rnn_tanh")
    net.load_state_dict({k: 0 * v for k, v in net.state_dict().items()})
    zero = net.trace(np.zeros((4, 3), dtype=np.float32))
    (heat,) = heatmaps(zero).data
    assert (heat.zmin, heat.zmax) == (-1.0, 1.0)


def test_colour_bars_sit_beside_their_own_subplot_without_overlap():
    _, trace, _ = traced("lstm")
    fig = heatmaps(trace)
    spans = []
    for row, heat in enumerate(fig.data, start=1):
        bottom, top = fig.layout[f"yaxis{'' if row == 1 else row}"].domain
        bar = heat.colorbar
        low, high = bar.y - bar.len / 2, bar.y + bar.len / 2
        assert bar.yanchor == "middle" and bar.lenmode == "fraction"
        assert bottom - 1e-9 <= low and high <= top + 1e-9
        spans.append((low, high))
    spans.sort()
    assert all(a[1] <= b[0] + 1e-9 for a, b in zip(spans, spans[1:]))


def test_many_to_one_output_is_one_column_at_the_last_step():
    _, trace, _ = traced("gru_many_to_one")
    heat = heatmaps(trace, quantities=["y"]).data[0]
    assert heat.x0 == STEPS - 1 and np.asarray(heat.z).shape == (3, 1)


def test_serialized_z_is_the_exact_trace():
    _, trace, _ = traced("lstm")
    fig = json.loads(heatmaps(trace, quantities=["c"]).to_json())
    np.testing.assert_array_equal(decoded(fig["data"][0]["z"]), series(trace, "c").T)


def test_font_scale_and_transparency():
    _, trace, _ = traced("gru")
    small, big = heatmaps(trace), heatmaps(trace, font_scale=1.6)
    assert big.layout.font.size == pytest.approx(1.6 * small.layout.font.size)
    assert small.layout.paper_bgcolor == small.layout.plot_bgcolor == "rgba(0,0,0,0)"


@pytest.mark.parametrize("kwargs", [dict(layer=2), dict(direction=2), dict(batch=2), dict(step=STEPS),
                                    dict(quantities=["i"])])
def test_bad_arguments_are_refused(kwargs):
    _, trace, _ = traced("gru_bidirectional_2layer")
    with pytest.raises(ValueError):
        heatmaps(trace, **kwargs)


def test_serialized_size_of_a_32_unit_200_step_lstm_is_modest():
    spec = SPECS["lstm"].replace(hidden_size=32, head=HeadSpec(4))
    _, trace, _ = traced(spec, steps=200, batch=1)
    size = len(heatmaps(trace, step=100).to_json())
    assert size < 300_000, size
