"""Heatmaps stay under 1 MB up to the caps: long runs become an overview of step-bin means."""

import numpy as np
import pytest
import torch

from rnnviz import HeadSpec, ModelSpec
from rnnviz.model.trace import Trace
from rnnviz.viz.charts import sent_bytes
from rnnviz.viz.heatmaps import bin_mean, heatmaps, time_bin_width


def synthetic_trace(spec: ModelSpec, steps: int) -> Trace:
    """A trace of the right shapes filled with random values (the figure code only reads shapes and values)."""
    g = torch.Generator().manual_seed(0)
    L, D, H = spec.num_layers, spec.num_directions, spec.hidden_size
    values = {q: torch.rand(L, D, 1, steps, H, generator=g) for q in spec.quantities}
    if spec.head:
        values["y"] = torch.rand(1, steps, spec.head.out_features, generator=g)
    initial = {"h": torch.zeros(L, D, 1, H), "c": torch.zeros(L, D, 1, H)}
    return Trace(spec, torch.zeros(1, steps, spec.input_size), values, initial, unbatched=False)


@pytest.mark.parametrize("steps,hidden", [(20_000, 512), (20_000, 16), (3_000, 64), (200, 32)])
def test_heatmaps_under_one_megabyte(steps, hidden):
    trace = synthetic_trace(ModelSpec("lstm", 1, hidden, head=HeadSpec(4)), steps)
    fig = heatmaps(trace, step=steps // 2)
    assert sent_bytes(fig) < 1_000_000
    markers = [s for s in fig.layout.shapes if s.name == "step-marker"]
    assert all(m.x0 == steps // 2 for m in markers)  # still in steps, binned or not


def test_short_runs_are_not_binned_and_long_ones_average_exactly():
    short = synthetic_trace(ModelSpec("gru", 1, 8), 100)
    fig = heatmaps(short)
    assert fig.data[0].dx == 1 and np.allclose(fig.data[0].z, short["r"][0, 0, 0].numpy().T)
    long = synthetic_trace(ModelSpec("lstm", 1, 512), 20_000)
    fig = heatmaps(long, quantities=("c",))
    width = time_bin_width(20_000, 512)
    heat = fig.data[0]
    assert heat.dx == width > 1 and heat.x0 == (width - 1) / 2
    z = np.asarray(heat.z)
    expected_first = long["c"][0, 0, 0, :width].double().mean(0).numpy()
    assert np.allclose(z[:, 0], expected_first, atol=1e-6)
    assert "mean of" in heat.hovertemplate


def test_bin_mean_handles_a_short_last_bin():
    values = np.arange(10, dtype=np.float32).reshape(5, 2)
    assert bin_mean(values, 2).tolist() == [[1, 2], [5, 6], [8, 9]]


def test_line_chart_detail_window_is_light_and_exact():
    from rnnviz.viz.charts import line_chart
    from rnnviz.viz.stepper_data import DETAIL_STEPS, detail_span
    trace = synthetic_trace(ModelSpec("lstm", 1, 512), 20_000)
    span = detail_span(12_345, 20_000)
    assert span[0] <= 12_345 <= span[1] and span[1] - span[0] + 1 == DETAIL_STEPS
    fig = line_chart(trace, units=tuple(range(8)), step=12_345, span=span)
    assert sent_bytes(fig) < 1_000_000
    first = fig.data[0]
    assert first.x0 == span[0] and len(first.y) == DETAIL_STEPS
    assert np.array_equal(np.asarray(first.y), trace["i"][0, 0, 0, span[0]:span[1] + 1, 0].numpy())
    assert detail_span(10, 500) is None  # short runs are drawn whole
    # the window moves in half-window strides: nearby steps share it (no new figure while stepping)
    assert detail_span(12_300, 20_000) == detail_span(12_345, 20_000)
    assert detail_span(19_999, 20_000)[1] == 19_999 and detail_span(0, 20_000)[0] == 0
