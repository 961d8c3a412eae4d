"""The pretrained python-code model through the pages (AppTest): Interpret opens on it with nothing trained, and
Step through reads typed code through its vocabulary."""
from __future__ import annotations

import re

from rnnviz import pretrained
from rnnviz.data.vocabulary import Vocabulary
from tests.pages.conftest import assert_keys_declared, errors, open_page


def view(at):
    return at.session_state["rnnviz_view"]


def test_interpret_opens_on_the_pretrained_model_and_finds_the_string_cell():
    at = open_page("pages/interpret.py")
    assert not at.exception and errors(at) == []
    assert at.selectbox(key="in_run").value == "python-code"
    assert at.radio(key="in_pre_source").value == "held_out_file" and at.selectbox(key="in_pre_file").value == \
        "json/decoder.py"
    at.selectbox(key="in_find_q").set_value("tanh_c").run()
    at.selectbox(key="in_feature").set_value("in_line_string").run()
    best = next(m.value for m in at.markdown if m.value.startswith("Best:"))
    r = float(re.search(r"correlation \*\*([+-][0-9.]+)\*\*", best).group(1))
    assert best.startswith("Best: **tanh(c)[253]**") and r >= 0.8 and "over 12,473 steps" in best, best
    # the text view now lists c's units ranked by that finding, the string cell first
    picker = next(s for s in at.selectbox if s.key.startswith("in_text_unit"))
    assert picker.value == 253 and picker.options[0].startswith("c[253]  r = +0.8")
    # the text view draws one window of the file, not all of it
    html = at.get("html")[0].proto.body
    assert len(html.encode()) < 1_000_000 and html.count("<i ") == 3000
    assert any(c.value.startswith("Characters 0–2,999 of 12,473") for c in at.caption)
    assert_keys_declared(at)


def test_typed_code_is_read_and_opens_in_step_through_with_its_characters():
    at = open_page("pages/interpret.py")
    at.radio(key="in_pre_source").set_value("typed").run()
    at.text_area(key="in_pre_typed").set_value("x = '好'\n").run()
    assert not at.exception and errors(at) == []
    assert any("read as �: '好'" in c.value for c in at.caption)
    at.button(key="in_pre_open_step").click().run()
    assert not at.exception and errors(at) == []
    _, vocab = pretrained.shared()
    assert view(at).sequence.values.tolist() == vocab.encode("x = '好'\n")
    assert view(at).spec.vocab_size == len(vocab) == 100
    payload = at.session_state["rnnviz_stepper_payload"][False][1]
    ticks = payload["figures"][0]["layout"]["xaxis"]["ticktext"]
    assert [tick.split("<br>")[1] for tick in ticks] == ["x", "␣", "=", "␣", "'", "�", "'", "↵"]
    assert at.radio(key="s_tok_mode").value == "text" and at.text_area(key="s_tok_text").value == "x = '\ufffd'\n"


def test_step_through_opens_the_pretrained_model_and_reads_typed_text():
    at = open_page("pages/step_through.py")
    at.button(key="s_open_pretrained").click().run()
    assert not at.exception and errors(at) == []
    _, vocab = pretrained.shared()
    assert view(at).spec.vocab_size == 100 and view(at).spec.hidden_size == 256
    at.text_area(key="s_tok_text").set_value("print((1))").run()
    assert not at.exception and errors(at) == []
    assert view(at).sequence.values.tolist() == vocab.encode("print((1))")
    trace = at.session_state["rnnviz_trace"][1]
    assert trace.num_steps == 10 and trace.ids[0].tolist() == vocab.encode("print((1))")
    assert_keys_declared(at)


def test_an_uploaded_vocabulary_types_text_and_unknown_tokens_are_refused_by_name():
    at = open_page("pages/build.py")
    at.radio(key="b_input").set_value("ids").run()
    at.number_input(key="b_vocab").set_value(4).run()
    at.switch_page("pages/step_through.py").run()
    # as the Vocabulary expander's upload leaves it (tests/data/test_vocabulary.py reads the files)
    at.session_state["rnnviz_vocabulary"] = Vocabulary(("the", "cat", "sat", "."), split="words")
    at.run()
    assert at.radio(key="s_tok_mode").value == "text"
    at.text_area(key="s_tok_text").set_value("the cat sat.").run()
    assert not at.exception and errors(at) == []
    assert view(at).sequence.values.tolist() == [0, 1, 2, 3]
    payload = at.session_state["rnnviz_stepper_payload"][False][1]
    assert [t.split("<br>")[1] for t in payload["figures"][0]["layout"]["xaxis"]["ticktext"]] == \
        ["the", "cat", "sat", "."]
    at.text_area(key="s_tok_text").set_value("the dog sat.").run()
    assert any("1 token(s) are not in the vocabulary: 'dog'" in e for e in errors(at))
    assert view(at).sequence.values.tolist() == [0, 1, 2, 3]  # kept
    # a vocabulary of another size is not used for this network
    at.session_state["rnnviz_vocabulary"] = Vocabulary(("a", "b"))
    at.run()
    assert not at.exception and at.text_input(key="s_ids")
