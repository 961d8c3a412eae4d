"""One session's budget on a shared server: the largest model, the longest trace, the widest input, the biggest
data set and the longest memory-reach pass are refused before they are built, with a message that says what fits;
what fits, fits; and one worst-case session stays within ~150 MB resident (measured in a fresh interpreter)."""
from __future__ import annotations

import json
import math
import pathlib
import subprocess
import sys

import numpy as np
import pytest
import torch

from rnnviz.data.sequences import generate, max_steps, one_hot_text, parse_csv, table_to_array
from rnnviz.learn import interpret
from rnnviz.learn.tasks import MAX_TASK_MB, make_task
from rnnviz.model.inputs import check_trace_size
from rnnviz.model.network import Network
from rnnviz.model.params import parameter_infos
from rnnviz.model.spec import MAX_INPUT_VALUES, MAX_PARAMETERS, MAX_TRACE_VALUES, HeadSpec, ModelSpec
from rnnviz.ui.state import from_query
from tests.pages.conftest import errors, open_page

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("spec", [
    ModelSpec("lstm", 7, 5, num_layers=3, bidirectional=True, proj_size=2, head=HeadSpec(3)),
    ModelSpec("lstm", 4, 6, peephole=True, coupled=True, bias=False),
    ModelSpec("gru", 9, 8, num_layers=2, head=HeadSpec(2, every_step=False)),
    ModelSpec("rnn", 3, 4, bidirectional=True, nonlinearity="relu"),
    ModelSpec("jordan", 2, 3, head=HeadSpec(4, bias=False)),
])
def test_the_parameter_count_is_what_the_network_holds(spec):
    count = spec.parameter_count
    assert count == sum(math.prod(info.shape) for info in parameter_infos(spec))
    assert count == Network(spec).num_parameters()


def test_the_largest_model_the_old_caps_allowed_is_refused_with_what_fits():
    big = dict(cell="lstm", input_size=4096, hidden_size=512, num_layers=4, bidirectional=True)
    with pytest.raises(ValueError) as caught:
        ModelSpec(**big)
    assert str(caught.value) == ("this model has 37,781,504 parameters; a session may hold at most 2,000,000 on a "
                                 "shared server (hidden_size 53 fits with the rest unchanged)")
    assert ModelSpec(**{**big, "hidden_size": 53}).parameter_count <= MAX_PARAMETERS  # what it says fits, fits
    with pytest.raises(ValueError, match="hidden_size 53 fits"):
        ModelSpec(**{**big, "hidden_size": 54})


def test_a_link_to_an_oversized_model_keeps_the_default_and_says_why():
    view, problems = from_query({"cell": "lstm", "in": "4096", "hid": "512", "layers": "4", "bi": "1"})
    assert view.spec == from_query({})[0].spec
    assert any("37,781,504 parameters" in p for p in problems), problems


def test_building_an_oversized_model_keeps_the_model():
    at = open_page("pages/build.py")
    before = at.session_state["rnnviz_view"]
    at.number_input(key="b_in").set_value(4096).run()
    at.number_input(key="b_hid").set_value(512).run()
    assert not at.exception
    assert any("parameters; a session may hold at most 2,000,000" in e for e in errors(at)), errors(at)
    assert at.session_state["rnnviz_view"].spec.parameter_count <= MAX_PARAMETERS
    assert at.session_state["rnnviz_view"].spec.hidden_size in (before.spec.hidden_size, 512)


def test_a_trace_past_the_budget_is_refused_before_it_runs_and_says_how_many_steps_fit():
    spec = ModelSpec("lstm", 64, 154, num_layers=4, bidirectional=True)  # 7,392 values a step
    with pytest.raises(ValueError) as caught:
        check_trace_size(spec, 1, 2500)
    assert "recording 2,500 steps of this model takes 18,480,000 values (7,392 a step)" in str(caught.value)
    assert "up to 541 steps fit" in str(caught.value)
    trace = Network(spec).trace(torch.zeros(541, 64))
    assert sum(trace[q].numel() for q in trace.quantities) <= MAX_TRACE_VALUES


