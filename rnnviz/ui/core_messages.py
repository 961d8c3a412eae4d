"""Chinese texts for the core's most common error messages.

rnnviz/model and rnnviz/data raise ValueError in English: the core knows no languages and its messages are
asserted by tests and read in Python. The page always shows them after a translated lead sentence (the
strings' {error} placeholder, e.g. bad_sequence). The messages a learner meets by typing (a table cell, a
CSV, text, one more step x_t, a weight) are translated in full here, by pattern: one line each, no change to
the core. Anything else stays in English after the Chinese lead sentence, which already says what failed.
"""
from __future__ import annotations

import re

MAX_TRANSLATED = 2000  # characters; the core's messages quote user text cut short, so real ones are shorter

# (pattern of the English message, Chinese template). Groups are named; {where} parts are translated too.
_ZH: list[tuple[str, str]] = [
    (r"(?P<where>.+) is empty; every cell needs a number", "{where}为空；每个单元格都需要一个数"),
    (r"(?P<where>.+) holds (?P<cell>.+); expected a number", "{where}的内容是 {cell}，应为一个数"),
    (r"(?P<where>.+) holds (?P<cell>.+), which is not a number", "{where}的内容 {cell} 不是数"),
    (r"(?P<where>.+) is (?P<cell>.+); expected a finite number \(no NaN or infinity\)",
     "{where}为 {cell}；应为有限的数（不能是 NaN 或无穷大）"),
    (r"(?P<where>.+) is (?P<cell>.+); numbers must lie within ±(?P<limit>\S+)", "{where}为 {cell}；数值必须在 ±{limit} 之内"),
    (r"the text is empty; type at least one character", "文本为空；请至少输入一个字符"),
    (r"the text has (?P<n>\d+) characters; at most (?P<max>\d+) are allowed", "文本有 {n} 个字符；最多允许 {max} 个"),
    (r"the text has (?P<n>\d+) distinct characters; at most (?P<max>\d+) are allowed",
     "文本有 {n} 种不同的字符；最多允许 {max} 种"),
    (r"characters (?P<chars>.+) are not in the vocabulary (?P<vocab>.+)", "字符 {chars} 不在词表 {vocab} 中"),
    (r"the table has no rows; add at least one time step", "表格没有行；请至少添加一个时间步"),
    (r"the table has (?P<n>\d+) rows; at most (?P<max>\d+) time steps are allowed", "表格有 {n} 行；最多允许 {max} 个时间步"),
    (r"row (?P<t>\d+) has (?P<n>\d+) values; every row needs input_size = (?P<size>\d+)",
     "第 {t} 行有 {n} 个值；每行需要 input_size = {size} 个"),
    (r"the CSV must be text", "CSV 必须是文本"),
    (r"the CSV cannot be read: (?P<detail>.+)", "无法读取 CSV：{detail}"),
    (r"the CSV is empty; expected one row per time step with (?P<n>\d+) comma-separated numbers",
     "CSV 为空；每个时间步应占一行，每行 {n} 个逗号分隔的数"),
    (r"the CSV has a header but no data rows", "CSV 只有表头，没有数据行"),
    (r"the CSV must have (?P<n>\d+) columns \(input_size\); row (?P<t>\d+) has (?P<m>\d+)",
     "CSV 必须有 {n} 列（input_size）；第 {t} 行有 {m} 列"),
    (r"type x_t as (?P<n>\d+) comma-separated numbers", "请把 x_t 输入为 {n} 个逗号分隔的数"),
    (r"x_t needs (?P<n>\d+) numbers \(input_size\); got (?P<m>\d+) in (?P<text>.+)",
     "x_t 需要 {n} 个数（input_size）；{text} 中有 {m} 个"),
    (r"x has (?P<n>\d+) steps; at most (?P<max>\d+) are allowed", "x 有 {n} 步；最多允许 {max} 步"),
    (r"each step of x must have input_size=(?P<size>\d+) values; got (?P<n>\d+) \(x has shape (?P<shape>.+)\)",
     "x 的每一步必须有 input_size={size} 个值；实际为 {n}（x 的形状为 {shape}）"),
    (r"the input sequence x is empty \(shape (?P<shape>.+)\); it needs at least one step",
     "输入序列 x 为空（形状 {shape}）；至少需要一步"),
    (r"every cell of (?P<name>\S+) needs a finite number; one is empty", "{name} 的每个单元格都需要一个有限的数；有一个为空"),
    # Token ids for a network with an embedding (rnnviz.data.token_ids, rnnviz.model.embedding).
    (r"type the token ids as whole numbers separated by spaces, e\.g\. 3 1 4 1 5", "请把词元编号输入为用空格分隔的整数，例如 3 1 4 1 5"),
    (r"token (?P<k>\d+) is (?P<part>.+); a token id is a whole number such as 0, 7 or 42",
     "第 {k} 个词元是 {part}；词元编号是整数，例如 0、7 或 42"),
    (r"(?P<n>[\d,]+) token ids were typed; at most (?P<max>\d+) steps are allowed", "输入了 {n} 个词元编号；最多允许 {max} 步"),
    (r"token id (?P<id>-?\d+) at step (?P<t>\d+) is outside the vocabulary: ids run from 0 to (?P<last>\d+) "
     r"\(vocab_size=(?P<v>\d+)\)", "第 {t} 步的词元编号 {id} 超出词表：编号应在 0 到 {last} 之间（vocab_size={v}）"),
    (r"token id (?P<id>-?\d+) is outside the vocabulary: ids run from 0 to (?P<last>\d+) \(vocab_size=(?P<v>\d+)\)",
     "词元编号 {id} 超出词表：编号应在 0 到 {last} 之间（vocab_size={v}）"),
    (r"the token ids must be whole numbers \(a network with an embedding reads token ids, not vectors\), got "
     r"(?P<kind>[\w/ -]+) \(shape (?P<shape>.+)\); pass ints, e\.g\. \[3, 1, 4\] or np\.array\(\.\.\., dtype=np\.int64\)",
     "词元编号必须是整数（带嵌入层的网络读取词元编号，而不是向量），实际是形状为 {shape} 的非整数数据；请输入整数"),
    # A session's budget on a shared server (rnnviz.model.spec's MAX_PARAMETERS, MAX_TRACE_VALUES, MAX_INPUT_VALUES).
    (r"this model has (?P<n>[\d,]+) parameters; a session may hold at most (?P<max>[\d,]+) on a shared server "
     r"\(hidden_size (?P<fits>\d+) fits with the rest unchanged\)",
     "这个模型有 {n} 个参数；共享服务器上每个会话最多 {max} 个（其余不变时，hidden_size 取 {fits} 可以）"),
    (r"recording (?P<steps>[\d,]+) steps of this model takes (?P<n>[\d,]+) values \((?P<per>[\d,]+) a step\); a "
     r"session may record at most (?P<max>[\d,]+) on a shared server: up to (?P<fits>[\d,]+) steps fit, or use a "
     r"smaller model",
     "记录这个模型的 {steps} 步需要 {n} 个值（每步 {per} 个）；共享服务器上每个会话最多记录 {max} 个：最多 {fits} 步，"
     "或换一个更小的模型"),
    (r"recording (?P<b>[\d,]+) sequences of (?P<steps>[\d,]+) steps of this model takes (?P<n>[\d,]+) values "
     r"\((?P<per>[\d,]+) a step\); a session may record at most (?P<max>[\d,]+) on a shared server: up to "
     r"(?P<fits>[\d,]+) steps fit, or use a smaller model",
     "记录这个模型的 {b} 个序列（每个 {steps} 步）需要 {n} 个值（每步 {per} 个）；共享服务器上每个会话最多记录 {max} 个："
     "最多 {fits} 步，或换一个更小的模型"),
    (r"the table has (?P<n>[\d,]+) rows; at most (?P<fits>[\d,]+) time steps of (?P<size>[\d,]+) numbers fit a "
     r"session \((?P<max>[\d,]+) numbers\)", "表格有 {n} 行；每步 {size} 个数时，一个会话最多容纳 {fits} 步（{max} 个数）"),
    (r"the CSV has more than (?P<n>[\d,]+) rows; at most (?P<fits>[\d,]+) time steps of (?P<size>[\d,]+) numbers "
     r"fit a session \((?P<max>[\d,]+) numbers\)",
     "CSV 超过 {n} 行；每步 {size} 个数时，一个会话最多容纳 {fits} 步（{max} 个数）"),
]

# Where a message points (the `where` of rnnviz.data.sequences): "row 3, column x1", "value 2".
_WHERE_ZH: list[tuple[str, str]] = [
    (r"row (?P<t>\d+), column (?P<col>\S+)", "第 {t} 行、{col} 列"),
    (r"value (?P<k>\d+)", "第 {k} 个值"),
]


def _fill(pattern: str, template: str, text: str) -> str | None:
    match = re.fullmatch(pattern, text)
    if match is None:
        return None
    parts = match.groupdict()
    if "where" in parts:
        parts["where"] = _where(parts["where"])
    return template.format(**parts)


def _where(text: str) -> str:
    for pattern, template in _WHERE_ZH:
        done = _fill(pattern, template, text)
        if done is not None:
            return done
    return text


def localize(message: str, lang: str) -> str:
    """The core's message in `lang` when it is one of the common ones; otherwise as it is (English)."""
    if lang != "zh" or len(message) > MAX_TRANSLATED:  # the patterns run with Python's re: bounded input only
        return message
    for pattern, template in _ZH:
        done = _fill(pattern, template, message)
        if done is not None:
            return done
    return message
