"""rnnviz.standalone_html: one self-contained page. What it carries (read back from the page's own data element) and
how it refuses bad arguments; tests/browser/test_standalone_browser.py opens it from disk with every request
blocked."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest
import torch

from rnnviz import ModelSpec, Network, standalone_html
from rnnviz.strings import translate
from rnnviz.viz.equations import equations, fill_template
from rnnviz.viz.typed_arrays import decode_typed_array


def page_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="rnnviz-data">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def lstm():
    net = Network(ModelSpec(cell="lstm", input_size=3, hidden_size=4), seed=0)
    return net, net.trace(torch.randn(12, 3, generator=torch.Generator().manual_seed(1)))


def test_the_page_carries_the_traces_numbers_and_every_units_equations(lstm):
    net, trace = lstm
    page = standalone_html(trace, unit=2, step=5)
    data = page_data(page)
    assert data["num_steps"] == 12 and data["step"] == 5
    np.testing.assert_array_equal(decode_typed_array(data["values"]["c"]), trace["c"][0, 0, 0, :, 2].numpy())
    np.testing.assert_array_equal(decode_typed_array(data["values"]["f"]), trace["f"][0, 0, 0, :, 2].numpy())
    # small enough for every unit: the browser chooses units, and every unit's equations are in the page
    assert data["choices"]["scope"] == "all" and data["choice"]["unit"] == 2
    template = data["choices"]["equations"]["0,0"][3]
    assert fill_template(template, 7) == equations(trace, net.state_dict(), t=7, unit=3)


def test_the_page_loads_nothing_and_forbids_loading(lstm):
    page = standalone_html(lstm[1])
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src" not in csp
    skeleton = re.sub(r"(<script[^>]*>).*?</script>|(<style>).*?</style>", r"\1\2", page, flags=re.S)
    assert skeleton.count("<script") == 4 and not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", skeleton)
    assert "katex" in page.lower() and "Plotly" in page and "mountStepper(component)" in page
    assert "export default mountStepper" not in page  # a classic page cannot import: the entry is inlined
    assert "url(fonts/" not in page and page.count("data:font/woff2;base64,") >= 20


def test_a_label_cannot_end_the_script_it_sits_in(lstm):
    trace = lstm[1]
    hostile = ["</script><script>alert(1)</script>", "<!--"] + [str(t) for t in range(10)]
    page = standalone_html(trace, tokens={"step_labels": hostile})
    assert page.lower().count("</script") == 4  # only the page's four script elements close
    assert page_data(page)["figures"][0]["layout"]["xaxis6"]["ticktext"][0].endswith(hostile[0])


def test_language_theme_and_title(lstm):
    trace = lstm[1]
    page = standalone_html(trace, lang="zh", theme="dark", presenter=True)
    data = page_data(page)
    assert '<html lang="zh-CN" data-theme="dark">' in page
    assert translate("standalone_keys", "zh") in page
    assert data["labels"]["play"] == translate("play", "zh") and data["presenter"] is True
    assert data["labels"]["keys_help"] == ""  # the app's key line names Esc, which means nothing here
    assert "<title>LSTM，4 个单元，12 步 — rnnviz</title>" in page
    assert "<title>a &lt;b&gt; title</title>" in standalone_html(trace, title="a <b> title")


def test_a_long_run_keeps_the_chosen_unit_and_the_window_around_the_step():
    net = Network(ModelSpec(cell="gru", input_size=2, hidden_size=6), seed=0)
    trace = net.trace(torch.randn(2500, 2, generator=torch.Generator().manual_seed(2)))
    data = page_data(standalone_html(trace, unit=4, step=2400, params=net.state_dict()))
    # every unit still fits the budget, but 6 units x 2,500 steps of equations do not: the chosen unit's, in the
    # line charts' window around the step
    template = data["equations"]["template"]
    assert data["equations"]["unit"] == 4 and template["start"] == 500 and len(template["numbers"]) == 2000
    assert fill_template(template, 2400) == equations(trace, net.state_dict(), t=2400, unit=4)
    assert "500" in data["labels"]["equations_outside"] and "2499" in data["labels"]["equations_outside"]


@pytest.mark.parametrize("arguments, message", [
    ({"unit": 4}, "unit must be a whole number from 0 to 3, got 4"),
    ({"unit": -1}, "unit must be a whole number from 0 to 3, got -1"),
    ({"step": 12}, "step must be a whole number from 0 to 11, got 12"),
    ({"layer": 1}, "layer must be a whole number from 0 to 0, got 1"),
    ({"units": range(9)}, "units must be a whole number from 0 to 3, got 4"),
    ({"units": [0] * 9}, "units: between 1 and 8 units, got 9"),
    ({"units": []}, "units: between 1 and 8 units, got 0"),
    ({"lang": "fr"}, "lang: one of en, zh, got 'fr'"),
    ({"theme": "blue"}, "theme: one of auto, light, dark, got 'blue'"),
])
def test_bad_arguments_are_named(lstm, arguments, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        standalone_html(lstm[1], **arguments)


def test_only_a_trace_makes_a_page():
    with pytest.raises(TypeError, match="needs an rnnviz Trace"):
        standalone_html(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="unit must be a whole number from 0 to 1, got '1'"):
        standalone_html(Network(ModelSpec(cell="rnn", input_size=1, hidden_size=2), seed=0).trace(torch.zeros(3, 1)),
                        unit="1")
