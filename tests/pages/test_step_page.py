import json
import re

import numpy as np
import pytest

from rnnviz import ModelSpec, Network
from rnnviz.data.sequences import generate
from rnnviz.viz.equations import fill_template
from tests.pages.conftest import errors, open_page


def open_step(query=None):
    return open_page("pages/step_through.py", query)


def view(at):
    return at.session_state["rnnviz_view"]


def core_trace(hidden=4, length=24, seed=0):
    return Network(ModelSpec("lstm", 1, hidden), seed=seed).trace(generate("sine", length, 1))


def latex(at) -> str:
    """The equations the page shows: rendered by the server, or sent to the stepper (which renders them in the
    browser) as templates, here filled for the view's layer, direction, unit and step."""
    server = [e.value for e in at.get("latex")]
    if server:
        return "\n".join(server)
    v = view(at)
    templates = json.loads(_stepper_json(at))["choices"]["equations"][f"{v.layer},{v.direction}"]
    return "\n".join(fill_template(templates[v.unit], v.step))


def test_step_page_renders_equations_that_match_the_core():
    at = open_step({"step": "5", "unit": "2"})
    assert view(at).step == 5 and view(at).unit == 2
    text = latex(at)
    c = core_trace()["c"][0, 0, 0, 5, 2].item()
    assert "c_t" in text and f"{c:.4g}"[:5] in text


def test_link_reproduces_step_and_model():
    at = open_step({"cell": "gru", "in": "1", "hid": "3", "seed": "4", "step": "7", "len": "30"})
    v = view(at)
    assert v.spec.cell == "gru" and v.seed == 4 and v.step == 7
    assert at.query_params["step"] == ["7"] or at.query_params["step"] == "7"
    h = Network(ModelSpec("gru", 1, 3), seed=4).trace(generate("sine", 30, 1))["h"][0, 0, 0, 7, 0].item()
    assert f"{h:.4g}"[:5] in latex(at)


def test_feed_one_more_step_appends_and_carries_state():
    at = open_step()
    at.text_input(key="s_feed").set_value("0.5").run()
    at.button(key="s_feed_btn").click().run()
    assert errors(at) == []
    v = view(at)
    assert v.sequence.kind == "table" and v.sequence.values.shape == (25, 1) and v.step == 24
    x = np.vstack([generate("sine", 24, 1), [[0.5]]])
    expected = Network(ModelSpec("lstm", 1, 4)).trace(x)["c"][0, 0, 0, 24, 0].item()
    c_block = next(block for block in latex(at).splitlines() if block.startswith(r"\begin{aligned} c_t[0]"))
    assert re.search(r"&= (\S+) \\end\{aligned\}$", c_block).group(1) == f"{expected:.4g}", c_block
    at.button(key="s_reset_btn").click().run()
    assert view(at).sequence.kind == "generator" and view(at).step == 0


@pytest.mark.parametrize("typed,fragment", [("abc", "not a number"), ("1,2", "needs 1 numbers"),
                                             ("nan", "finite")])
def test_bad_fed_step_is_refused_and_state_kept(typed, fragment):
    at = open_step({"step": "3"})
    before = view(at)
    at.text_input(key="s_feed").set_value(typed).run()
    at.button(key="s_feed_btn").click().run()
    assert any(fragment in e for e in errors(at)), errors(at)
    after = view(at)
    assert after.sequence == before.sequence and after.step == 3 and after.spec == before.spec


def test_csv_with_wrong_columns_is_refused():
    at = open_step({"step": "2"})
    assert at.expander[0].label == "Input sequence"  # the editor lives in an expander; its widgets render regardless
    at.radio(key="s_source").set_value("csv").run()
    at.text_area(key="s_csv").set_value("1,2\n3,4").run()
    at.button(key="s_csv_apply").click().run()
    assert any("must have 1 columns" in e for e in errors(at)), errors(at)
    assert view(at).sequence.kind == "generator" and view(at).step == 2


def test_csv_is_used():
    at = open_step()
    at.radio(key="s_source").set_value("csv").run()
    at.text_area(key="s_csv").set_value("x0\n1\n0\n-1\n").run()
    at.button(key="s_csv_apply").click().run()
    assert errors(at) == []
    assert view(at).sequence.values[:, 0].tolist() == [1, 0, -1]


def test_table_with_empty_cell_is_refused():
    at = open_step()
    at.radio(key="s_source").set_value("table").run()
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {1: {"x0": None}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="s_table_apply").click().run()
    assert any("row 1, column x0 is empty" in e for e in errors(at)), errors(at)
    assert view(at).sequence.kind == "generator"


def test_text_needs_matching_input_size_then_fix():
    at = open_step()
    at.radio(key="s_source").set_value("text").run()
    at.text_input(key="s_text").set_value("abcab").run()
    assert any("input_size = 3" in e for e in errors(at))
    assert view(at).sequence.kind == "generator"
    fix = [b for b in at.button if "Set input_size to 3" in b.label][0]
    fix.click().run()
    v = view(at)
    assert v.spec.input_size == 3 and v.sequence.kind == "text" and v.sequence.text == "abcab"
    assert errors(at) == []


