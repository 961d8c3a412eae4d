"""Lessons: the course, in order; each opens its model and input beside the explanation."""
from rnnviz.ui.chrome import page
from rnnviz.ui.lessons_ui import lesson_body, lesson_picker, lesson_views

with page("lessons_title") as bar:
    lesson = lesson_picker(bar)
    lesson_body(lesson)
    lesson_views(lesson)
