"""The Interpret page in AppTest, on networks trained through the Train page."""
import base64
import json
import re

import numpy as np
import pytest

from .conftest import errors, open_page


def _train(at, task: str | None = None, compare: bool = False, **settings):
    if task:
        at.selectbox(key="tr_task").set_value(task).run()
    for key, value in settings.items():
        at.number_input(key="tr_s_" + key).set_value(value).run()
    at.button(key="tr_compare" if compare else "tr_train").click().run()
    entry = at.session_state["rnnviz_job"] if "rnnviz_job" in at.session_state else None
    if entry is not None:
        assert entry[2].wait(120)
        at.run()
    assert not at.exception


@pytest.fixture(scope="module")
def counting():
    """An LSTM (hidden 8) trained on a^n b^n with the task's recommended settings, then the Interpret page."""
    at = open_page("pages/train.py")
    _train(at, "anbn")
    at.switch_page("pages/interpret.py").run()
    assert not at.exception and not errors(at)
    return at


def _array(data):
    """A plotly array from a figure's JSON: a list, or a typed array {dtype, bdata} (plotly 6+)."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"]))
    return np.asarray(data)


def _charts(at):
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_the_unit_finder_puts_the_counting_unit_on_top(counting):
    at = counting
    assert at.radio(key="in_source").value == "train"  # a^n b^n has no running text
    at.selectbox(key="in_feature").set_value("count").run()
    best = next(m.value for m in at.markdown if m.value.startswith("Best:"))
    r = float(re.search(r"correlation \*\*([+-][0-9.]+)\*\*", best).group(1))
    assert best.startswith("Best: **c[") and abs(r) > 0.99, best
    ranking = _charts(at)[0]
    assert len(_array(ranking["data"][0]["x"])) == 8  # all eight cell units ranked


def test_the_text_view_colours_each_character_of_the_chosen_sequence(counting):
    at = counting
    at.number_input(key="in_text_seq").set_value(3).run()  # S a^4 b^4
    html = at.get("html")[0].proto.body
    chars = re.findall(r'<i class="[^"]*" title="(\d+): ([^"]*)">(.)</i>', html)
    assert "".join(c for _, _, c in chars) == "Saaaabbbb" and [int(k) for k, _, _ in chars] == list(range(9))
    trace = at.session_state["rnnviz_probe"][1].trace
    unit = next(s.value for s in at.selectbox if s.key.startswith("in_text_unit"))
    expected = trace["c"][0, 0, 3, :9, unit].numpy()
    assert np.allclose([float(v) for _, v, _ in chars], expected, rtol=5e-3, atol=1e-3)
    picker = next(s for s in at.selectbox if s.key.startswith("in_text_unit"))
    assert picker.options[0].startswith("c[") and "r = " in picker.options[0]  # ranked by the unit finder
    assert not errors(at)


def test_gate_saturation_and_memory_reach_draw_for_the_trained_lstm(counting):
    at = counting
    figures = _charts(at)
    saturation = next(f for f in figures if any(d.get("name", "").startswith("input gate") for d in f["data"]))
    assert {d["name"] for d in saturation["data"]} >= {"input gate i", "forget gate f", "output gate o"}
    reach = figures[-1]
    assert reach["data"][0]["name"].endswith("LSTM 8")
    assert "press “Compare RNN, LSTM and GRU”" in " ".join(i.value for i in at.info)


def test_a_bad_regex_and_unknown_typed_characters_get_a_message_and_nothing_is_lost(counting):
    at = counting
    at.selectbox(key="in_feature").set_value("regex").run()
    at.text_input(key="in_regex").set_value("a(b").run()
    assert any(e.startswith("This feature cannot be computed: invalid regular expression") for e in errors(at))
    at.radio(key="in_source").set_value("typed").run()
    at.text_input(key="in_typed").set_value("Saab!").run()
    assert any("'!'" in e and e.startswith("The network cannot read this") for e in errors(at))
    at.text_input(key="in_typed").set_value("Saaabbb").run()
    assert not errors(at) and not at.exception
    assert len(at.session_state["rnnviz_runs"]) == 1


def test_pattern_search_finds_the_repeats_in_a_text():
    at = open_page("pages/train.py")
    at.radio(key="tr_source").set_value("brackets").run()
    _train(at, epochs=30, hidden=8)
    at.switch_page("pages/interpret.py").run()
    assert at.radio(key="in_source").value == "text"
    at.slider(key="in_pat_range").set_value((10, 12)).run()
    at.slider(key="in_pat_threshold").set_value(0.0).run()
    found = next(m.value for m in at.markdown if "repeat the pattern" in m.value)
    assert re.match(r"\d+ places where \d+ unit\(s\) repeat the pattern of “.{3}”:", found), found


def test_memory_reach_compares_rnn_lstm_and_gru_on_the_same_task():
    at = open_page("pages/train.py")
    _train(at, compare=True, epochs=10)
    at.switch_page("pages/interpret.py").run()
    reach = _charts(at)[-1]
    assert [d["name"] for d in reach["data"]][:3] == ["#1 Elman RNN 12", "#2 LSTM 12", "#3 GRU 12"]
    assert not any("Compare RNN" in i.value for i in at.info)