def test_step_through_keeps_its_sequence_when_a_link_asks_for_too_long_a_trace():
    at = open_page("pages/step_through.py", {"cell": "lstm", "in": "64", "hid": "154", "layers": "4", "bi": "1",
                                             "seq": "generator", "gen": "sine", "len": "2500"})
    assert any("up to 541 steps fit" in e for e in errors(at)), errors(at)
    assert at.expander[0].proto.expanded  # the sequence editor opens by itself, its length there to shorten
    at.number_input(key="s_len").set_value(541).run()
    assert not errors(at) and any(getattr(e, "type", None) == "bidi_component" for e in at.main)
    assert not at.expander[0].proto.expanded


@pytest.mark.parametrize("make, words", [
    (lambda: generate("sine", 20_000, 4096), "a session may hold at most 2,000,000 (at most 488 steps of this size)"),
    (lambda: one_hot_text("".join(chr(0x4E00 + k % 1000) for k in range(20_000))),
     "20,000 characters of 1,000 kinds; as one-hot rows that is 20,000,000 numbers"),
    (lambda: table_to_array([[0.0] * 1000] * 2001, 1000), "at most 2,000 time steps of 1,000 numbers fit"),
    (lambda: parse_csv(("0," * 999 + "0\n") * 2001, 1000), "more than 2000 rows; at most 2,000 time steps"),
])
def test_wide_inputs_are_refused_before_they_are_expanded(make, words):
    with pytest.raises(ValueError) as caught:
        make()
    assert words in str(caught.value)


def test_what_the_input_budget_allows_is_accepted():
    assert max_steps(1000) == 2000 and max_steps(1) == 20_000
    assert parse_csv(("0," * 999 + "0\n") * 2000, 1000).shape == (2000, 1000)
    assert generate("sine", 488, 4096).size <= MAX_INPUT_VALUES


def test_a_data_set_past_the_budget_is_refused_with_how_many_sequences_fit():
    with pytest.raises(ValueError) as caught:
        make_task("adding", seq_len=500, sequences=10_000)
    message = str(caught.value)
    assert "these settings make a data set of 76.3 MB; a session may hold at most 24 MB" in message
    assert "at most 3,144 sequences of these fit" in message
    assert make_task("adding", seq_len=500, sequences=3144).nbytes <= MAX_TASK_MB * 2 ** 20


def test_a_csv_of_too_many_cells_is_refused_while_reading():
    text = ",".join(f"c{j}" for j in range(200)) + "\n" + ("1," * 199 + "1\n") * 6000
    with pytest.raises(ValueError, match="more than 1,000,000 cells"):
        make_task("csv", text=text, target="c0")


def test_memory_reach_reads_only_what_it_needs_and_refuses_past_its_budget():
    net = Network(ModelSpec("lstm", 3, 4, head=HeadSpec(3)), seed=1)
    x = np.random.default_rng(0).standard_normal((3000, 3)).astype(np.float32)
    # One direction: only the steps up to `step` are differentiated, with the same numbers as the whole run.
    whole = interpret.memory_reach(net, x[:1500], 700, full=True)[:701]
    assert np.allclose(interpret.memory_reach(net, x, 700), whole, rtol=1e-12, atol=0)
    with pytest.raises(ValueError, match="at most 2,000 on a shared server; this one would read 2,501: choose a step "
                                         "before 2,000"):
        interpret.memory_reach(net, x, 2500)
    both = Network(ModelSpec("lstm", 3, 4, bidirectional=True), seed=1)
    with pytest.raises(ValueError, match="would read 3,000: choose a shorter sequence"):
        interpret.memory_reach(both, x, 10)


WORST_SESSION = """
import ctypes, gc, json, resource, sys
from streamlit.testing.v1 import AppTest
APP = sys.argv[1]

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024

warm = AppTest.from_file(APP, default_timeout=300)  # imports, the home page and Step through once
warm.run()
warm.switch_page("pages/step_through.py").run()
gc.collect(); ctypes.CDLL("libc.so.6").malloc_trim(0)
before = rss()
grown, open_sessions = [], []
for link in sys.argv[2:]:
    at = AppTest.from_file(APP, default_timeout=300)
    for pair in link.split("&"):
        key, value = pair.split("=")
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/step_through.py").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    open_sessions.append(at)  # still open when the next one is measured
    gc.collect(); ctypes.CDLL("libc.so.6").malloc_trim(0)
    grown.append(rss() - before)
print(json.dumps(grown))
"""


