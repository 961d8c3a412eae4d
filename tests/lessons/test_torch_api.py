"""Lesson 7: PyTorch's shapes, measured on real modules, and the generated code that prints them."""
import ast
import inspect
import itertools
import math
import re

import pytest
from torch import nn

from rnnviz.lessons import lesson_by_id
from rnnviz.lessons.lesson import preset_trace
from rnnviz.lessons.views import API_SHAPES
from rnnviz.model.shapes import shapes_code, torch_shapes
from tests.lessons.claims import body, corrections, notice, says, stated


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


def _printed_shapes(runner, code: str) -> dict:
    out = runner.run(code=code, timeout=120, check=True)  # `python -c code` (tests/script_runner.py)
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
def test_generated_code_runs_and_prints_the_same_shapes(script_runner, args):
    s = torch_shapes(**args)
    printed, checks = _printed_shapes(script_runner, s["code"])
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


# --- what the lesson's text states, read out of both languages (tests/lessons/claims.py) --------------------
LESSON = lesson_by_id("torch-api")
COURSE_ARGS = dict(LESSON.views)[API_SHAPES]
SMALL = [dict(kind=kind, input_size=3, hidden_size=4, num_layers=layers, bidirectional=bidirectional,
              proj_size=proj, seq_len=6)
         for kind, layers, bidirectional, proj in itertools.product(("rnn", "lstm", "gru"), (1, 2), (False, True),
                                                                     (0, 2))
         if proj == 0 or kind == "lstm"]


def _table_cell(text: str) -> tuple:
    """A cell of the body's shape table: its shapes as tuples of symbols, or else the tensors it names."""
    shapes = re.findall(r"\(([^()]*,[^()]*)\)", text)
    if shapes:
        return tuple(tuple(part.strip() for part in shape.split(",")) for shape in shapes)
    return tuple(re.split(r", |、", re.sub(r"\s*[(（]LSTM[)）]", "", text).strip()))


def _size(symbols: tuple, sizes: dict) -> tuple:
    """(D·num_layers, N, H_out) with D = 2, num_layers = 2, ... -> (4, 3, 20)."""
    return tuple(math.prod(int(f) if f.isdigit() else sizes[f] for f in symbol.split("·")) for symbol in symbols)


def test_text_the_arguments_and_batch_firsts_default():
    """Body: the modules take input_size, hidden_size, num_layers, bias, batch_first (default False), dropout,
    bidirectional, and for the LSTM proj_size."""
    [names] = stated(body(LESSON), r"(?s)^(.*?)Let D", r"(?s)^(.*?)设 D",
                     convert=lambda text: re.findall(r"\b[a-z]+_[a-z]+\b|\bbias\b|\bdropout\b|\bbidirectional\b", text))
    torch_arguments = inspect.signature(nn.RNNBase.__init__).parameters
    assert names == [n for n in torch_arguments if n not in ("self", "mode", "device", "dtype")]
    [default] = stated(body(LESSON), r"\*\*batch_first\*\* \(default (\w+)\)", r"\*\*batch_first\*\*（默认 (\w+)）")
    assert str(torch_arguments["batch_first"].default) == default == "False"
    assert nn.LSTM(3, 4, proj_size=2).proj_size == 2
    for module in (nn.RNN, nn.GRU):
        with pytest.raises(ValueError, match="only supported for LSTM"):
            module(3, 4, proj_size=2)


