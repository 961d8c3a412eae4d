"""Lesson 7: LSTM(6, 32) = 5,120, + Linear(32, 2) = 5,186, the course's 4(n + 1)(m + n) = 5,016 and why."""
import itertools

import pytest
import torch.nn as nn

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.lessons import lesson_by_id
from rnnviz.model.counting import (
    count_breakdown,
    count_check,
    course_formula,
    course_formula_gap,
    formula_count,
    lstm_tensor_counts,
    torch_count,
    torch_count_spec,
)


def test_the_course_numbers():
    lesson = lesson_by_id("counting")
    spec = lesson.presets[0].spec
    assert spec == ModelSpec("lstm", 6, 32, head=HeadSpec(2))
    assert [line.count for line in lstm_tensor_counts(6, 32)] == [768, 4096, 128, 128]
    assert sum(line.count for line in lstm_tensor_counts(6, 32)) == 5120 == formula_count("lstm", 6, 32)
    assert torch_count_spec(spec) == 5186 == Network(spec).num_parameters()
    real = nn.LSTM(6, 32), nn.Linear(32, 2)
    assert sum(p.numel() for m in real for p in m.parameters()) == 5186
    assert course_formula(6, 32) == 5016
    assert [line.count for line in count_breakdown(spec)] == [5120, 66]


def test_the_course_formula_taken_apart():
    g = course_formula_gap(6, 32)
    assert g["weights"] + g["torch_biases"] == g["correct"] == 5120
    assert g["weights"] + g["course_extra"] == g["course"] == 5016
    assert g["weights"] + g["one_bias"] == g["one_bias_count"] == 4992
    assert g["difference"] == 104 == 4 * (32 - 6)
    for m, n in itertools.product(range(1, 40, 3), range(1, 40, 4)):
        g = course_formula_gap(m, n)
        assert g["correct"] - g["course"] == 4 * (n - m) == g["difference"]
        assert (g["course"] == g["correct"]) == (m == n)
        assert g["correct"] == torch_count("lstm", m, n)


CONFIGS = list(itertools.product(("lstm", "gru", "rnn"), (1, 6, 17), (1, 5, 32), (1, 2, 3), (True, False),
                                 (False, True)))


@pytest.mark.parametrize("kind,m,n,layers,bias,bidirectional", CONFIGS)
def test_the_calculator_equals_torch(kind, m, n, layers, bias, bidirectional):
    result = count_check(kind, m, n, layers, bias, bidirectional)
    module = getattr(nn, {"lstm": "LSTM", "gru": "GRU", "rnn": "RNN"}[kind])(
        m, n, num_layers=layers, bias=bias, bidirectional=bidirectional)
    real = sum(p.numel() for p in module.parameters())
    assert result["formula"] == result["torch"] == real and result["equal"]


def test_the_calculator_refuses_bad_sizes():
    with pytest.raises(ValueError, match="hidden_size"):
        count_check("lstm", 6, 0)
    with pytest.raises(ValueError, match="cell must be one of"):
        torch_count("transformer", 6, 32)
    with pytest.raises(ValueError, match="not a torch module"):
        torch_count_spec(ModelSpec("lstm", 2, 2, peephole=True))
