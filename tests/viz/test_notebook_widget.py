"""rnnviz.widget without a browser: the traits hold the trace's numbers, the step is checked as every index is,
the arguments as standalone_html's, and the module carries plotly.js, KaTeX and its fonts inline. Without anywidget
the function says how to install it, and importing rnnviz never imports it. (tests/browser/test_notebook_widget.py
drives the widget in JupyterLab.)"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from traitlets import TraitError  # (requirements-dev.txt has anywidget, which brings traitlets)

import rnnviz
from rnnviz import ModelSpec, Network, web
from rnnviz.notebook import StepperWidget, widget_css, widget_module
from rnnviz.viz.typed_arrays import decode_typed_array


@pytest.fixture(scope="module")
def trace():
    net = Network(ModelSpec("lstm", input_size=2, hidden_size=3, num_layers=2), seed=0)
    return net.trace(np.random.default_rng(0).normal(size=(7, 2)))


def test_the_traits_hold_the_chosen_units_numbers_at_every_step(trace):
    w = rnnviz.widget(trace, layer=1, unit=2, units=[0, 2], step=4)
    assert isinstance(w, StepperWidget)
    assert (w.step, w.num_steps, w.data["num_steps"], w.data["step"]) == (4, 7, 7, 4)
    assert w.data["choice"] == {"layer": 1, "direction": 0, "unit": 2, "units": [0, 2], "seq": 0}
    for quantity in ("f", "i", "g", "o", "c", "h"):
        np.testing.assert_array_equal(decode_typed_array(w.data["values"][quantity]),
                                      np.asarray(trace[quantity][1, 0, 0, :, 2], dtype=np.float32))
    # every unit of both layers travels too, so the browser chooses units without the kernel
    assert sorted(w.data["choices"]["series"]) == ["0,0", "1,0"]
    assert len(w.data["figures"]) == 2  # the line charts and the heatmaps
    assert json.loads(json.dumps(w.get_state()["data"])) == w.data  # what the comm sends is plain JSON


def test_the_step_is_a_whole_number_within_the_trace(trace):
    w = rnnviz.widget(trace)
    w.step = 6
    w.step = np.int64(2)  # numpy's integers count as whole numbers
    assert w.step == 2 and type(w.step) is int
    for wrong in (7, -1, True, 2.0, "3"):
        message = rf"^step must be a whole number from 0 to 6, got {re.escape(repr(wrong))}$"
        with pytest.raises(TraitError, match=message):
            w.step = wrong
    assert w.step == 2
    with pytest.raises(TraitError, match="read-only"):
        w.data = {}


def test_the_arguments_are_checked_as_standalone_htmls(trace):
    with pytest.raises(TypeError, match=r"^rnnviz.widget needs an rnnviz Trace \(Network.trace\(x\)\), got list$"):
        rnnviz.widget([1, 2, 3])
    with pytest.raises(ValueError, match=r"^step must be a whole number from 0 to 6, got 7$"):
        rnnviz.widget(trace, step=7)
    with pytest.raises(ValueError, match=r"^unit must be a whole number from 0 to 2, got 3$"):
        rnnviz.widget(trace, unit=3)
    with pytest.raises(ValueError, match=r"^lang: one of en, zh, got 'fr'$"):
        rnnviz.widget(trace, lang="fr")
    assert rnnviz.widget(trace, lang="zh").data["labels"]["next"] != rnnviz.widget(trace).data["labels"]["next"]


def test_the_module_carries_plotly_and_katex_and_imports_nothing():
    module = widget_module()
    for name, path in (("PLOTLY_SOURCE", web.vendored(web.PLOTLY_BUNDLE)), ("KATEX_SOURCE",
                                                                         web.vendored("katex/katex.min.js"))):
        line = re.search(rf"^const {name} = (.*);$", module, flags=re.MULTILINE).group(1)
        assert json.loads(line) == path.read_text(encoding="utf-8")
    code = re.sub(r"^const (PLOTLY|KATEX)_SOURCE = .*$", "", module, flags=re.MULTILINE)
    assert "function mountStepper(" in code and code.rstrip().endswith("export default { render };")
    assert not re.search(r"^\s*import\b|\bimport\(", code, flags=re.MULTILINE)  # no module loaded from anywhere
    assert "export default mountStepper" not in code  # one default export: the widget's


def test_the_css_fetches_nothing():
    css = widget_css()
    assert not re.findall(r"url\((?!data:)", css)
    assert css.count("url(data:font/woff2;base64,") == css.count("@font-face") > 0  # each KaTeX font inline
    assert ".rnnviz-widget" in css and "--jp-ui-font-color1" in css


def test_without_anywidget_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "anywidget", None)  # `import anywidget` raises ImportError
    monkeypatch.delitem(sys.modules, "rnnviz.notebook", raising=False)
    with pytest.raises(ImportError, match=r"pip install anywidget .*rnnviz\[notebook\]"):
        rnnviz.widget  # noqa: B018


def test_importing_rnnviz_imports_no_notebook_package():
    code = "import sys, rnnviz; print(sorted({'anywidget', 'ipywidgets', 'traitlets'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout
    assert out.strip() == "[]"
