"""A network with an embedding through the pages (AppTest): built on Build, fed token ids on Step through."""
from __future__ import annotations

import torch

from tests.pages.conftest import assert_keys_declared, errors, open_page
from tests.pages.test_chinese_pages import _english_left

EMBEDDING_LINK = {"cell": "gru", "in": "3", "hid": "4", "vocab": "20", "seq": "ids", "ids": "3.1.4"}


def view(at):
    return at.session_state["rnnviz_view"]


def test_an_embedding_built_on_build_traces_typed_ids_in_step_through():
    at = open_page("pages/build.py")
    at.radio(key="b_input").set_value("ids").run()
    at.number_input(key="b_vocab").set_value(20).run()
    at.number_input(key="b_in").set_value(3).run()
    assert not at.exception and errors(at) == []
    spec = view(at).spec
    assert (spec.vocab_size, spec.input_size) == (20, 3)
    assert list(at.dataframe[0].value["name"])[0] == "embedding.weight"
    assert "- embedding: 20 × 3 = **60**" in [m.value for m in at.markdown]
    assert view(at).sequence.kind == "ids"  # the sine wave gave way to token ids the network reads

    at.switch_page("pages/step_through.py").run()
    assert not at.exception and errors(at) == []
    assert any("reads token ids (whole numbers from 0 to 19)" in i.value for i in at.info)
    at.text_input(key="s_ids").set_value("3 1 4 1 5 9 2 6 19").run()
    assert not at.exception and errors(at) == []
    assert view(at).sequence.values.tolist() == [3, 1, 4, 1, 5, 9, 2, 6, 19]
    trace = at.session_state["rnnviz_trace"][1]
    assert trace.ids.tolist() == [[3, 1, 4, 1, 5, 9, 2, 6, 19]] and trace.num_steps == 9
    net = at.session_state["rnnviz_network"][1]
    assert torch.equal(trace.x[0], net.parameter("embedding.weight")[trace.ids[0]])  # the rows layer 0 read
    payload = at.session_state["rnnviz_stepper_payload"][False][1]
    ticks = payload["figures"][0]["layout"]["xaxis"]["ticktext"]
    assert ticks == [f"{t}<br>{i}" for t, i in enumerate([3, 1, 4, 1, 5, 9, 2, 6, 19])]  # each step's id
    x_box = next(e for e in payload["diagram"]["elements"] if e.get("key") == "x")
    assert x_box["label"] == "x(t): token id"
    assert at.query_params["ids"] == "3.1.4.1.5.9.2.6.19" and at.query_params["vocab"] == "20"
    assert_keys_declared(at)

    # an id past the vocabulary is refused with its place, and the sequence stays
    at.text_input(key="s_ids").set_value("3 20 1").run()
    assert any("token id 20 at step 1 is outside the vocabulary: ids run from 0 to 19" in e for e in errors(at))
    assert view(at).sequence.values.tolist() == [3, 1, 4, 1, 5, 9, 2, 6, 19]
    at.text_input(key="s_ids").set_value("3 one 1").run()
    assert any("token 1 is 'one'; a token id is a whole number" in e for e in errors(at))

    # back to vectors: the sequence editor returns with a sequence of vectors
    at.switch_page("pages/build.py").run()
    at.radio(key="b_input").set_value("vectors").run()
    assert view(at).spec.vocab_size == 0 and view(at).sequence.kind == "generator"
    at.switch_page("pages/step_through.py").run()
    assert not at.exception and errors(at) == [] and at.text_input(key="s_feed")


def test_a_link_to_an_embedding_network_opens_every_page_without_a_failure():
    for page in ("home", "step_through", "build", "import_export"):
        at = open_page(f"pages/{page}.py", EMBEDDING_LINK)
        assert errors(at) == [], page
        assert view(at).spec.vocab_size == 20 and view(at).sequence.values.tolist() == [3, 1, 4]


def test_a_network_with_an_embedding_given_vectors_says_what_it_reads():
    at = open_page("pages/step_through.py", {**EMBEDDING_LINK, "seq": "generator"})
    assert any("a network with an embedding reads token ids, not vectors" in e for e in errors(at))
    assert at.text_input(key="s_ids")  # and offers the box to type them


def test_the_embedding_network_in_chinese_has_no_english_left():
    for page in ("step_through", "build"):
        at = open_page(f"pages/{page}.py", {**EMBEDDING_LINK, "lang": "zh"})
        assert _english_left(at) == {}, page
