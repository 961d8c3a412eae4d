"""Lesson 6: PyTorch's shapes, measured on real modules, and the generated code that prints them."""
import ast
import itertools
import subprocess
import sys

import pytest

from rnnviz.lessons import lesson_by_id
from rnnviz.lessons.views import API_SHAPES
from rnnviz.model.shapes import shapes_code, torch_shapes


def test_the_course_example():
    s = torch_shapes("lstm", 10, 20, num_layers=2, batch=3, seq_len=5)
    assert s["constructor"] == "nn.LSTM(10, 20, 2)"
    assert s["input"] == (5, 3, 10) and s["h_0"] == s["c_0"] == (2, 3, 20)
    assert s["output"] == (5, 3, 20) and s["h_n"] == s["c_n"] == (2, 3, 20)
    assert s["output_last_equals_h_n_last"] and s["max_abs_difference"] == 0.0
    assert s["weights"] == {"weight_ih_l0": (80, 10), "weight_hh_l0": (80, 20), "bias_ih_l0": (80,),
                            "bias_hh_l0": (80,), "weight_ih_l1": (80, 20), "weight_hh_l1": (80, 20),
                            "bias_ih_l1": (80,), "bias_hh_l1": (80,)}
    [pair] = s["pairs"]
    assert (pair["output_expr"], pair["h_n_expr"], pair["equal"]) == ("output[-1]", "h_n[-1]", True)


def test_lesson_opens_the_course_example_and_corrects_the_batch_size():
    lesson = lesson_by_id("torch-api")
    view, params = lesson.views[0]
    assert view is API_SHAPES
    s = torch_shapes(**params)
    assert (s["input"], s["output"], s["h_n"]) == ((5, 3, 10), (5, 3, 20), (2, 3, 20))
    assert "sequence length" in lesson.corrections["en"] and "序列长度" in lesson.corrections["zh"]
    assert lesson.presets[0].spec.num_layers == 2 and lesson.presets[0].sequence.length == 5


def test_batch_first_unbatched_and_projection():
    s = torch_shapes("lstm", 10, 20, 2, batch_first=True)
    assert s["input"] == (3, 5, 10) and s["output"] == (3, 5, 20) and s["h_n"] == (2, 3, 20)
    assert s["pairs"][0]["output_expr"] == "output[:, -1]" and s["output_last_equals_h_n_last"]
    s = torch_shapes("gru", 4, 6, batch=None, seq_len=7)
    assert s["input"] == (7, 4) and s["h_0"] == s["h_n"] == (1, 6) and s["output"] == (7, 6)
    assert "c_0" not in s and s["output_last_equals_h_n_last"]
    s = torch_shapes("lstm", 10, 20, 2, proj_size=5)
    assert s["h_n"] == (2, 3, 5) and s["c_n"] == (2, 3, 20) and s["output"] == (5, 3, 5)
    assert s["weights"]["weight_hr_l0"] == (5, 20) and s["weights"]["weight_hh_l0"] == (80, 5)
    assert s["weights"]["weight_ih_l1"] == (80, 5)


@pytest.mark.parametrize("batch_first,batch", [(False, 3), (True, 3), (False, None)])
def test_bidirectional_h_n_last_is_the_reverse_direction_at_step_0(batch_first, batch):
    s = torch_shapes("rnn", 3, 4, num_layers=2, bidirectional=True, batch_first=batch_first, batch=batch)
    assert s["h_n"][0] == 4 and s["output"][-1] == 8
    forward, reverse, trap = s["pairs"]
    assert forward["h_n_expr"] == "h_n[-2]" and forward["equal"]
    assert reverse["h_n_expr"] == "h_n[-1]" and reverse["equal"] and reverse["output_expr"].count("4:") == 1
    assert " 0," in reverse["output_expr"] or "[0," in reverse["output_expr"]
    assert not trap["expected_equal"] and not trap["equal"] and trap["max_abs_difference"] > 1e-3
    assert s["output_last_equals_h_n_last"]


def _printed_shapes(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    shapes, checks = {}, []
    for line in out.stdout.splitlines():
        name, _, rest = line.partition(" ")
        if rest.startswith("("):
            shapes[name] = ast.literal_eval(rest)
        else:
            checks.append(line)
    return shapes, checks


CONFIGS = [dict(kind="lstm", input_size=10, hidden_size=20, num_layers=2),
           dict(kind="lstm", input_size=3, hidden_size=6, bidirectional=True, proj_size=2, batch_first=True),
           dict(kind="gru", input_size=2, hidden_size=5, num_layers=3, batch=None, seq_len=4),
           dict(kind="rnn", input_size=7, hidden_size=3, bias=False, bidirectional=True, batch=2, seq_len=6)]


@pytest.mark.parametrize("args", CONFIGS, ids=lambda a: "-".join(f"{v}" for v in a.values()))
def test_generated_code_runs_and_prints_the_same_shapes(args):
    s = torch_shapes(**args)
    printed, checks = _printed_shapes(s["code"])
    tensors = {k: s[k] for k in ("input", "h_0", "c_0", "output", "h_n", "c_n") if k in s}
    assert printed == {**tensors, **s["weights"]}
    assert checks and all(line.endswith("True") for line in checks), checks


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="proj_size only exists for nn.LSTM"):
        torch_shapes("gru", 3, 4, proj_size=2)
    with pytest.raises(ValueError, match="smaller than hidden_size"):
        torch_shapes("lstm", 3, 4, proj_size=4)
    with pytest.raises(ValueError, match="kind must be one of"):
        torch_shapes("transformer", 3, 4)
    with pytest.raises(ValueError, match="hidden_size must be a whole number from 1 to 256"):
        torch_shapes("lstm", 3, 100_000)
    with pytest.raises(ValueError, match="batch must be None"):
        torch_shapes("lstm", 3, 4, batch=0)
    with pytest.raises(ValueError, match="seq_len"):
        torch_shapes("lstm", 3, 4, seq_len=10_000)
    with pytest.raises(ValueError, match="batch_first must be True or False"):
        shapes_code("lstm", 3, 4, batch_first="yes")


def test_every_small_configuration_agrees_with_torch():
    """output[-1]/h_n pairs hold for every kind, direction, layout and layer count."""
    for kind, bidir, bf, batch, layers in itertools.product(("rnn", "lstm", "gru"), (False, True), (False, True),
                                                            (None, 2), (1, 2)):
        s = torch_shapes(kind, 2, 3, num_layers=layers, bidirectional=bidir, batch_first=bf, batch=batch,
                         seq_len=3)
        assert s["output_last_equals_h_n_last"], (kind, bidir, bf, batch, layers)
        assert s["h_n"][0] == layers * (2 if bidir else 1)
