"""The LSTM gates lesson: every number its notices state is what the preset's network computes, in both languages."""
import re

import numpy as np
import pytest
import torch

from rnnviz.lessons import lesson_by_id
from rnnviz.lessons.l04_lstm_gates import ERASE, KEEP, READ, READ_AGAIN, SEQUENCE, WRITE
from rnnviz.lessons.lesson import preset_trace
from rnnviz.model.textbook import times_a_plain_rnn

LESSON = lesson_by_id("lstm-gates")
TRACE = preset_trace(LESSON.presets[0])


def value(quantity: str, step: int) -> float:
    return float(TRACE[quantity][0, 0, 0, step, 0])


def numbers(text: str) -> list[float]:
    """The decimals a notice states (0.953, −0.848), in order; whole step numbers are not among them."""
    return [float(n.replace("−", "-")) for n in re.findall(r"[−-]?\d+\.\d+", text)]


# Per notice item: the values it states, in the order it states them, as the trace computes them.
STATED = [
    lambda: [value("i", WRITE), SEQUENCE[WRITE][0], value("g", WRITE), value("c", WRITE)],
    lambda: [value("i", KEEP), value("f", KEEP), value("f", KEEP), value("c", WRITE), value("c", KEEP),
             value("f", KEEP)],
    lambda: [value("o", READ), value("o", READ), value("c", READ), value("h", READ), value("o", KEEP)],
    lambda: [value("f", ERASE), value("c", ERASE - 1), value("c", ERASE)],
    lambda: [SEQUENCE[ERASE + 1][0], value("c", ERASE + 1), value("h", READ_AGAIN)],
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("item", range(len(STATED)))
def test_each_notice_states_what_the_network_computes(lang, item):
    stated = numbers(LESSON.notice[lang][item])
    np.testing.assert_allclose(stated, STATED[item](), atol=5e-4)


def test_the_gates_swing_between_sigmoid_of_minus_and_plus_three():
    opened, shut = 1 / (1 + np.exp(-3)), 1 / (1 + np.exp(3))
    assert round(opened, 3) == 0.953 and round(shut, 3) == 0.047
    np.testing.assert_allclose(value("i", WRITE), opened, rtol=1e-6)
    np.testing.assert_allclose(value("f", ERASE), shut, rtol=1e-6)
    assert value("g", WRITE) == pytest.approx(np.tanh(1.0), rel=1e-6)
    # c(t) = f c(t-1) + i g, and h = o tanh(c), at every step
    c, f, i, g, o, h = (TRACE[q][0, 0, 0, :, 0].double() for q in "cfigoh")
    previous = torch.cat([torch.zeros(1, dtype=torch.float64), c[:-1]])
    torch.testing.assert_close(c, f * previous + i * g, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(h, o * torch.tanh(c), rtol=1e-5, atol=1e-6)


def test_four_inputs_four_times_the_parameters():
    """The last notice's claim, for the preset and for the course's LSTM(6, 32)."""
    from rnnviz.model.spec import ModelSpec
    assert "4×" in LESSON.notice["en"][5] and "4 倍" in LESSON.notice["zh"][5]
    assert times_a_plain_rnn(LESSON.presets[0].spec) == {"count": 28, "plain": 7, "ratio": 4.0, "blocks": 4}
    assert times_a_plain_rnn(ModelSpec("lstm", 6, 32)) == {"count": 5120, "plain": 1280, "ratio": 4.0, "blocks": 4}
    assert sum(p.numel() for p in torch.nn.LSTM(6, 32).parameters()) == 4 * sum(
        p.numel() for p in torch.nn.RNN(6, 32).parameters())


def test_it_comes_before_the_hand_wired_cell():
    assert LESSON.number + 1 == lesson_by_id("memory-cell").number
