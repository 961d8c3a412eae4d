"""In 中文 every page and every lesson shows no English words outside the allow-list (tests/pages/zh_text.py),
and a first visit from a Chinese browser opens in 中文."""
import itertools

import pytest
from streamlit.testing.v1 import AppTest

from rnnviz import pretrained
from rnnviz.lessons import LESSONS
from tests.pages.conftest import APP, open_page
from tests.pages.zh_text import english_words, page_strings

PAGES = ["home", "build", "step_through", "train", "interpret", "import_export"]

# The slot-filling lesson's own English data: the sentences its taggers read and the words it encodes (and their
# letter trigrams, shown as the encoding's dimensions). Data, not interface.
_SLOT_WORDS = {"arrive", "leave", "taipei", "on", "november", "may", "gandalf", "sauron", "kaohsiung", "apple",
               "apples", "banana", "dog", "elephant", "bag"}
LESSON_DATA = {"slot-filling": {w[a:b] for w in _SLOT_WORDS
                                for a, b in itertools.combinations(range(len(w) + 1), 2) if b - a >= 2}}


def _english_left(at, allowed=frozenset()) -> dict[str, str]:
    """{English word: the text it was found in} over everything the page shows."""
    found = {}
    for text in page_strings(at):
        for word in english_words(text) - {w for w in english_words(text) if w.lower() in allowed}:
            found.setdefault(word, text[:120])
    return found


# Interpret opens on the pretrained model reading json/decoder.py: its code is data.
def _decoder_words() -> set[str]:
    code = pretrained.held_out_files()["json/decoder.py"]
    # and the fragments cut from it: pattern search's first selection, memory reach's context before step 400
    return {w.lower() for w in english_words(code) | english_words(code[:5]) | english_words(code[360:401])}


PAGE_DATA = {"interpret": _decoder_words}


@pytest.mark.parametrize("page", PAGES)
def test_a_page_in_chinese_has_no_english_left(page):
    at = open_page(f"pages/{page}.py", {"lang": "zh"})
    assert len(page_strings(at)) >= 10
    assert _english_left(at, PAGE_DATA.get(page, frozenset)()) == {}


@pytest.mark.parametrize("lesson", [lesson.id for lesson in LESSONS])
def test_a_lesson_in_chinese_has_no_english_left(lesson):
    at = open_page("pages/lessons.py", {"lang": "zh", "lesson": lesson})
    assert at.session_state["rnnviz_view"].lesson == lesson
    assert _english_left(at, LESSON_DATA.get(lesson, frozenset())) == {}


def test_the_check_sees_english_when_there_is_some():
    """The same collector on the English Build page finds English words: the check above can fail."""
    left = _english_left(open_page("pages/build.py"))
    assert {"Build", "Parameters", "Weights"} <= set(left) or len(left) > 20, left


def _first_visit(locale, query=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.context["locale"] = locale
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    return at


@pytest.mark.parametrize("locale, query, lang", [
    ("zh-CN", None, "zh"), ("zh-TW", None, "zh"), ("zh", None, "zh"),
    ("en-US", None, "en"), ("de-DE", None, "en"), (None, None, "en"),
    ("zh-CN", {"lang": "en"}, "en"),  # a link's lang always wins
    ("en-US", {"lang": "zh"}, "zh"),
])
def test_a_first_visit_follows_the_browsers_language_unless_the_link_says(locale, query, lang):
    at = _first_visit(locale, query)
    assert at.session_state["rnnviz_view"].lang == lang
    assert at.radio(key="sb_lang").value == lang
    assert at.title[0].value.endswith("看见循环神经网络的内部" if lang == "zh" else "see inside recurrent networks")


def test_the_browsers_language_decides_only_the_first_run():
    at = _first_visit("zh-CN")
    at.radio(key="sb_lang").set_value("en").run()
    at.run()
    assert at.session_state["rnnviz_view"].lang == "en"
    assert at.query_params["lang"] in (["en"], "en")  # so a reload or a shared link stays English