@pytest.mark.parametrize("args", SMALL, ids=lambda a: "-".join(str(v) for v in a.values()))
def test_text_the_shape_table(args):
    """Body: the table of shapes, each row's formulas evaluated with D = 2 if bidirectional else 1 and H_out =
    proj_size or hidden_size, against torch's modules; input and output in each layout, h and c in both."""
    rows = stated(body(LESSON), r"(?m)^\| (.+?) \| (.*\(.+?) \|$", convert=_table_cell)
    assert [names for names, _ in rows] == [("input",), ("h_0", "h_n"), ("c_0", "c_n"), ("output",)]
    batched = [(3, False), (3, True)]  # (N, batch_first); a row with one shape holds in both
    layouts = {1: batched, 2: batched, 3: [(None, False), *batched]}
    checked = 0
    for names, shapes in rows:
        if args["kind"] != "lstm" and names[0] == "c_0":
            continue
        in_each_layout = shapes * 2 if len(shapes) == 1 else shapes
        for symbols, (batch, batch_first) in zip(in_each_layout, layouts[len(shapes)], strict=True):
            s = torch_shapes(**args, batch=batch, batch_first=batch_first)
            sizes = {"L": 6, "N": batch, "H_in": 3, "hidden_size": 4, "num_layers": args["num_layers"],
                     "D": 2 if args["bidirectional"] else 1, "H_out": args["proj_size"] or 4}
            for name in names:
                assert s[name] == _size(symbols, sizes), (name, symbols, batch, batch_first)
                checked += 1
    assert checked == (13 if args["kind"] == "lstm" else 9)  # every row, name and layout


def test_text_the_course_example():
    """Body: nn.LSTM(10, 20, 2), input (5, 3, 10), h0 and c0 (2, 3, 20) -> output (5, 3, 20), h_n and c_n (2, 3, 20)."""
    stated_shapes = stated(body(LESSON), r"\((\d+(?:, \d+)+)\)", convert=lambda t: tuple(map(int, t.split(", "))))
    s = torch_shapes(**COURSE_ARGS)
    assert s["constructor"] == f"nn.LSTM{stated_shapes[0]}"
    assert stated_shapes[1:] == [s["input"], s["h_0"], s["output"], s["h_n"]]
    assert s["c_0"] == s["h_0"] and s["c_n"] == s["h_n"]


def test_text_output_last_equals_h_n_last():
    """Body: output[-1] equals h_n[-1], the last layer at the last step; many-to-one with batch_first=True reads
    output[:, -1, :]."""
    [pair] = stated(body(LESSON), r"(output\[-1\]) equals (h_n\[-1\])", r"(output\[-1\]) 等于 (h_n\[-1\])")
    [first] = torch_shapes(**COURSE_ARGS)["pairs"]
    assert (first["output_expr"], first["h_n_expr"]) == pair and first["equal"]
    [last_step] = stated(body(LESSON), r"`(output\[:, -1, :\])`")
    [first] = torch_shapes(**{**COURSE_ARGS, "batch_first": True})["pairs"]
    assert first["output_expr"] == last_step.removesuffix(", :]") + "]" and first["equal"]  # the same slice


def test_text_batch_first_moves_only_input_and_output():
    """Body and notice 2: batch_first swaps input's and output's first two axes; h_n and c_n keep theirs."""
    says(body(LESSON), r"batch_first moves only input and output", r"batch_first 只改变 input 和 output")
    says(notice(LESSON, 1), r"swap their first two axes, h_n and c_n do not", r"前两个维度交换，h_n 和 c_n 不变")
    for args in SMALL:
        seq, batch = torch_shapes(**args), torch_shapes(**args, batch_first=True)
        for name in ("input", "output"):
            assert batch[name] == (seq[name][1], seq[name][0], seq[name][2])
        assert all(batch[name] == seq[name] for name in ("h_0", "h_n", "c_0", "c_n") if name in seq)


def test_text_the_explorer_reads_one_sequence_of_the_course_input():
    """Notice 1: the 5 of input (5, 3, 10) is L; the explorer reads 5 steps of 10 numbers, one of a batch of 3."""
    [shape] = stated(notice(LESSON, 0), r"input \((\d+), (\d+), (\d+)\)", convert=int)
    [length] = stated(notice(LESSON, 0), r"the (\d+) of input", r"中的 (\d+) 是 L", convert=int)
    [steps] = stated(notice(LESSON, 0), r"(\d+) steps of (\d+) numbers", r"读取 (\d+) 步、每步 (\d+) 个数", convert=int)
    [batch] = stated(notice(LESSON, 0), r"batch of (\d+)", r"批量 (\d+) 个序列", convert=int)
    assert shape == torch_shapes(**COURSE_ARGS)["input"] == (COURSE_ARGS["seq_len"], batch, steps[1])
    assert length == shape[0] == COURSE_ARGS["seq_len"] == steps[0]
    assert tuple(preset_trace(LESSON.presets[0]).x.shape) == (1, *steps)
    assert LESSON.guide[0].step == steps[0] - 1  # its first item points at the last of them


