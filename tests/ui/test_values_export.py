"""The values table and the trace downloads hold exactly the core's numbers."""
import io

import pandas as pd

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.ui.step_view import _parquet, wide_values


def test_wide_values_match_the_trace():
    trace = Network(ModelSpec("lstm", 2, 3, num_layers=2, bidirectional=True, head=HeadSpec(2))).trace(
        [[0.5, -1.0], [1.0, 0.0], [0.0, 2.0]])
    frame = wide_values(trace, layer=1, direction=1, start=1, stop=3)
    assert list(frame.index) == [1, 2]
    assert frame.loc[2, "c[1]"] == trace["c"][1, 1, 0, 2, 1].item()
    assert frame.loc[1, "f[0]"] == trace["f"][1, 1, 0, 1, 0].item()
    assert frame.loc[1, "y[1]"] == trace["y"][0, 1, 1].item()


def test_parquet_and_csv_round_trip_the_tidy_frame():
    trace = Network(ModelSpec("gru", 1, 2)).trace([[1.0], [0.0]])
    tidy = trace.frame()
    back = pd.read_parquet(io.BytesIO(_parquet(trace)))
    pd.testing.assert_frame_equal(back, tidy)
    csv = pd.read_csv(io.StringIO(tidy.to_csv(index=False)))
    assert len(csv) == len(tidy) == 2 * 4 * 2  # steps x quantities (r, z, n, h) x units
    assert abs(csv["value"] - tidy["value"]).max() < 1e-6
