"""The cell diagram: geometry for every cell kind, and the values it binds equal the trace's."""
from __future__ import annotations

import json

import pytest
import torch

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.viz.colors import QUANTITY_COLORS
from rnnviz.viz.diagram import MAX_X_SLOTS, cell_diagram, diagram_keys, diagram_values

KINDS = {"valve", "value", "op", "arrow", "text", "frame"}
SPECS = {
    "lstm": ModelSpec("lstm", 3, 4),
    "peephole": ModelSpec("lstm", 3, 4, peephole=True),
    "coupled": ModelSpec("lstm", 3, 4, coupled=True),
    "peephole+coupled": ModelSpec("lstm", 3, 4, peephole=True, coupled=True),
    "proj": ModelSpec("lstm", 6, 4, proj_size=2),
    "gru": ModelSpec("gru", 3, 4),
    "rnn": ModelSpec("rnn", 3, 4, nonlinearity="relu"),
    "jordan": ModelSpec("jordan", 3, 4, head=HeadSpec(2, activation="softmax")),
}


def bound(diagram, kind=None):
    return [e for e in diagram["elements"] if e["kind"] in ({kind} if kind else {"valve", "value"})]


def ops(diagram):
    return [e["symbol"] for e in diagram["elements"] if e["kind"] == "op"]


@pytest.mark.parametrize("name", SPECS)
def test_geometry_is_well_formed(name):
    spec = SPECS[name]
    d = cell_diagram(spec)
    assert d["width"] > 0 and d["height"] > 0
    assert {e["kind"] for e in d["elements"]} <= KINDS
    json.dumps(d)  # goes to the browser as is
    keys = [e["key"] for e in bound(d)]
    assert sorted(keys) == sorted(diagram_keys(spec)), "each bound key is drawn exactly once"
    for e in d["elements"]:  # everything lies inside the drawing
        points = e["points"] if e["kind"] == "arrow" else [(e["x"], e["y"])]
        for x, y in points:
            assert 0 <= x <= d["width"] and 0 <= y <= d["height"], (name, e)
        for text in (e.get("label"), e.get("text")):  # plain text, no LaTeX
            assert text is None or not any(c in text for c in "$\\_{}"), text


@pytest.mark.parametrize("name", ["lstm", "peephole", "coupled", "peephole+coupled", "proj"])
def test_lstm_layout_follows_the_classic_picture(name):
    spec = SPECS[name]
    d = cell_diagram(spec)
    valves = {e["key"]: e for e in bound(d, "valve")}
    values = {e["key"]: e for e in bound(d, "value")}
    assert set(valves) == {"i", "f", "o"}
    assert all(v["color"] == QUANTITY_COLORS[k] for k, v in valves.items())
    # c(t-1) top-left -> c(t) top-right on one line; x(t) and h(t-1) enter bottom-left; h(t) on the right
    assert values["c_prev"]["y"] == values["c"]["y"] < valves["f"]["y"]
    assert values["c_prev"]["x"] < valves["f"]["x"] < values["c"]["x"]
    assert values["h_prev"]["y"] > valves["f"]["y"] and values["x"]["y"] > valves["f"]["y"]
    assert values["h"]["x"] > valves["o"]["x"]
    assert values["c_prev"]["label"] == "c(t-1)" and values["h"]["label"] == "h(t)"
    assert ops(d).count("×") == 3 and ops(d).count("+") == 1 and "tanh" in ops(d)
    dashed = [e for e in d["elements"] if e["kind"] == "arrow" and e["dashed"]]
    if spec.peephole:  # f and i look at c(t-1), o at c(t); with coupled gates i has no links of its own
        assert len(dashed) == (2 if spec.coupled else 3)
    else:
        assert not dashed
    assert ("1−" in ops(d)) == spec.coupled
    assert ("proj" in ops(d)) == bool(spec.proj_size)


