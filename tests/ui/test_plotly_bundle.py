"""The plotly.js the in-browser stepper loads (static/, the cartesian bundle): present, the same plotly.js
version the plotly package draws st.plotly_chart with, and holding every trace type the stepper's figures use."""
from __future__ import annotations

import re
from pathlib import Path

import plotly.offline
import pytest
import torch

from rnnviz.model.network import Network
from rnnviz.model.spec import ModelSpec
from rnnviz.ui.stepper import PLOTLY_BUNDLE
from rnnviz.viz.charts import figure_dict, line_chart
from rnnviz.viz.heatmaps import heatmaps

BUNDLE = Path(__file__).resolve().parents[2] / "static" / PLOTLY_BUNDLE


def bundle_text() -> str:
    return BUNDLE.read_text(encoding="utf-8")


def test_bundle_is_the_plotly_packages_version():
    header = re.search(r"plotly\.js \(cartesian - minified\) v(\S+)", bundle_text()[:300])
    assert header, "static/ should hold the cartesian bundle (scripts/update_plotly_bundle.sh)"
    assert header.group(1) == plotly.offline.get_plotlyjs_version(), "run scripts/update_plotly_bundle.sh"


def test_bundle_is_small():
    assert BUNDLE.stat().st_size < 2_000_000  # the full bundle is 4.8 MB; every new browser fetches this


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_bundle_draws_every_trace_type_of_the_stepper(cell):
    registered = set(re.findall(r'moduleType:"trace",name:"(\w+)"', bundle_text()))
    net = Network(ModelSpec(cell=cell, input_size=2, hidden_size=3), seed=0)
    trace = net.trace(torch.randn(1, 6, 2))
    used = {data.get("type", "scatter") for fig in (line_chart(trace, units=(0, 1), step=2), heatmaps(trace, step=2))
            for data in figure_dict(fig)["data"]}
    assert used and used <= registered, used - registered