def test_text_proj_size():
    """Notice 3: with proj_size, h_n and output shrink to it, c_n keeps hidden_size, one weight_hr per layer, and
    weight_hh has proj_size columns."""
    says(notice(LESSON, 2), r"h_n and output shrink to proj_size, c_n keeps hidden_size.*weight_hr appears per layer.*"
                            r"weight_hh now has proj_size columns",
         r"h_n 和 output 缩小为 proj_size，c_n 仍为 hidden_size，每层多出一个 weight_hr.*"
         r"weight_hh 的列数变为 proj_size")
    for bidirectional in (False, True):
        s = torch_shapes(**{**COURSE_ARGS, "bidirectional": bidirectional, "proj_size": 5})
        D, H = 2 if bidirectional else 1, COURSE_ARGS["hidden_size"]
        assert (s["h_n"][-1], s["output"][-1], s["c_n"][-1]) == (5, D * 5, H)
        hr = {name: shape for name, shape in s["weights"].items() if name.startswith("weight_hr")}
        assert len(hr) == D * COURSE_ARGS["num_layers"] and set(hr.values()) == {(5, H)}
        assert {shape[1] for name, shape in s["weights"].items() if name.startswith("weight_hh")} == {5}


def test_text_bidirectional_doubles_and_h_n_last_is_output_at_step_0():
    """Notice 4: output doubles its last axis, h_n its first; h_n[-1] (the reverse direction) is output at step 0."""
    [(h_n, step)] = stated(notice(LESSON, 3), r"(h_n\[-1\]) is the reverse direction, which equals output at step (\d)",
                           r"(h_n\[-1\]) 是反向部分，它等于第 (\d) 步的 output")
    one, two = torch_shapes(**COURSE_ARGS), torch_shapes(**{**COURSE_ARGS, "bidirectional": True})
    assert two["output"][-1] == 2 * one["output"][-1] and two["h_n"][0] == 2 * one["h_n"][0]
    forward, reverse, last = two["pairs"]
    assert reverse["h_n_expr"] == h_n and reverse["output_expr"] == f"output[{step}, :, 20:]" and reverse["equal"]
    assert last["output_expr"] == "output[-1, :, 20:]" and not last["equal"]  # "not at the last step"


def test_text_layer_1_reads_layer_0s_h():
    """Notice 5: weight_ih_l1 has 20 (or 2·20) columns, not 10."""
    [(one, d, two, not_x)] = stated(notice(LESSON, 4), r"weight_ih_l1 has (\d+) \(or (\d+)·(\d+)\) columns, not (\d+)",
                                    r"weight_ih_l1 有 (\d+)（或 (\d+)·(\d+)）列而不是 (\d+)", convert=int)
    for bidirectional, columns in ((False, one), (True, d * two)):
        weights = torch_shapes(**{**COURSE_ARGS, "bidirectional": bidirectional})["weights"]
        assert weights["weight_ih_l1"][1] == columns and weights["weight_ih_l0"][1] == not_x


def test_text_the_correction_l_and_n():
    """Correction: in input (5, 3, 10), L = 5 steps and N = 3 sequences (not a batch of 5)."""
    [length] = stated(corrections(LESSON), r"L = (\d+)", convert=int)
    [batch] = stated(corrections(LESSON), r"N = (\d+)", convert=int)
    s = torch_shapes(**COURSE_ARGS)
    assert s["input"][:2] == (length, batch) == (s["sizes"]["L"], s["sizes"]["N"])
