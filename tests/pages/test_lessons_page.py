
from rnnviz.lessons import LESSONS, lesson_by_id
from tests.pages.conftest import errors, open_page


def open_lessons(query=None):
    return open_page("pages/lessons.py", query)


def view(at):
    return at.session_state["rnnviz_view"]


def test_every_lesson_opens_with_its_model():
    at = open_lessons()
    for lesson in LESSONS:
        at.selectbox(key="l_pick").set_value(lesson.id).run()
        assert not at.exception and errors(at) == [], lesson.id
        v = view(at)
        assert v.lesson == lesson.id
        if lesson.presets:
            assert v.spec == lesson.presets[0].spec and v.sequence == lesson.presets[0].sequence
        # every lesson's view goes home as a page (tests/browser/test_standalone_browser.py downloads one)
        assert [d.label for d in at.download_button] == ["Download this view as a page"], lesson.id


def test_preset_switch_and_link():
    at = open_lessons({"lesson": "memory-cell"})
    assert view(at).spec == lesson_by_id("memory-cell").presets[0].spec  # a link naming only the lesson
    at.radio(key="l_preset").set_value(1).run()
    v = view(at)
    assert v.preset == 1 and v.sequence.values.shape == (9, 3) and v.step == 5
    q = at.query_params
    assert q["lesson"] in (["memory-cell"], "memory-cell") and q["preset"] in (["1"], "1")


def test_chinese_lesson_text():
    at = open_lessons({"lesson": "memory-toy", "lang": "zh"})
    text = " ".join(m.value for m in at.markdown)
    assert "记忆" in text and "请注意" in text


def test_open_in_build_promises_weight_editing_only_where_build_offers_it():
    """Build edits weights by hand for hidden_size <= 8 (ui/weight_editor.py); lesson 7's LSTM has 20 units."""
    from rnnviz.strings import translate
    small = open_page("pages/lessons.py", {"lesson": "memory-cell"})
    large = open_page("pages/lessons.py", {"lesson": "torch-api"})
    assert translate("open_build", "en") in [link.proto.label for link in small.get("page_link")]
    assert translate("open_build_shape", "en") in [link.proto.label for link in large.get("page_link")]
    assert translate("open_build", "en") not in [link.proto.label for link in large.get("page_link")]
