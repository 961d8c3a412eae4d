import numpy as np
import torch

from rnnviz import ModelSpec, Network
from tests.pages.conftest import errors


def open_build(app):
    app.switch_page("pages/build.py").run()
    assert not app.exception
    return app


def view(app):
    return app.session_state["rnnviz_view"]


def test_build_page_shows_table_and_count(app):
    at = open_build(app)
    at.number_input(key="b_in").set_value(6).run()
    at.number_input(key="b_hid").set_value(32).run()
    at.selectbox(key="b_head").set_value("identity").run()
    at.number_input(key="b_headout").set_value(2).run()
    assert view(at).spec.head.out_features == 2
    markdown = " ".join(m.value for m in at.markdown)
    assert "5,186 parameters in total" in markdown
    assert "4 × 32 × (6 + 32 + 2) = **5,120**" in markdown
    table = at.dataframe[0].value
    assert list(table["name"]) == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                                   "head.weight", "head.bias"]
    assert table["count"].sum() == 5186
    # hidden 32 is past the hand-editing limit: the page says so instead of drawing 4 huge tables
    assert any("hidden_size ≤ 8" in i.value for i in at.info)


def test_every_cell_kind_builds(app):
    at = open_build(app)
    for kind in ("lstm", "peephole", "coupled", "gru", "rnn", "jordan"):
        at.selectbox(key="b_cell").set_value(kind).run()
        assert not at.exception and errors(at) == [], kind
        spec = view(at).spec
        assert spec.kind_label.lower().startswith({"lstm": "lstm", "peephole": "peephole", "coupled": "coupled",
                                                   "gru": "gru", "rnn": "elman", "jordan": "jordan"}[kind])
        total = " ".join(m.value for m in at.markdown)
        assert f"{Network(spec).num_parameters():,} parameters in total" in total


def test_invalid_spec_is_refused_and_model_kept(app):
    at = open_build(app)
    before = view(at).spec
    at.number_input(key="b_proj").set_value(9).run()
    assert any("proj_size must be smaller than hidden_size" in e for e in errors(at))
    assert view(at).spec == before


def test_editing_a_weight_changes_the_model(app):
    at = open_build(app)
    at.number_input(key="b_in").set_value(3).run()
    at.number_input(key="b_hid").set_value(1).run()
    fingerprint = f"{view(at).model_fingerprint()}_0"
    key = f"w_weight_ih_l0_{fingerprint}"
    # rows are i[0], f[0], g[0], o[0]; columns x[0], x[1], x[2]
    at.session_state[key] = {"edited_rows": {1: {"x[1]": 100.0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception and errors(at) == []
    weights = view(at).weights
    assert weights is not None and weights["weight_ih_l0"][1, 1] == 100.0
    # the core, given the same weights, computes the forget gate the page's network computes
    net = Network(ModelSpec("lstm", 3, 1))
    net.load_state_dict({k: torch.as_tensor(v) for k, v in weights.items()})
    f = net.trace([[0.0, 1.0, 0.0]])["f"][0, 0, 0, 0, 0].item()
    assert f > 0.999  # sigmoid(100 + small terms)


def test_emptied_weight_cell_is_refused(app):
    at = open_build(app)
    at.number_input(key="b_hid").set_value(2).run()
    fingerprint = f"{view(at).model_fingerprint()}_0"
    at.session_state[f"w_bias_ih_l0_{fingerprint}"] = {"edited_rows": {0: {"value": None}}, "added_rows": [],
                                                       "deleted_rows": []}
    at.run()
    assert any("needs a finite number" in e for e in errors(at))
    assert view(at).weights is None


def test_spec_change_keeps_edited_weights(app):
    at = open_build(app)
    at.number_input(key="b_hid").set_value(1).run()
    fingerprint = f"{view(at).model_fingerprint()}_0"
    at.session_state[f"w_weight_hh_l0_{fingerprint}"] = {"edited_rows": {2: {"h[0](t-1)": 4.5}}, "added_rows": [],
                                                         "deleted_rows": []}
    at.run()
    at.number_input(key="b_hid").set_value(2).run()
    w = view(at).weights["weight_hh_l0"]
    assert w.shape == (8, 2) and w[4, 0] == np.float32(4.5)  # unit 0 of gate g stays unit 0 of gate g
    assert any("Kept the weights" in i.value for i in at.info)
