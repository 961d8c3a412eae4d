"""Every UI string exists in both languages, every key used exists, and grep finds each key where it is used: whole,
or through the family registry (rnnviz/ui/string_families.py) when the page builds it from a name at run time."""
import ast
import pathlib
import re

import pytest

from rnnviz import HeadSpec, ModelSpec
from rnnviz.strings import STRINGS, translate
from rnnviz.ui.param_text import count_lines, parameter_frame
from rnnviz.ui.string_families import FAMILIES, family_key

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.glob("rnnviz/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"])
TRANSLATORS = ("t", "translate")  # session.t(key), t = session.t, strings.translate(key, lang)


def test_every_string_has_both_languages_with_the_same_placeholders():
    for key, entry in STRINGS.items():
        assert entry.get("en") and entry.get("zh"), key
        assert set(re.findall(r"{(\w+)", entry["en"])) == set(re.findall(r"{(\w+)", entry["zh"])), key


@pytest.mark.parametrize("spec", [ModelSpec("lstm", 6, 32, head=HeadSpec(2)),
                                  ModelSpec("gru", 2, 3, num_layers=2, bidirectional=True),
                                  ModelSpec("lstm", 2, 2, peephole=True, proj_size=1)])
def test_parameter_meanings_are_translated(spec):
    en, zh = parameter_frame(spec, "en"), parameter_frame(spec, "zh")
    assert list(en["name"]) == list(zh["name"]) and list(en["count"]) == list(zh["count"])
    assert all(re.search(r"[\u4e00-\u9fff]", m) for m in zh["meaning"])
    assert not any(re.search(r"[\u4e00-\u9fff]", m) for m in en["meaning"])
    assert len(count_lines(spec, "zh")) == len(count_lines(spec, "en"))


def test_translate_formats_values():
    assert translate("params_total", "en", count=5186) == "5,186 parameters in total"
    assert translate("params_total", "zh", count=5186) == "共 5,186 个参数"


# --- where keys are used -------------------------------------------------------------------------------------
def _tree(path: pathlib.Path) -> ast.AST:
    return ast.parse(path.read_text())


def _translations(tree: ast.AST):
    """Every t(key, ...) / translate(key, ...) call: (call, its key expression)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name in TRANSLATORS:
                yield node, node.args[0]


def _literal_keys(expr: ast.AST) -> list[str] | None:
    """The keys a key expression can be when it is written out whole ("a", or "a" if x else "b"); else None."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, ast.IfExp):
        body, orelse = _literal_keys(expr.body), _literal_keys(expr.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _string_pieces(expr: ast.AST) -> list[str | None]:
    """A string built with + or an f-string, as its pieces: literal text, or None for what is filled in."""
    if isinstance(expr, ast.JoinedStr):
        return [v.value if isinstance(v, ast.Constant) else None for v in expr.values]
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return _string_pieces(expr.left) + _string_pieces(expr.right)
    return [expr.value if isinstance(expr, ast.Constant) and isinstance(expr.value, str) else None]


def test_every_key_written_out_in_a_translation_exists():
    used = {}
    for path in SOURCES:
        for call, expr in _translations(_tree(path)):
            for key in _literal_keys(expr) or []:
                used.setdefault(key, f"{path.relative_to(ROOT)}:{call.lineno}")
    assert len(used) > 300 and not set(used) - set(STRINGS), {k: used[k] for k in set(used) - set(STRINGS)}


def test_keys_are_built_at_run_time_only_through_the_family_registry():
    """A translated key is written out whole, looked up in a table of whole keys (a name, an attribute, an item),
    or built by family_key; and nothing else builds a string that starts like a key ("cell_" + kind)."""
    prefixes = {key[:n] for key in STRINGS for n in range(2, len(key)) if key[n - 1] == "_"}
    wrong = []
    for path in SOURCES:
        if path.name == "string_families.py":
            continue
        tree = _tree(path)
        where = f"{path.relative_to(ROOT)}"
        for call, expr in _translations(tree):
            lookup = isinstance(expr, ast.Name | ast.Attribute | ast.Subscript)
            built = isinstance(expr, ast.Call) and getattr(expr.func, "id", None) == "family_key"
            if _literal_keys(expr) is None and not lookup and not built:
                wrong.append(f"{where}:{call.lineno}: {ast.unparse(call)}")
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr | ast.BinOp):
                pieces = _string_pieces(node)
                if None in pieces and pieces[0] is not None and pieces[0] in prefixes:
                    wrong.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    assert not wrong, "build these keys with family_key (rnnviz/ui/string_families.py):\n" + "\n".join(wrong)


# --- families of keys built at run time --------------------------------------------------------------------------
@pytest.mark.parametrize("family", FAMILIES.values(), ids=lambda f: f.template)
def test_every_member_of_a_family_has_its_string(family):
    keys = family.keys()
    assert keys and not keys - set(STRINGS), sorted(keys - set(STRINGS))


def test_every_string_is_used_whole_or_belongs_to_a_family():
    """So an unused string is found (and removed) rather than translated for ever."""
    written = {node.value for path in SOURCES if path.name not in ("strings.py", "string_families.py")
               for node in ast.walk(_tree(path)) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    built = set().union(*(family.keys() for family in FAMILIES.values()))
    assert not set(STRINGS) - written - built, sorted(set(STRINGS) - written - built)


def test_family_key_builds_members_and_refuses_anything_else():
    assert family_key("cell_{}", "jordan") == "cell_jordan"
    assert family_key("task_{}_help", "anbn") == "task_anbn_help"
    with pytest.raises(ValueError, match="string family 'cell_{}'"):
        family_key("cell_{}", "transformer")
    with pytest.raises(KeyError, match="no string family"):
        family_key("cell_", "lstm")


def test_the_families_hold_what_the_core_hands_the_pages():
    """Members the core gives at run time, beyond the tuples a family reads: each task's features, each parameter's
    role, each status a training run reaches."""
    from rnnviz.learn.probe import probe_for
    from rnnviz.learn.tasks import TASKS, make_task
    from rnnviz.model.params import parameter_infos
    features = set()
    for key in TASKS:  # every feature a task offers, as the Interpret page names it
        if key == "csv":
            continue
        task = make_task(key)
        for source in ("train", "test"):
            if source == "test" and task.x_test is None:
                continue
            features |= set(probe_for(task, source).feature_names())
    assert features and features <= FAMILIES["feat_{}"].members(), features - FAMILIES["feat_{}"].members()
    roles = {info.role for spec in (ModelSpec("lstm", 2, 3, num_layers=2, bidirectional=True, proj_size=1,
                                              peephole=True, head=HeadSpec(2), vocab_size=5),
                                    ModelSpec("gru", 2, 3, bias=False))
             for info in parameter_infos(spec)}
    assert roles == FAMILIES["role_{}"].members()
    jobs = _tree(ROOT / "rnnviz/learn/jobs.py")
    statuses = {key for node in ast.walk(jobs) if isinstance(node, ast.Assign)
                for target in node.targets for value in ([node.value] if isinstance(target, ast.Attribute) and
                                                          target.attr == "status" else
                                                          node.value.elts[:1] if isinstance(target, ast.Tuple) and
                                                          isinstance(target.elts[0], ast.Attribute) and
                                                          target.elts[0].attr == "status" else [])
                for key in _literal_keys(value) or []}
    assert {"running", "stopped", "failed", "done", "time_limit", "diverged"} <= statuses
    assert statuses | {"queued"} == FAMILIES["tr_status_{}"].members()