def test_other_cells_and_activations():
    gru = cell_diagram(SPECS["gru"])
    assert {e["key"] for e in bound(gru, "valve")} == {"r", "z"}
    assert "1−" in ops(gru) and ops(gru).count("×") == 3
    assert "ReLU" in ops(cell_diagram(SPECS["rnn"]))
    jordan = cell_diagram(SPECS["jordan"])
    assert "softmax" in ops(jordan)
    assert {e["label"] for e in bound(jordan)} >= {"y(t-1)", "y(t)", "h(t)"}
    identity = cell_diagram(ModelSpec("lstm", 3, 4, cell_activation="identity", output_activation="identity"))
    assert ops(identity).count("id") == 2  # the hand-wired memory cell uses linear activations


def test_reverse_direction_labels_the_previous_step_t_plus_1():
    labels = {e["label"] for e in bound(cell_diagram(SPECS["lstm"], direction=1))}
    assert {"c(t+1)", "h(t+1)"} <= labels


def test_x_shows_at_most_four_features():
    wide = ModelSpec("lstm", 27, 4)
    x_el = next(e for e in bound(cell_diagram(wide)) if e["key"] == "x")
    assert x_el["slots"] == MAX_X_SLOTS and "27" in x_el["label"]
    trace = Network(wide, seed=0).trace(torch.randn(5, 27))
    assert diagram_values(trace, unit=0)["x"] == trace.x[0, :, :MAX_X_SLOTS].tolist()


def _expect_previous(trace, q, layer, direction, batch, unit):
    return [float(trace.previous(q, t, layer, direction, batch)[unit]) for t in range(trace.num_steps)]


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_values_equal_the_trace_in_every_layer_direction_and_batch(cell):
    spec = ModelSpec(cell, 3, 5, num_layers=2, bidirectional=True)
    trace = Network(spec, seed=3).trace(torch.randn(2, 6, 3, generator=torch.Generator().manual_seed(1)))
    for layer in range(2):
        for direction in range(2):
            for batch in range(2):
                unit = 4 - layer - direction
                v = diagram_values(trace, unit=unit, layer=layer, direction=direction, batch=batch)
                assert set(v) == set(diagram_keys(spec))
                for q in spec.quantities:
                    assert v[q] == trace[q][layer, direction, batch, :, unit].tolist()
                assert v["h_prev"] == pytest.approx(_expect_previous(trace, "h", layer, direction, batch, unit))
                if cell == "lstm":
                    assert v["c_prev"] == pytest.approx(_expect_previous(trace, "c", layer, direction, batch, unit))
                layer_input = trace.x[batch] if layer == 0 else torch.cat(list(trace["h"][0, :, batch]), -1)
                assert v["x"] == layer_input[:, :MAX_X_SLOTS].tolist()


def test_values_with_an_initial_state_and_a_projection():
    spec = ModelSpec("lstm", 2, 4, proj_size=2)
    h0, c0 = torch.randn(1, 2), torch.randn(1, 4)
    trace = Network(spec, seed=0).trace(torch.randn(4, 2), state=(h0, c0))
    v = diagram_values(trace, unit=3)
    assert v["c_prev"][0] == pytest.approx(float(c0[0, 3]))
    assert v["h_prev"][0] == pytest.approx(float(h0[0, 1]))  # h has 2 units: unit 3 shows the last one
    assert v["h"] == trace["h"][0, 0, 0, :, 1].tolist() and v["c"] == trace["c"][0, 0, 0, :, 3].tolist()


def test_jordan_values():
    spec = SPECS["jordan"]
    trace = Network(spec, seed=0).trace(torch.randn(5, 3))
    v = diagram_values(trace, unit=3)
    assert v["h"] == trace["h"][0, 0, 0, :, 3].tolist()
    assert v["y"] == trace["y"][0, :, 1].tolist()  # y has 2 units: unit 3 shows the last one
    assert v["y_prev"] == [0.0] + v["y"][:-1]


def test_bad_positions_are_named():
    trace = Network(SPECS["lstm"], seed=0).trace(torch.randn(3, 3))
    for kwargs, name in [({"unit": 4}, "unit"), ({"unit": 0, "layer": 1}, "layer"),
                         ({"unit": 0, "direction": 1}, "direction"), ({"unit": 0, "batch": 2}, "batch")]:
        with pytest.raises(ValueError, match=name):
            diagram_values(trace, **kwargs)
