"""The lesson tools (api_shapes, param_count, encodings) on the Lessons page: widgets in, numbers out."""
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import APP, errors


def open_lesson(lesson_id, lang="en"):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lesson"] = lesson_id
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/lessons.py").run()
    assert not at.exception and errors(at) == []
    return at


def frames(at):
    return [d.value for d in at.dataframe]


def find_frame(at, column):
    return next(f for f in frames(at) if column in f.columns)


def test_api_shapes_defaults_and_bidirectional():
    at = open_lesson("torch-api")
    shapes = find_frame(at, "layout")
    assert dict(zip(shapes["tensor"], shapes["shape"])) == {
        "input": "(5, 3, 10)", "h_0": "(2, 3, 20)", "c_0": "(2, 3, 20)", "output": "(5, 3, 20)",
        "h_n": "(2, 3, 20)", "c_n": "(2, 3, 20)"}
    assert any("nn.LSTM(10, 20, 2)" in c.value for c in at.code)
    at.checkbox(key="lv_api_bidirectional").check().run()
    assert not at.exception and errors(at) == []
    pairs = find_frame(at, "equal")
    assert list(pairs["output"]) == ["output[-1, :, :20]", "output[0, :, 20:]", "output[-1, :, 20:]"]
    assert list(pairs["h_n"]) == ["h_n[-2]", "h_n[-1]", "h_n[-1]"] and list(pairs["equal"]) == ["✓", "✓", "✗"]
    shapes = find_frame(at, "layout")
    assert dict(zip(shapes["tensor"], shapes["shape"]))["output"] == "(5, 3, 40)"
    at.checkbox(key="lv_api_batched").uncheck().run()
    shapes = find_frame(at, "layout")
    assert dict(zip(shapes["tensor"], shapes["shape"]))["input"] == "(5, 10)"


def test_api_shapes_bad_projection_is_a_warning_not_a_crash():
    at = open_lesson("torch-api")
    at.number_input(key="lv_api_proj_size").set_value(25).run()
    assert not at.exception and errors(at) == []
    assert any("proj_size must be smaller" in w.value for w in at.warning)


def test_param_count_numbers_and_calculator():
    at = open_lesson("counting")
    text = " ".join(m.value for m in at.markdown)
    assert "**5,120**" in text and "**5,186**" in text and "**5,016**" in text and "**104**" in text
    metrics = [m.value for m in at.metric]
    assert metrics[:3] == ["5,120", "5,120", "✓"]
    at.selectbox(key="lv_pc_kind").set_value("gru").run()
    at.number_input(key="lv_pc_layers").set_value(2).run()
    at.checkbox(key="lv_pc_bidirectional").check().run()
    assert not at.exception and errors(at) == []
    # GRU(6, 32), 2 layers, bidirectional: 2·3·32·(6+32+2) + 2·3·32·(64+32+2) = 7680 + 18816
    assert [m.value for m in at.metric][:3] == ["26,496", "26,496", "✓"]


def test_encodings_of_the_course_examples_in_chinese():
    at = open_lesson("slot-filling", "zh")
    one_hot, other = [f for f in frames(at) if "apple" in f.columns][:2]
    assert list(one_hot["词"]) == ["apple", "dog"]
    assert list(other["⟨其他⟩"]) == [0, 0, 1, 1]
    at.text_input(key="lv_enc_words").input("apple").run()
    trigrams = find_frame(at, "三元组")
    assert list(trigrams["三元组"]) == ["#ap", "app", "le#", "ple", "ppl"]  # by index: # = 0 sorts first
    at.text_input(key="lv_enc_vocab").input("cat, Cat").run()
    assert not at.exception and errors(at) == [] and any("same word" in w.value for w in at.warning)


def test_slot_filling_taggers_on_the_page():
    at = open_lesson("slot-filling")
    focus = find_frame(at, "most likely")
    rnn = focus[focus["tagger"] == "RNN"]
    ff = focus[focus["tagger"] == "feed-forward"]
    assert list(rnn["most likely"]) == ["destination", "place of departure"]
    assert ff.drop(columns=["sentence"]).iloc[0].tolist() == ff.drop(columns=["sentence"]).iloc[1].tolist()
    assert len(at.get("plotly_chart")) >= 4
    at.text_input(key="lv_sf_sentence1").input("leave Kaohsiung on May 5th").run()
    assert not at.exception and errors(at) == []
    assert any("Kaohsiung" in c.value for c in at.caption)
