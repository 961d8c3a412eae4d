"""The core's common error messages, raised for real by the core, read in Chinese on the page."""
import re

import numpy as np
import pytest

from rnnviz import ModelSpec, Network
from rnnviz.data.sequences import one_hot_text, parse_csv, parse_step, table_to_array
from rnnviz.data.token_ids import parse_token_ids
from rnnviz.ui.core_messages import localize
from tests.pages.zh_text import english_words

CJK = re.compile(r"[\u4e00-\u9fff]")

# What a learner can type that the core refuses, and what the Chinese must still show (the numbers, the text).
CASES = [
    (lambda: table_to_array([[1, None]], 2), ["第 0 行、x1 列", "单元格"]),
    (lambda: table_to_array([["1", "abc"]], 2), ["abc", "不是数"]),
    (lambda: table_to_array([["1", "nan"]], 2), ["NaN"]),
    (lambda: table_to_array([["1", "1e300"]], 2), ["1e300", "±3.4e+38"]),
    (lambda: table_to_array([], 2), ["至少添加一个时间步"]),
    (lambda: table_to_array([[1, 2, 3]], 2), ["第 0 行有 3 个值", "input_size = 2"]),
    (lambda: one_hot_text(""), ["文本为空"]),
    (lambda: one_hot_text("xyz", ["a", "b"]), ["不在词表", "'ab'"]),
    (lambda: parse_csv("", 2), ["CSV 为空", "2 个逗号分隔的数"]),
    (lambda: parse_csv("a,b\n", 2), ["只有表头"]),
    (lambda: parse_csv("1,2\n3\n", 2), ["2 列", "第 1 行有 1 列"]),
    (lambda: parse_step("", 3), ["3 个逗号分隔的数"]),
    (lambda: parse_step("1, 2", 3), ["需要 3 个数", "'1, 2'", "有 2 个"]),
    (lambda: parse_step("1, x, 2", 3), ["第 1 个值", "'x'"]),
    (lambda: Network(ModelSpec("lstm", 3, 2)).trace(np.zeros((4, 2), np.float32)), ["input_size=3", "实际为 2"]),
    # token ids typed for a network with an embedding
    (lambda: parse_token_ids(" "), ["用空格分隔的整数"]),
    (lambda: parse_token_ids("1 x 2"), ["第 1 个词元", "'x'"]),
    (lambda: Network(ModelSpec("lstm", 3, 2, vocab_size=5)).trace([1, 7]), ["第 1 步", "编号 7", "0 到 4"]),
    (lambda: Network(ModelSpec("lstm", 3, 2, vocab_size=5)).stream().step(9), ["编号 9", "0 到 4"]),
    (lambda: Network(ModelSpec("lstm", 3, 2, vocab_size=5)).trace(np.zeros((4, 1))), ["必须是整数", "(4, 1)"]),
]


@pytest.mark.parametrize("raise_it, shown", CASES)
def test_common_core_messages_read_in_chinese(raise_it, shown):
    with pytest.raises(ValueError) as caught:
        raise_it()
    message = str(caught.value)
    assert english_words(message)  # the core's own words are English
    zh = localize(message, "zh")
    assert CJK.search(zh) and not english_words(re.sub(r"'[^']*'", " ", zh)), zh  # quoted: what the user typed
    for part in shown:
        assert part in zh, (part, zh)
    assert localize(message, "en") == message


def test_an_uncommon_message_stays_as_it_is():
    """Not in the table: shown in English after the page's Chinese lead sentence (the strings' {error})."""
    message = "recording batch 9 x 9 steps is too large"
    assert localize(message, "zh") == message