def test_generator_bad_parameter_is_refused():
    at = open_step()
    at.radio(key="s_source").set_value("generator").run()
    at.number_input(key="s_g_sine_period").set_value(0.0).run()
    assert any("greater than 0" in e for e in errors(at))
    assert dict(view(at).sequence.params) == {}


def test_chinese_interface():
    at = open_step({"lang": "zh"})
    assert at.title[0].value == "逐步运行"
    labels = json.loads(_stepper_json(at))["labels"]  # the equations' title is drawn by the stepper
    assert labels["equations"] == "第 {t} 步、单元 {unit} 的计算过程" and labels["unit"] == "单元（结构图、公式）"


def test_the_stepper_content_is_built_once_and_rebuilt_only_when_the_view_changes():
    at = open_page("pages/step_through.py")
    first = at.session_state["_rnnviz_stepper_content_stepper"]
    at.run()  # a rerun that changes nothing (e.g. the browser reporting its step)
    again = at.session_state["_rnnviz_stepper_content_stepper"]
    assert again[1] is first[1] and again[2] == first[2]  # the same serialised content, not rebuilt
    # A unit chosen in the browser needs no new content: the stepper already has every unit's numbers.
    at.session_state["stepper"] = {"position": None, "choice": {"layer": 0, "direction": 0, "unit": 2,
                                                                "units": [0, 2], "seq": 0}}
    at.run()
    assert not at.exception
    assert at.session_state["_rnnviz_stepper_content_stepper"][1] is first[1]
    assert at.query_params["unit"] == "2" and at.query_params["units"] == "0.2"  # the server heard it
    assert "_t[2]" in latex(at)  # the equations follow
    changed_model = open_page("pages/step_through.py", {"cell": "gru", "in": "1", "hid": "3", "len": "8"})
    assert changed_model.session_state["_rnnviz_stepper_content_stepper"][2] != first[2]


def test_choices_the_browser_sends_are_checked():
    at = open_page("pages/step_through.py", {"cell": "lstm", "in": "1", "hid": "4", "len": "8"})
    at.session_state["stepper"] = {"position": None, "choice": {"layer": 5, "direction": 1, "unit": 99,
                                                                "units": [1, 77], "seq": 0}}
    at.run()
    assert not at.exception
    assert "layer" not in at.query_params and "direction" not in at.query_params  # a 1-layer forward LSTM
    assert "unit" not in at.query_params  # unit 99 does not exist: the unit stays 0
    assert at.query_params["units"] == "1"


def _stepper_json(at) -> str:
    return next(e for e in at.main.children.values() if getattr(e, "type", None) == "bidi_component").proto.json


def test_a_run_too_big_to_send_keeps_the_streamlit_widgets(monkeypatch):
    monkeypatch.setenv("RNNVIZ_CHOICE_BUDGET_BYTES", "0")
    at = open_page("pages/step_through.py", {"cell": "lstm", "in": "1", "hid": "4", "layers": "2", "len": "8"})
    assert "choices" not in json.loads(_stepper_json(at))
    assert any("too big" in c.value for c in at.caption)
    at.selectbox(key="v_unit").set_value(2).run()
    assert at.query_params["unit"] == "2"




def test_the_address_follows_the_view_when_the_page_stops_early():
    """A model that cannot read its sequence ends the page with st.stop(); the link still says what is shown."""
    at = open_page("pages/step_through.py", {"cell": "lstm", "in": "64", "hid": "154", "layers": "4", "bi": "1",
                                             "seq": "generator", "gen": "sine", "len": "2500"})
    assert errors(at)  # the trace does not fit: the page stopped after saying so
    at.number_input(key="s_len").set_value(3000).run()
    assert errors(at) and view(at).sequence.length == 3000
    assert at.query_params["len"] in (["3000"], "3000")


def test_the_poem_in_step_through_names_its_steps_and_outputs_by_their_characters():
    """Opened from lesson 9: the steps are the characters read, y's units the characters scored, and the x box
    says what x is (not "x(t) 1–4 of 28")."""
    from rnnviz.ui import session_keys
    at = open_page("pages/lessons.py", {"lesson": "poem"})
    at.switch_page("pages/step_through.py").run()
    assert not at.exception
    _key, payload = at.session_state[session_keys.STEPPER_PAYLOAD][False]
    chart = payload["figures"][0]
    axes = [v for k, v in chart["layout"].items() if k.startswith("xaxis")]
    assert all(a.get("ticktext") == ["0<br>对", "1<br>酒", "2<br>当", "3<br>歌"] for a in axes)
    x_box = next(e for e in payload["diagram"]["elements"] if e.get("key") == "x")
    assert x_box["label"] == "x(t): one-hot over 28 characters"
    assert payload["choices"]["unit_names"]["y"][:4] == list("对酒当歌")  # for the units chosen in the browser
    legend = [line["name"] for line in chart["data"]]
    assert legend[:8] == ["unit 0", "unit 1", "unit 2", "unit 3", "y: 对", "y: 酒", "y: 当", "y: 歌"]
    heatmaps = payload["figures"][1]["layout"]
    rows = [v.get("ticktext") for k, v in heatmaps.items() if k.startswith("yaxis")]
    assert rows[-1][:4] == list("对酒当歌") and len(rows[-1]) == 28  # y's rows: the characters they score
