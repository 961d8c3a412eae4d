"""equations / equation_values: the substituted numbers are the trace's, and the arithmetic adds up."""
import math
import re

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from viz_cases import SPECS, STEPS, traced

from rnnviz.viz.equations import equation_values, equations, fmt

ACT = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu, "identity": lambda v: v}
NUMBER = r"(-?\d+(?:\.\d+)?)(?: \\times 10\^\{(-?\d+)\})?"


def last_number(latex: str) -> float:
    """The number a line ends on (before \\end{aligned})."""
    body = latex.removesuffix(r" \end{aligned}")
    mantissa, exponent = re.search(NUMBER + "$", body).groups()
    return float(mantissa) * 10 ** int(exponent or 0)


def lhs_of(latex: str) -> tuple[str, int]:
    """('i', 3) for a line that starts 'i_t[3] &= ...'."""
    name, unit = re.match(r"\\begin\{aligned\} (\w)_t\[(\d+)\]", latex).groups()
    return name, int(unit)


def at_printed_precision(printed: float, value: float) -> bool:
    return printed == pytest.approx(value, rel=6e-4, abs=1e-12)


def recorded(trace, q, index, *, t, layer, direction, batch, unit=None) -> float:
    """The trace's value of q[index] at the position (index may differ from the chosen unit: h with proj_size, y)."""
    if q == "y":
        return float(trace["y"][batch, t, index])
    return float(trace[q][layer, direction, batch, t, index])


def positions(name):
    """Every layer and direction, first and last step and one inside, first and last unit."""
    spec = SPECS[name]
    for layer in range(spec.num_layers):
        for direction in range(spec.num_directions):
            for t in (0, 3, STEPS - 1):
                for unit in (0, spec.hidden_size - 1):
                    yield dict(t=t, unit=unit, layer=layer, direction=direction, batch=1)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_each_line_ends_on_the_recorded_value(name):
    _, trace, params = traced(name)
    for where in positions(name):
        values = equation_values(trace, params, **where)
        for line in equations(trace, params, **where):
            q, unit = lhs_of(line)
            if q in ("m", "a"):  # not recorded: o_t act(c_t) before the projection, the softmax logits
                expected = values["m" if q == "m" else "y_pre"]
            else:
                expected = recorded(trace, q, unit, **where)
            assert at_printed_precision(last_number(line), expected), (line, expected)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_recomputed_pre_activations_give_the_recorded_values(name):
    net, trace, params = traced(name)
    spec = net.spec
    for where in positions(name):
        v = equation_values(trace, params, **where)
        gates = [b for b in spec.gate_blocks if b != "h"]
        for b in gates:
            activation = {"g": spec.cell_activation, "n": "tanh"}.get(b, "sigmoid")
            assert float(ACT[activation](torch.tensor(v[f"{b}_pre"], dtype=torch.float64))) == \
                pytest.approx(v[b], abs=1e-5), b
        if spec.cell == "lstm":
            if spec.coupled:
                assert v["i"] == pytest.approx(1 - v["f"], abs=1e-6)
            assert v["f"] * v["c_prev"] + v["i"] * v["g"] == pytest.approx(v["c"], abs=1e-5)
            m = v["o"] * float(ACT[spec.output_activation](torch.tensor(v["c"], dtype=torch.float64)))
            assert m == pytest.approx(v["m"], abs=1e-6)
            assert (v["proj"] if spec.proj_size else m) == pytest.approx(v["h"], abs=1e-5)
        elif spec.cell == "gru":
            assert (1 - v["z"]) * v["n"] + v["z"] * v["h_prev"] == pytest.approx(v["h"], abs=1e-5)
        else:
            assert float(ACT[spec.nonlinearity](torch.tensor(v["h_pre"]))) == pytest.approx(v["h"], abs=1e-5)
        if spec.cell == "jordan":
            y_pre = torch.tensor(v["y_pre"], dtype=torch.float64)
            if spec.head.activation == "softmax":
                y = torch.exp(y_pre) / v["y_sum_exp"]
            else:
                y = ACT[spec.head.activation](y_pre)
            assert float(y) == pytest.approx(v["y"], abs=1e-5)


def test_pre_activations_match_a_whole_layer_matmul():
    """Independent of the per-row indexing: W x + b + W h + b over all rows, then pick the unit's rows."""
    net, trace, params = traced("bidirectional_2layer")
    H, t, layer, direction, batch = 4, 2, 1, 1, 0
    inp = torch.cat(list(trace["h"][0, :, batch, t]))
    h_prev = trace["h"][layer, direction, batch, t + 1]
    sfx = "_l1_reverse"
    pre = (params["weight_ih" + sfx] @ inp + params["bias_ih" + sfx]
           + params["weight_hh" + sfx] @ h_prev + params["bias_hh" + sfx])
    for unit in range(H):
        v = equation_values(trace, params, t=t, unit=unit, layer=layer, direction=direction, batch=batch)
        for k, b in enumerate("ifgo"):
            assert v[f"{b}_pre"] == pytest.approx(float(pre[k * H + unit]), abs=1e-5)


def test_standard_lstm_reads_like_the_textbook():
    _, trace, params = traced("lstm")
    lines = equations(trace, params, t=2, unit=1)
    assert [lhs_of(line)[0] for line in lines] == list("ifgoch")
    assert r"\sigma\left(W_{ii}[1]\, x_t + b_{ii}[1] + W_{hi}[1]\, h_{t-1} + b_{hi}[1]\right)" in lines[0]
    assert r"f_t[1]\, c_{t-1}[1] + i_t[1]\, g_t[1]" in lines[4]
    assert r"o_t[1]\, \tanh\left(c_t[1]\right)" in lines[5]