def test_a_worst_case_session_stays_within_its_budget():
    """Resident growth of one open session (kept: the model, its trace, the stepper's payload) for the largest
    model that fits traced over as many steps as fit, and for the longest trace of the deepest model."""
    links = ["cell=lstm&in=462&hid=512&seq=generator&gen=sine&len=1302",  # 1,999,872 parameters, 3,999,744 values
             "cell=lstm&in=64&hid=154&layers=4&bi=1&seq=generator&gen=sine&len=541"]  # 3,999,072 values
    out = subprocess.run([sys.executable, "-c", WORST_SESSION, str(ROOT / "app.py"), *links], capture_output=True,
                         text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    grown = json.loads(out.stdout.strip().splitlines()[-1])
    # The two sessions are both open at the end: each costs well under 150 MB.
    assert grown[0] < 150 and grown[1] - grown[0] < 150, grown


def test_the_train_page_says_when_a_model_is_past_the_budget_and_waits():
    at = open_page("pages/train.py")
    at.selectbox(key="tr_s_cell").set_value("lstm").run()
    at.number_input(key="tr_s_hidden").set_value(512).run()
    at.number_input(key="tr_s_layers").set_value(4).run()
    assert any("parameters; a session may hold at most 2,000,000" in e for e in errors(at)), errors(at)
    assert at.button(key="tr_train").disabled and at.button(key="tr_compare").disabled
    at.number_input(key="tr_s_layers").set_value(1).run()  # one layer of 512 fits: Train is back
    assert not errors(at) and not at.button(key="tr_train").disabled


def test_the_counting_lesson_still_counts_models_past_the_budget():
    """Counting allocates nothing (torch builds the module on the meta device), so the calculator may count the
    4,096-input, 512-unit, 4-layer bidirectional LSTM that a session may not build."""
    at = open_page("pages/lessons.py", {"lesson": "counting"})
    at.number_input(key="lv_pc_m").set_value(4096).run()
    at.number_input(key="lv_pc_n").set_value(512).run()
    at.number_input(key="lv_pc_layers").set_value(4).run()
    at.checkbox(key="lv_pc_bidirectional").check().run()
    assert not errors(at)
    assert [m.value for m in at.metric][:2] == ["37,781,504", "37,781,504"]


TYPED_TEXT_SESSION = """
import ctypes, gc, json, random, sys
sys.path.insert(0, sys.argv[1])
from tests.pages.conftest import open_page

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024

at = open_page("pages/train.py")
at.number_input(key="tr_s_epochs").set_value(5).run()
at.button(key="tr_train").click().run()
assert at.session_state["rnnviz_job"][2].wait(120)
at.run()
at.switch_page("pages/interpret.py").run()
gc.collect(); ctypes.CDLL("libc.so.6").malloc_trim(0)
before = rss()
vocab = [ch for ch in at.session_state["rnnviz_task"][1].vocab if ch != "\\n"]
at.radio(key="in_source").set_value("typed").run()
at.text_input(key="in_typed").set_value("".join(random.Random(0).choice(vocab) for _ in range(20_000))).run()
reach_step = next(s.value for s in at.slider if s.key.startswith("in_reach_step"))
problems = [e.value for e in at.error] + [w.value for w in at.warning]
gc.collect(); ctypes.CDLL("libc.so.6").malloc_trim(0)
print(json.dumps([rss() - before, reach_step, problems]))
"""


def test_twenty_thousand_typed_characters_on_interpret_stay_within_the_budget():
    """Was +355 MB (memory reach differentiated all 20,000 steps); now reach opens on step 1,999."""
    out = subprocess.run([sys.executable, "-c", TYPED_TEXT_SESSION, str(ROOT)], capture_output=True, text=True,
                         cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    grown, reach_step, problems = json.loads(out.stdout.strip().splitlines()[-1])
    assert reach_step == 1999 and not problems, (reach_step, problems)
    assert grown < 150, f"the typed text grew the session by {grown} MB"
