"""Lessons name their views and controls by reference (rnnviz/lessons/views.py); the ui maps exactly those."""
import pytest

from rnnviz.lessons import LESSONS, views
from rnnviz.ui.lesson_controls import CONTROLS
from rnnviz.ui.lesson_views import VIEWS


def test_the_ui_draws_every_declared_view_and_control_and_nothing_else():
    assert list(VIEWS) == list(views.VIEWS) and list(CONTROLS) == list(views.CONTROLS)
    declared = [*views.VIEWS, *views.CONTROLS]
    assert len({shown.name for shown in declared}) == len(declared)  # names tell them apart in messages
    module_constants = {value for value in vars(views).values() if isinstance(value, views.View | views.Control)}
    assert module_constants == set(declared), "a view or control declared but not listed in VIEWS / CONTROLS"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.id)
def test_a_lesson_names_declared_views_and_controls(lesson):
    assert all(view in views.VIEWS for view, _params in lesson.views), lesson.views
    assert all(control in views.CONTROLS for control, _params in lesson.controls), lesson.controls
    assert all(isinstance(params, dict) for _shown, params in lesson.views + lesson.controls)


def test_every_view_and_control_is_used_by_a_lesson():
    used = {shown for lesson in LESSONS for shown, _params in lesson.views + lesson.controls}
    assert used == {*views.VIEWS, *views.CONTROLS}