def test_small_inputs_are_written_out_and_large_ones_are_one_number():
    _, small, small_params = traced("lstm")  # input_size 3, hidden 4
    v = equation_values(small, small_params, t=2, unit=0)
    line = equations(small, small_params, t=2, unit=0)[0]
    x = small.x[0, 2].tolist()
    w = small_params["weight_ih_l0"][0].tolist()
    written = " + ".join(rf"{_factor(a)} \cdot {_factor(b)}" for a, b in zip(w, x))
    assert f"({written})" in line
    assert fmt(v["i_wh"]) in line  # h_{t-1} has 4 entries: one number
    _, big, big_params = traced("peephole")  # input_size 5
    line = equations(big, big_params, t=2, unit=0)[0]
    assert fmt(equation_values(big, big_params, t=2, unit=0)["i_wx"]) in line.split(r"\\")[1]
    assert line.split(r"\\")[1].count(r"\cdot") == 1  # only the peephole product


def _factor(value):
    text = fmt(value)
    return f"({text})" if text.startswith("-") or "times" in text else text


def test_variants_show_their_own_terms():
    _, trace, params = traced("peephole")
    text = " ".join(equations(trace, params, t=1, unit=2))
    assert r"w_{ci}[2]\, c_{t-1}[2]" in text and r"w_{co}[2]\, c_t[2]" in text
    _, trace, params = traced("coupled")
    lines = equations(trace, params, t=1, unit=0)
    assert r"i_t[0] &= 1 - f_t[0]" in lines[1]
    _, trace, params = traced("gru")
    text = " ".join(equations(trace, params, t=1, unit=0))
    assert r"r_t[0] \left(W_{hn}[0]\, h_{t-1} + b_{hn}[0]\right)" in text
    assert r"(1 - z_t[0])\, n_t[0] + z_t[0]\, h_{t-1}[0]" in text
    _, trace, params = traced("jordan")
    text = " ".join(equations(trace, params, t=1, unit=0))
    assert r"W_{hh}[0]\, y_{t-1}" in text and r"\sum_j e^{a_t[j]}" in text
    _, trace, params = traced("rnn_relu")
    assert r"\operatorname{ReLU}" in equations(trace, params, t=1, unit=0)[0]
    _, trace, params = traced("rnn_identity")
    (line,) = equations(trace, params, t=1, unit=0)
    assert r"\left" not in line
    _, trace, params = traced("proj")
    lines = equations(trace, params, t=1, unit=4)
    assert lhs_of(lines[-2]) == ("m", 4) and lhs_of(lines[-1]) == ("h", 1)  # proj_size 2: the last h
    assert r"W_{hr}[1]\, m_t" in lines[-1]
    _, trace, params = traced("lstm_no_bias")
    assert "b_{" not in " ".join(equations(trace, params, t=1, unit=0))


def test_reverse_direction_and_upper_layer_symbols():
    _, trace, params = traced("bidirectional_2layer")
    lines = equations(trace, params, t=3, unit=0, layer=1, direction=1)
    assert r"h^{(0)}_t" in lines[0] and "h_{t+1}" in lines[0] and "c_{t+1}" in lines[4]


def test_latex_is_balanced():
    for name in SPECS:
        _, trace, params = traced(name)
        for line in equations(trace, params, t=0, unit=0):
            assert line.count("{") == line.count("}") and line.count(r"\left") == line.count(r"\right")


@pytest.mark.parametrize("value, text", [(0.71234, "0.7123"), (-0.2, "-0.2"), (-0.0, "0"), (12345.6, "1.235e+04"),
                                         (0.00001234, "1.234e-05")])
def test_numbers_have_four_significant_digits(value, text):
    mantissa, _, exponent = text.partition("e")
    expected = rf"{mantissa} \times 10^{{{int(exponent)}}}" if exponent else mantissa
    assert fmt(value) == expected


@pytest.mark.parametrize("kwargs", [dict(t=STEPS), dict(t=-1), dict(unit=4), dict(layer=1), dict(direction=1),
                                    dict(batch=2)])
def test_bad_positions_are_refused(kwargs):
    _, trace, params = traced("lstm")
    with pytest.raises(ValueError):
        equations(trace, params, **{"t": 0, "unit": 0, **kwargs})


def test_missing_parameters_are_named():
    _, trace, params = traced("lstm")
    del params["weight_hh_l0"]
    with pytest.raises(ValueError, match="weight_hh_l0"):
        equations(trace, params, t=0, unit=0)


@settings(max_examples=40)
@given(data=st.data())
def test_property_the_last_number_is_the_recorded_value(data):
    name = data.draw(st.sampled_from(sorted(SPECS)))
    net, trace, params = traced(name, seed=data.draw(st.integers(0, 3)))
    spec = net.spec
    where = dict(t=data.draw(st.integers(0, STEPS - 1)), unit=data.draw(st.integers(0, spec.hidden_size - 1)),
                 layer=data.draw(st.integers(0, spec.num_layers - 1)),
                 direction=data.draw(st.integers(0, spec.num_directions - 1)), batch=data.draw(st.integers(0, 1)))
    values = equation_values(trace, params, **where)
    for line in equations(trace, params, **where):
        q, unit = lhs_of(line)
        expected = values.get("m" if q == "m" else "y_pre") if q in ("m", "a") else recorded(trace, q, unit, **where)
        assert at_printed_precision(last_number(line), expected)
        assert math.isfinite(last_number(line))
