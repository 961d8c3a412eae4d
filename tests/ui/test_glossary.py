"""The Chinese texts follow docs/glossary.md: one term per concept, wherever a program can tell."""
import re

import pytest

from rnnviz.data.sequences import GENERATOR_PARAMS
from rnnviz.learn.train import LOSSES, OPTIMIZERS
from rnnviz.lessons import LESSONS
from rnnviz.strings import STRINGS
from tests.pages.zh_text import english_words


def _lesson_texts():
    """(where, en, zh) for every text of every lesson: title, body, each notice item, corrections, preset names."""
    for lesson in LESSONS:
        yield f"{lesson.id} title", lesson.title["en"], lesson.title["zh"]
        yield f"{lesson.id} body", lesson.body["en"], lesson.body["zh"]
        for k, (en, zh) in enumerate(zip(lesson.notice["en"], lesson.notice["zh"], strict=True)):
            yield f"{lesson.id} notice {k}", en, zh
        if lesson.corrections:
            yield f"{lesson.id} corrections", str(lesson.corrections["en"]), str(lesson.corrections["zh"])
        for k, preset in enumerate(lesson.presets):
            yield f"{lesson.id} preset {k}", preset.name["en"], preset.name["zh"]


TEXTS = [(f"strings {key}", entry["en"], entry["zh"]) for key, entry in STRINGS.items()] + list(_lesson_texts())
PRESENTER = re.compile(r"presenter", re.I)


def test_the_texts_are_all_there():
    assert len(TEXTS) > len(STRINGS) + 11 * 3
    assert all(zh.strip() for _, _, zh in TEXTS)


@pytest.mark.parametrize("wrong, right", [("记忆单元", "记忆细胞"), ("单元状态", "细胞状态"),
                                          ("单元类型", "循环层类型"), ("课程 §", "第 n 课"), ("独热", "one-hot")])
def test_no_text_uses_a_term_the_glossary_replaces(wrong, right):
    offenders = [where for where, _, zh in TEXTS if wrong in zh]
    assert not offenders, f"{wrong} → {right}: {offenders}"


def test_yan_shi_means_presenter_mode_only():
    """演示 appears only as 演示模式 (so never for the embedded stepper, 逐步运行器), and every text about
    presenter mode says 演示模式."""
    for where, en, zh in TEXTS:
        assert zh.count("演示") == zh.count("演示模式"), where
        if PRESENTER.search(en):
            assert "演示模式" in zh, where
    assert sum("演示模式" in zh for _, _, zh in TEXTS) >= 2


def test_dan_yuan_is_a_unit_or_a_table_cell():
    """单元 (not 单元格) only where the English speaks of a unit: never for the cell."""
    offenders = [where for where, en, zh in TEXTS
                 if re.search(r"单元(?!格)", zh) and not re.search(r"\bunits?\b|hidden", en, re.I)]
    assert not offenders


def test_the_cell_is_xi_bao_where_the_english_says_cell_state():
    for where, en, zh in TEXTS:
        if re.search(r"\bcell state\b", en, re.I):
            assert "细胞状态" in zh, where


def test_chinese_strings_carry_no_english_words():
    for key, entry in STRINGS.items():
        assert not english_words(re.sub(r"{[^}]*}", " ", entry["zh"])), key


def test_ids_the_core_keeps_are_named_on_the_page():
    keys = {f"loss_{loss}" for loss in LOSSES} | {f"opt_{o}" for o in OPTIMIZERS}
    keys |= {f"gp_{name}" for params in GENERATOR_PARAMS.values() for name in params}
    assert not keys - set(STRINGS), sorted(keys - set(STRINGS))
    assert not any("cross_entropy" in zh or re.search(r"\bmse\b", zh) for _, _, zh in TEXTS)
