"""Two sessions never see each other's model, weights, sequence or step; a shared preset is never mutated."""
import numpy as np
from streamlit.testing.v1 import AppTest

from rnnviz.lessons import lesson_by_id
from tests.pages.conftest import APP


def session(query=None):
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    return at


def test_two_sessions_keep_their_own_models_and_steps():
    a = session({"cell": "gru", "in": "1", "hid": "3", "step": "5"})
    b = session({"cell": "lstm", "in": "1", "hid": "2", "step": "9"})
    a.switch_page("pages/build.py").run()
    fingerprint = f"{a.session_state['rnnviz_view'].model_fingerprint()}_0"
    a.session_state[f"w_bias_ih_l0_{fingerprint}"] = {"edited_rows": {0: {"value": 42.0}}, "added_rows": [],
                                                      "deleted_rows": []}
    a.run()
    b.run()
    va, vb = a.session_state["rnnviz_view"], b.session_state["rnnviz_view"]
    assert va.spec.cell == "gru" and vb.spec.cell == "lstm"
    assert va.weights["bias_ih_l0"][0] == 42.0 and vb.weights is None
    assert va.step == 5 and vb.step == 9
    net_a = a.session_state["rnnviz_network"][1]
    net_b = b.session_state["rnnviz_network"][1]
    assert net_a is not net_b and net_b.spec.cell == "lstm"


def test_editing_a_lesson_model_leaves_the_preset_untouched():
    preset = lesson_by_id("memory-cell").presets[0]
    before = {k: np.asarray(v).copy() for k, v in preset.weights.items()}
    at = session({"lesson": "memory-cell"})
    at.switch_page("pages/lessons.py").run()
    at.switch_page("pages/build.py").run()
    fingerprint = f"{at.session_state['rnnviz_view'].model_fingerprint()}_0"
    at.session_state[f"w_bias_ih_l0_{fingerprint}"] = {"edited_rows": {1: {"value": -10.0}}, "added_rows": [],
                                                       "deleted_rows": []}
    at.run()
    assert at.session_state["rnnviz_view"].weights["bias_ih_l0"][1] == -10.0  # the session's copy changed
    after = {k: np.asarray(v) for k, v in preset.weights.items()}
    assert all(np.array_equal(before[k], after[k]) for k in before)  # the shared preset did not
    assert preset.weight_arrays()["bias_ih_l0"][1] == 10.0
