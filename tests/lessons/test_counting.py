"""Lesson 8: LSTM(6, 32) = 5,120, + Linear(32, 2) = 5,186, the course's 4(n + 1)(m + n) = 5,016 and why."""
import itertools
import re

import numpy as np
import pytest
import torch
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
from rnnviz.model.textbook import gate_rows
from tests.lessons.claims import body, corrections, notice, number, says, stated


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


# --- what the lesson's text states, read out of both languages (tests/lessons/claims.py) --------------------
LESSON = lesson_by_id("counting")
SPEC = LESSON.presets[0].spec
GRID = list(itertools.product(range(1, 13), range(1, 13)))  # (m, n)


def _formula(text: str):
    """A formula as the lesson writes it, 4n(m + n + 2) or 4(nm + n² + n + n), as a function of m and n."""
    python = re.sub(r"(?<=[\dmn)²])(?=[mn(])", "*", text.replace(" ", "")).replace("²", "**2")
    assert re.fullmatch(r"[\dmn()+*]+", python), python
    return lambda m, n: eval(python, {"__builtins__": {}}, {"m": m, "n": n})  # digits, m, n, + and * only


def test_text_four_gate_blocks():
    """Body: one LSTM layer has four gate blocks (i, f, g, o), stacked in torch's order."""
    [blocks] = stated(body(LESSON), r"four gate blocks \(([^)]+)\)", r"四个门块（([^）]+)）",
                      convert=lambda text: re.split(r", |、", text))
    assert list(SPEC.gate_blocks) == [row["block"] for row in gate_rows(SPEC)] == blocks


def test_text_the_tensors_of_one_lstm_layer():
    """Body: weight_ih 4n × m, weight_hh 4n × n, and two bias vectors of 4n, in torch's nn.LSTM(6, 32)."""
    shapes = stated(body(LESSON), r"\*\*(\w+)\*\*, (\w+) × (\w+)\)", r"\*\*(\w+)\*\*，(\w+) × (\w+)）")
    [biases] = stated(body(LESSON), r"\*\*(bias_ih)\*\* and \*\*(bias_hh)\*\* \((\w+) each\)",
                      r"\*\*(bias_ih)\*\* 和 \*\*(bias_hh)\*\*（各 (\w+) 个）")
    m, n = SPEC.input_size, SPEC.hidden_size
    sizes = {"4n": 4 * n, "m": m, "n": n}
    stated_shapes = {f"{name}_l0": (sizes[rows], sizes[cols]) for name, rows, cols in shapes}
    stated_shapes.update({f"{name}_l0": (sizes[biases[2]],) for name in biases[:2]})
    assert stated_shapes == {name: tuple(p.shape) for name, p in nn.LSTM(m, n).named_parameters()}


def test_text_the_count_formula():
    """Body: 4(nm + n² + n + n) = 4n(m + n + 2), for every m and n as torch counts."""
    [(long, short)] = stated(body(LESSON), r"(4\(nm[^=]+\)) = \*\*(4n\([^)]+\))\*\*")
    for m, n in GRID:
        assert _formula(long)(m, n) == _formula(short)(m, n) == torch_count("lstm", m, n)


def test_text_the_course_lstm_and_its_readout():
    """Body: LSTM(6, 32): 4·32·40 = 5,120; Linear(32, 2) has 2·32 weights + 2 biases; 5,186 in all."""
    [(m, n)] = stated(body(LESSON), r"LSTM\((\d+), (\d+)\)", convert=int)
    [(a, b, c, lstm)] = stated(body(LESSON), r"(\d+)·(\d+)·(\d+) = \*\*([\d,]+)\*\*", convert=number)
    [(h, k)] = stated(body(LESSON), r"Linear\((\d+), (\d+)\)", convert=int)
    [(w_out, w_in, b_out)] = stated(body(LESSON), r"(\d+)·(\d+) weights \+ (\d+) biases",
                                    r"(\d+)·(\d+) 个权重 \+ (\d+) 个偏置", convert=int)
    [total] = stated(body(LESSON), r"\*\*([\d,]+)\*\* parameters", r"共有 \*\*([\d,]+)\*\* 个参数", convert=number)
    assert SPEC == ModelSpec("lstm", m, n, head=HeadSpec(k)) and h == n
    assert (a, b, c) == (4, n, m + n + 2) and a * b * c == lstm == torch_count("lstm", m, n)
    assert (w_out, w_in, b_out) == (k, h, k) and w_out * w_in + b_out == sum(p.numel() for p in nn.Linear(h, k)
                                                                            .parameters())
    assert total == torch_count_spec(SPEC) == Network(SPEC).num_parameters() == lstm + w_out * w_in + b_out


