"""Lesson 'elman-jordan': what its text states about the four networks, read out of both languages and held to
what the app computes and draws (the comparison chart, the diagram's input, Build's table, the U/W/V table).

The equations themselves (Elman, Jordan, deep, bidirectional) are held to torch and to hand-worked values in
tests/core/test_exactness.py and tests/core/test_variants.py."""
import numpy as np
import pytest
import torch

from rnnviz.lessons import lesson_by_id
from rnnviz.lessons.lesson import preset_network, preset_trace
from rnnviz.lessons.views import COMPARE, UWV
from rnnviz.model.textbook import uwv
from rnnviz.viz.compare import compare_chart
from rnnviz.viz.diagram import diagram_values
from tests.lessons.claims import body, notice, says, stated

LESSON = lesson_by_id("elman-jordan")
PARAMS = dict(LESSON.views)
ELMAN, JORDAN, DEEP, BIDIRECTIONAL = LESSON.presets
IMPULSE_STEP = stated(body(LESSON), r"impulse at step (\d+)", r"第 (\d+) 步的一个脉冲", convert=int)[0]


def _without_bias(inputs, fed_back, sd, layer=0):
    """tanh(weight_ih · input_t + weight_hh · fed_back_(t-1)), from 0: what a layer of these presets computes."""
    previous = torch.cat([torch.zeros(1, fed_back.shape[-1]), fed_back[:-1]])
    return torch.tanh(inputs @ sd[f"weight_ih_l{layer}"].T + previous @ sd[f"weight_hh_l{layer}"].T)


@pytest.fixture(scope="module")
def chart_lines():
    """The comparison chart's lines, by network and legend name: what the learner reads the claims off."""
    fig = compare_chart([(p.name["en"], preset_trace(p)) for p in LESSON.presets], **PARAMS[COMPARE])
    lines = {}
    for trace in fig.data:
        network = trace.hovertemplate.split("<extra>")[1].removesuffix("</extra>")
        lines[network, trace.name] = np.array(trace.y, dtype=float)
    return lines


def test_text_all_four_read_one_impulse_at_step_2():
    """Body: all four read the same input, a single impulse at step 2."""
    inputs = [preset_trace(p).x[0, :, 0].numpy() for p in LESSON.presets]
    for x in inputs:
        assert np.array_equal(x, inputs[0])
    assert np.flatnonzero(inputs[0]).tolist() == [IMPULSE_STEP]


def test_text_none_has_a_bias():
    """Body: none has a bias (so tanh(0) = 0 until the impulse arrives)."""
    says(body(LESSON), r"none has a bias", r"都没有偏置")
    for preset in LESSON.presets:
        names = list(preset_network(preset).state_dict())
        assert names and not [n for n in names if "bias" in n], (preset.name["en"], names)


def test_text_the_unidirectional_networks_are_silent_before_step_2_and_echo_after(chart_lines):
    """Notice 1 (and the body's "each stays at 0 until the impulse reaches it"): in the comparison chart."""
    [step] = stated(notice(LESSON, 0), r"silent before step (\d+)", r"在第 (\d+) 步之前没有反应", convert=int)
    assert step == IMPULSE_STEP
    forward = {key: y for key, y in chart_lines.items() if not key[1].endswith("←")}
    assert len(forward) == 5  # Elman h, Jordan h and y, the deep network's top layer, the forward half
    for key, y in forward.items():
        assert (y[:step] == 0).all() and y[step] != 0, key
        assert abs(y[step + 1]) > 1e-2, key  # the input is 0 again: what is left is the network's own echo


def test_text_the_reverse_direction_reacts_before_step_2(chart_lines):
    """Notice 2: the bidirectional network's reverse direction reacts before step 2, and is 0 after it."""
    [step] = stated(notice(LESSON, 1), r"reacts \*before\* step (\d+)", r"在第 (\d+) 步\*之前\*就有反应", convert=int)
    [reverse] = [y for key, y in chart_lines.items() if key[1].endswith("←")]
    assert (np.abs(reverse[:step]) > 0.1).all()  # measured 0.27, -0.18
    assert (reverse[step + 1:] == 0).all()  # it reaches the end of the sequence first: nothing there


def test_text_jordan_feeds_back_y_one_column_per_output():
    """Notice 3: Jordan's recurrent weights multiply y(t-1): weight_hh_l0 has one column per output, in Build's
    parameter table too."""
    from rnnviz.ui.param_text import parameter_frame
    says(notice(LESSON, 2), r"multiply y\(t-1\).*one column per output", r"乘的是 y\(t-1\).*每一列对应一个输出")
    spec = JORDAN.spec
    table = parameter_frame(spec, "en").set_index("name")
    assert table.loc["weight_hh_l0", "shape"] == f"{spec.hidden_size} × {spec.head.out_features}" == "3 × 2"
    sd, trace = preset_network(JORDAN).state_dict(), preset_trace(JORDAN)
    torch.testing.assert_close(trace["h"][0, 0, 0], _without_bias(trace.x[0], trace["y"][0], sd), rtol=1e-5, atol=1e-6)


def test_text_layer_1_of_the_deep_network_reads_layer_0():
    """Notice 4: in the deep network, layer 1's diagram shows what layer 0 feeds it, and layer 1 computes with it."""
    says(notice(LESSON, 3), r"choose layer 1 to see what layer 0 feeds it", r"选择第 1 层，看看第 0 层给它的输入")
    trace, sd = preset_trace(DEEP), preset_network(DEEP).state_dict()
    h0, h1 = trace["h"][0, 0, 0], trace["h"][1, 0, 0]
    assert np.allclose(diagram_values(trace, unit=0, layer=1)["x"], h0.numpy())
    torch.testing.assert_close(h1, _without_bias(h0, h1, sd, layer=1), rtol=1e-5, atol=1e-6)
    assert (LESSON.guide[3].preset, LESSON.guide[3].layer) == (2, 1)


def test_text_the_table_names_u_weight_ih_and_w_weight_hh():
    """Notice 5: the table at the bottom calls weight_ih U (it multiplies x) and weight_hh W (it multiplies h(t-1))."""
    names = stated(notice(LESSON, 4), r"([UW]) = (weight_\w+)")
    rows = {row["symbol"]: row["torch"] for row in uwv(LESSON.presets[PARAMS[UWV]["preset"]].spec)}
    assert [symbol for symbol, _ in names] == ["U", "W"]
    assert [(symbol, rows[symbol].removesuffix("_l0")) for symbol, _ in names] == names
    # what each multiplies, on the Elman preset: h_t = tanh(weight_ih x_t + weight_hh h_(t-1)), no bias
    trace, sd = preset_trace(ELMAN), preset_network(ELMAN).state_dict()
    h = trace["h"][0, 0, 0]
    torch.testing.assert_close(h, _without_bias(trace.x[0], h, sd), rtol=1e-5, atol=1e-6)
