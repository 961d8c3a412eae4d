"""The lesson catalogue: the course material as data (presets, text in English and Chinese)."""
from .catalogue import LESSONS, Lesson, Preset, lesson_by_id

__all__ = ["LESSONS", "Lesson", "Preset", "lesson_by_id"]
