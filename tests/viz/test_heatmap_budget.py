"""Heatmaps stay under 1 MB up to the caps: long runs become an overview of step-bin means."""
import json

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
