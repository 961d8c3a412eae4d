"""Lessons 8-10 train on a button press (never on page load), then show results and fill the explorer."""
import pytest

from tests.pages.conftest import errors
from tests.pages.test_lessons_page import open_lessons, view


def _button(at, key):
    return next(b for b in at.button if b.key == key)


@pytest.mark.parametrize("lesson_id,prefix", [("poem", "poem"), ("digits", "digits"), ("many-to-many", "m2m")])
def test_train_then_show_in_the_explorer(lesson_id, prefix):
    at = open_lessons({"lesson": lesson_id})
    assert not at.exception and errors(at) == []
    assert f"lv_we_{prefix}" not in at.session_state  # nothing trained on page load
    _button(at, f"lv_we_{prefix}_train").click().run()
    assert not at.exception and errors(at) == []
    assert f"lv_we_{prefix}" in at.session_state
    before = view(at).model_fingerprint()
    _button(at, f"lv_we_{prefix}_show").click().run()
    assert not at.exception and errors(at) == []
    v = view(at)
    assert v.weights is not None and v.model_fingerprint() != before and v.lesson == lesson_id
