import re

import pytest

from rnnviz import HeadSpec, ModelSpec
from rnnviz.ui.param_text import count_lines, parameter_frame
from rnnviz.ui.strings import STRINGS, translate


def test_every_string_has_both_languages_with_the_same_placeholders():
    for key, entry in STRINGS.items():
        assert entry.get("en") and entry.get("zh"), key
        assert set(re.findall(r"{(\w+)", entry["en"])) == set(re.findall(r"{(\w+)", entry["zh"])), key


def test_every_string_used_in_the_code_exists():
    import pathlib
    root = pathlib.Path(__file__).resolve().parents[2]
    used = set()
    for path in list((root / "pages").glob("*.py")) + list((root / "rnnviz" / "ui").glob("*.py")):
        used |= set(re.findall(r"\bt\(\"([a-z_0-9]+)\"\s*[,)]", path.read_text()))
    assert used and not (used - set(STRINGS)), used - set(STRINGS)


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


def test_every_key_the_train_and_interpret_pages_build_from_names_exists():
    from rnnviz.learn.interpret import CHAR_CLASSES, TEXT_FEATURES
    from rnnviz.learn.probe import SOURCES, probe_for
    from rnnviz.learn.tasks import CSV_KINDS, PARAMS, TASKS, TEXT_SOURCES, make_task
    keys = {f"task_{k}" for k in TASKS} | {f"task_{k}_help" for k in TASKS}
    keys |= {f"tp_{name}" for params in PARAMS.values() for name in params}
    keys |= {f"tr_source_{s}" for s in TEXT_SOURCES} | {f"tr_csv_kind_{k}" for k in CSV_KINDS}
    keys |= {f"tr_status_{s}" for s in ("queued", "running", "done", "stopped", "time_limit", "diverged", "failed")}
    keys |= {"tr_split_train", "tr_split_test"} | {f"in_data_{s}" for s in SOURCES + ("typed",)}
    keys |= {f"feat_{f}" for f in TEXT_FEATURES} | {f"cc_{c}" for c in CHAR_CLASSES}
    for key in TASKS:  # every feature a task offers, as the Interpret page names it
        if key == "csv":
            continue
        task = make_task(key)
        for source in ("train", "test"):
            if source == "test" and task.x_test is None:
                continue
            keys |= {f"feat_{f}" for f in probe_for(task, source).feature_names()}
    assert not keys - set(STRINGS), sorted(keys - set(STRINGS))
