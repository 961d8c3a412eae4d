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
