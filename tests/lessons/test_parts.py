"""A lesson in one place: it names its views and controls by reference (rnnviz/lessons/views.py), each declares
the files that make it, and the lesson's module docstring names them all. Every declaration is held to the code."""
import ast
import importlib
import pathlib
import re

import pytest

from rnnviz.lessons import LESSONS, views
from rnnviz.strings import STRINGS
from rnnviz.ui.lesson_controls import CONTROLS
from rnnviz.ui.lesson_views import VIEWS

ROOT = pathlib.Path(__file__).resolve().parents[2]
DECLARED = [*views.VIEWS, *views.CONTROLS]
CONSTANT = {value: name for name, value in vars(views).items() if isinstance(value, views.View | views.Control)}
DRAWN_BY = {**VIEWS, **CONTROLS}


def module_path(module: str) -> str:
    return module.replace(".", "/") + ".py"


def imported_modules(path: str) -> set[str]:
    """The rnnviz modules a file imports (anywhere in it), as paths: rnnviz/learn/gradients.py."""
    found = set()
    for node in ast.walk(ast.parse((ROOT / path).read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from rnnviz.learn import gradients` names a module; `from rnnviz.learn.x import f` names a function
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found |= {module_path(n) for n in names if n.startswith("rnnviz.") and (ROOT / module_path(n)).is_file()}
    return found


def lesson_module(lesson) -> str:
    return next(str(p.relative_to(ROOT)) for p in (ROOT / "rnnviz/lessons").glob("l[0-9][0-9]_*.py")
                if importlib.import_module(f"rnnviz.lessons.{p.stem}").LESSON is lesson)


def test_the_ui_draws_every_declared_view_and_control_and_nothing_else():
    assert list(VIEWS) == list(views.VIEWS) and list(CONTROLS) == list(views.CONTROLS)
    assert len({shown.name for shown in DECLARED}) == len(DECLARED)  # names tell them apart in messages
    assert set(CONSTANT) == set(DECLARED), "a view or control declared but not listed in VIEWS / CONTROLS"


@pytest.mark.parametrize("shown", DECLARED, ids=lambda s: s.name)
def test_a_view_is_drawn_by_the_module_its_declaration_names(shown):
    assert module_path(DRAWN_BY[shown].__module__) == shown.parts.renders
    for path in shown.parts.paths():
        assert (ROOT / path).is_file(), path


@pytest.mark.parametrize("renders", sorted({s.parts.renders for s in DECLARED}))
def test_a_view_module_imports_what_its_views_declare_and_no_other_learn_or_viz_module(renders):
    parts = [s.parts for s in DECLARED if s.parts.renders == renders]
    declared = {path for p in parts for path in p.computes + p.draws}
    imported = imported_modules(renders)
    assert declared <= imported, f"{renders} declares {sorted(declared - imported)} but does not import them"
    hidden = {p for p in imported if p.startswith(("rnnviz/learn/", "rnnviz/viz/"))} - declared
    assert not hidden, f"{renders} imports {sorted(hidden)}: declare them in rnnviz/lessons/views.py"


@pytest.mark.parametrize("renders", sorted({s.parts.renders for s in DECLARED}))
def test_a_string_prefix_belongs_to_its_view_module(renders):
    """Every key of a view's prefix is used in the module that renders it (or, for a control's labels, in the
    lessons that pass them); the prefix finds a view's strings in rnnviz/strings.py."""
    [prefix] = {s.parts.strings for s in DECLARED if s.parts.renders == renders}
    keys = {k for k in STRINGS if k.startswith(prefix)}
    users = [renders] + [lesson_module(l) for l in LESSONS if any(p.renders == renders for p in l.parts())]
    used = {n.value for path in users for n in ast.walk(ast.parse((ROOT / path).read_text()))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert keys and keys <= used, sorted(keys - used)


def test_every_view_module_is_declared_and_used_by_a_lesson():
    modules = {str(p.relative_to(ROOT)) for p in (ROOT / "rnnviz/ui/lesson_views").glob("*.py")
               if p.name != "__init__.py"}
    assert modules == {s.parts.renders for s in views.VIEWS}
    used = {shown for lesson in LESSONS for shown, _params in lesson.views + lesson.controls}
    assert used == set(DECLARED)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.id)
def test_a_lesson_names_declared_views_and_controls(lesson):
    assert all(view in views.VIEWS for view, _params in lesson.views), lesson.views
    assert all(control in views.CONTROLS for control, _params in lesson.controls), lesson.controls
    assert all(isinstance(params, dict) for _shown, params in lesson.views + lesson.controls)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.id)
def test_a_lesson_module_names_all_its_parts(lesson):
    """From rnnviz/lessons/lNN_*.py one finds every file of the lesson: its docstring names its views and controls,
    the files that render, compute and draw them, their string prefixes, and what the module itself imports."""
    path = lesson_module(lesson)
    doc = " ".join(ast.get_docstring(ast.parse((ROOT / path).read_text())).split())
    wanted = {CONSTANT[shown] for shown, _params in lesson.views + lesson.controls}
    wanted |= {path for parts in lesson.parts() for path in parts.paths()}
    wanted |= {f"{parts.strings}*" for parts in lesson.parts()}
    wanted |= {p for p in imported_modules(path) if p.startswith(("rnnviz/learn/", "rnnviz/viz/"))}
    if lesson.views or lesson.controls:
        wanted.add("rnnviz/lessons/views.py")
    missing = sorted(w for w in wanted if not re.search(rf"(?<![\w/]){re.escape(w)}", doc))
    assert not missing, f"{path}'s docstring should name {missing}"