def test_text_gru_and_elman_blocks_and_the_layer_above():
    """Body: a GRU has 3 blocks, an Elman RNN 1; a layer above the first reads D·n inputs, not m."""
    [(gru, rnn)] = stated(body(LESSON), r"GRU has (\d+) blocks, an Elman RNN (\d+)",
                          r"GRU 有 (\d+) 个块，Elman RNN 有 (\d+) 个", convert=int)
    assert (len(ModelSpec("gru", 6, 32).gate_blocks), len(ModelSpec("rnn", 6, 32).gate_blocks)) == (gru, rnn)
    for module, blocks in ((nn.GRU, gru), (nn.RNN, rnn)):
        assert module(6, 32).weight_ih_l0.shape == (blocks * 32, 6)
    says(body(LESSON), r"reads D·n inputs, not m", r"读入 D·n 个输入，而不是 m 个")
    for bidirectional in (False, True):
        layer_1 = nn.LSTM(6, 32, 2, bidirectional=bidirectional).weight_ih_l1
        assert layer_1.shape[1] == (2 if bidirectional else 1) * 32 != 6


def test_text_the_two_biases_are_redundant_but_both_counted():
    """Notice 1: bias_ih and bias_hh are added in every gate, so moving a number from one to the other changes
    nothing the network computes; torch stores both, and the count includes both."""
    says(notice(LESSON, 0), r"added together in every gate.*redundant.*count includes both",
         r"在每个门中相加.*多余.*两个都要算")
    net = Network(ModelSpec("lstm", 3, 4), seed=1)
    x = np.random.default_rng(0).standard_normal((6, 3)).astype(np.float32)
    state = net.state_dict()
    shift = torch.linspace(-1, 1, 16)
    state["bias_ih_l0"], state["bias_hh_l0"] = state["bias_ih_l0"] + shift, state["bias_hh_l0"] - shift
    moved = Network(ModelSpec("lstm", 3, 4), seed=1)
    moved.load_state_dict(state)
    torch.testing.assert_close(moved.trace(x)["h"], net.trace(x)["h"], rtol=1e-5, atol=1e-6)
    n = SPEC.hidden_size
    assert [line.count for line in lstm_tensor_counts(SPEC.input_size, n)][2:] == [4 * n, 4 * n]


def test_text_the_course_formula_is_104_short():
    """Notice 2: the course's 4(n + 1)(m + n) = 5,016 is 104 short: it adds 4(m + n), where torch has 8n."""
    [(formula, course)] = stated(notice(LESSON, 1), r"(4\(n \+ 1\)\(m \+ n\)) = ([\d,]+)")
    [short] = stated(notice(LESSON, 1), r"is (\d+) short", r"少了 (\d+)", convert=int)
    [(extra, biases)] = stated(notice(LESSON, 1), r"connection, (4\(m \+ n\)), where torch has two biases per unit, "
                                                  r"(8n)", r"即 (4\(m \+ n\))；而 torch 每个单元有两个偏置，即 (8n)")
    m, n = SPEC.input_size, SPEC.hidden_size
    gap = course_formula_gap(m, n)
    assert _formula(formula)(m, n) == number(course) == course_formula(m, n) == gap["course"]
    assert torch_count("lstm", m, n) - gap["course"] == short == _formula(biases)(m, n) - _formula(extra)(m, n)
    assert (_formula(extra)(m, n), _formula(biases)(m, n)) == (gap["course_extra"], gap["torch_biases"])


def test_text_the_formulas_agree_only_when_m_equals_n():
    """Notice 3 and the correction: with m = n the course's formula happens to give torch's count, and only then."""
    says(notice(LESSON, 2), r"try m = n: the wrong formula then happens to give the right number",
         r"试试 m = n：这时错误的公式碰巧给出正确的数")
    [(course, correct)] = stated(corrections(LESSON), r"(4\(n \+ 1\)\(m \+ n\)).*(4n\(m \+ n \+ 2\))")
    says(corrections(LESSON), r"agree only when m = n", r"只有在 m = n 时才一致")
    for m, n in GRID:
        assert (_formula(course)(m, n) == torch_count("lstm", m, n) == _formula(correct)(m, n)) == (m == n), (m, n)


def test_text_the_corrections_numbers():
    """Correction: 5,016 by the course's formula for LSTM(6, 32); torch's 5,120; 5,186 with Linear(32, 2)."""
    numbers = stated(corrections(LESSON), r"(\d[\d,]{3,})", convert=number)
    m, n = SPEC.input_size, SPEC.hidden_size
    assert numbers == [course_formula(m, n), torch_count("lstm", m, n), torch_count_spec(SPEC)]


def test_text_build_shows_the_same_count():
    """Notice 4: Build's parameter table and count lines show the same 5,186."""
    from rnnviz.strings import translate
    from rnnviz.ui.param_text import count_lines, parameter_frame
    [total] = stated(notice(LESSON, 3), r"same ([\d,]+)", r"同样的 ([\d,]+)")
    for lang in ("en", "zh"):
        assert parameter_frame(SPEC, lang)["count"].sum() == number(total)
        assert total in translate("params_total", lang, count=int(number(total)))
        lines = [number(re.search(r"\*\*([\d,]+)\*\*", line).group(1)) for line in count_lines(SPEC, lang)]
        assert sum(lines) == number(total)
