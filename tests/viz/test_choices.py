"""rnnviz.viz.choices: what the stepper gets so that it can choose layer, direction and units in the browser."""
import json

import numpy as np
import torch

from rnnviz import ModelSpec, Network
from rnnviz.viz.choices import (
    CHOICE_BUDGET_BYTES,
    chart_rows,
    choice_content,
    choice_scope,
    equations_fit,
    estimated_bytes,
)
from rnnviz.viz.diagram import diagram_values
from rnnviz.viz.equations import equations, fill_template
from rnnviz.viz.typed_arrays import decode_typed_array


def lstm_trace(hidden=4, steps=10, layers=2, bidirectional=True):
    spec = ModelSpec(cell="lstm", input_size=2, hidden_size=hidden, num_layers=layers, bidirectional=bidirectional)
    net = Network(spec, seed=0)
    return net, net.trace(torch.randn(steps, 2, generator=torch.Generator().manual_seed(0)))


def content(trace, params=None, scope="all"):
    return choice_content(trace, scope=scope, layer=1, direction=1, units=(0, 2), span=None,
                          heatmap_options={}, words={"unit": "unit", "step": "step"},
                          rows=chart_rows(trace.quantities), params=params)


def test_every_unit_of_every_layer_and_direction_is_sent_as_the_trace_has_it():
    net, trace = lstm_trace()
    sent = json.loads(json.dumps(content(trace, net.state_dict())))
    assert set(sent["series"]) == {"0,0", "0,1", "1,0", "1,1"}
    for q in ("i", "f", "g", "o", "c", "h"):
        np.testing.assert_array_equal(decode_typed_array(sent["series"]["1,1"][q]), trace[q][1, 1, 0].numpy())
    # what stepper.js derives for one unit is diagram_values' numbers: *_prev from the series and the initial state
    expected = diagram_values(trace, unit=3, layer=1, direction=1)
    assert sent["initial"]["1,1"]["c"][3] == expected["c_prev"][-1]  # reverse: the last step starts from c0
    np.testing.assert_array_equal(decode_typed_array(sent["inputs"]["1"]), np.float32(expected["x"]))
    assert [row["q"] for row in sent["rows"]] == list(trace.quantities)
    assert len(sent["diagrams"]) == 2 and set(sent["heatmaps"]) == set(sent["series"])
    # the equation templates give equations() for any unit and step
    template = sent["equations"]["1,0"][2]
    assert fill_template(template, 7) == equations(trace, net.state_dict(), t=7, unit=2, layer=1, direction=0)


def test_the_estimate_bounds_what_is_sent():
    _, trace = lstm_trace(hidden=16, steps=300)
    for scope in ("all", "layer"):
        sent = len(json.dumps(content(trace, scope=scope), separators=(",", ":")))
        assert sent <= estimated_bytes(trace, scope) * 1.05 + 50_000, scope


def test_the_scope_shrinks_with_the_budget():
    _, trace = lstm_trace(hidden=16, steps=300)
    assert choice_scope(trace) == "all" and estimated_bytes(trace, "all") <= CHOICE_BUDGET_BYTES
    assert choice_scope(trace, budget=estimated_bytes(trace, "layer")) == "layer"
    assert choice_scope(trace, budget=estimated_bytes(trace, "layer") - 1) is None
    # the caps: 20,000 steps x 512 units do not fit even one layer
    spec = ModelSpec(cell="lstm", input_size=1, hidden_size=512)
    big = Network(spec, seed=0).trace(torch.zeros(2, 1))
    big.x = torch.zeros(1, 20_000, 1)  # only the shapes matter for the estimate
    big._values = {q: torch.zeros(1, 1, 1, 20_000, 512) for q in big.quantities}
    assert choice_scope(big) is None


def test_equations_go_to_the_browser_only_when_small():
    _, small = lstm_trace(hidden=4, steps=10)
    _, long = lstm_trace(hidden=32, steps=200)
    assert equations_fit(small, "all") and not equations_fit(long, "all") and not equations_fit(small, None)
    assert content(long, Network(long.spec, seed=0).state_dict())["equations"] is None
