"""All lessons in course order, found as the modules lNN_*.py of this package (each defines LESSON)."""
from __future__ import annotations

import importlib
import pkgutil

from .lesson import Lesson, Preset

__all__ = ["LESSONS", "Lesson", "Preset", "lesson_by_id"]


def _discover() -> tuple[Lesson, ...]:
    package = importlib.import_module(__package__)
    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name[:1] == "l" and info.name[1:3].isdigit() and info.name[3:4] == "_":
            found.append(importlib.import_module(f"{__package__}.{info.name}").LESSON)
    found.sort(key=lambda lesson: lesson.number)
    ids = [lesson.id for lesson in found]
    if len(set(ids)) != len(ids):
        raise RuntimeError(f"two lessons share an id: {ids}")
    return tuple(found)


LESSONS: tuple[Lesson, ...] = _discover()


def lesson_by_id(lesson_id: str) -> Lesson:
    for lesson in LESSONS:
        if lesson.id == lesson_id:
            return lesson
    raise ValueError(f"no lesson {lesson_id!r}; lessons are {', '.join(l.id for l in LESSONS)}")
