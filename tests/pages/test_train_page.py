"""The Train page in AppTest: train, stop, compare, open in the explorer, bad input, and two sessions."""
import numpy as np
import pytest
import torch

from rnnviz.learn.recipes import poem_generations
from rnnviz.learn.tasks import make_task
from rnnviz.learn.train import TrainConfig, train
from rnnviz.model.network import Network

from .conftest import errors, open_page


def _job(at):
    entry = at.session_state["rnnviz_job"] if "rnnviz_job" in at.session_state else None
    return None if entry is None else entry[2]


def _finish(at):
    """Let the background job end, then rerun: the page collects the run (the fragment's timer never fires in
    AppTest, so the test does what the timer would)."""
    job = _job(at)
    if job is not None:  # (None: it ended during the last run and the page has collected it already)
        assert job.wait(120)
        at.run()
    assert not at.exception, at.exception
    assert "rnnviz_job" not in at.session_state


def _runs(at):
    return at.session_state["rnnviz_runs"]


def _table(at):
    return at.dataframe[0].value


@pytest.fixture
def trained_poem():
    at = open_page("pages/train.py")
    at.button(key="tr_train").click().run()
    _finish(at)
    return at


def test_the_default_task_is_the_course_poem_and_training_reproduces_it(trained_poem):
    at = trained_poem
    (run,) = _runs(at)
    assert run.state.status == "done" and run.state.epochs_run == 100
    assert run.net.spec.cell == "rnn" and run.net.spec.hidden_size == 12
    # The page trained exactly what the course recipe trains (seed 0, Adam 0.01, full batch).
    task = make_task("text")
    again = Network(task.spec("rnn", hidden_size=12), seed=0)
    train(again, task.x, task.y, TrainConfig(epochs=100, lr=0.01))
    assert all(torch.equal(a, b) for a, b in zip(run.net.state_dict().values(), again.state_dict().values()))
    table = _table(at)
    assert table["status"].tolist() == ["done"] and table["epochs"].tolist() == [100]
    assert table["training accuracy"].tolist() == ["100.0%"]
    # "What it writes": all eight lines from their first characters
    writes = at.dataframe[1].value
    assert writes["lines reproduced (of 8)"].tolist() == [8]
    assert sum(g == line for _, g, line in poem_generations(run.net)) == 8
    assert len(at.get("plotly_chart")) == 2  # loss and accuracy of every run


def test_stop_keeps_the_weights_learned_so_far():
    at = open_page("pages/train.py")
    at.number_input(key="tr_s_epochs").set_value(5000).run()
    at.button(key="tr_train").click().run()
    job = _job(at)
    for _ in range(200):  # until a few epochs are in
        if job.snapshot()[0].epochs_run >= 3:
            break
        job.wait(0.05)
    at.button(key="tr_stop").click().run()  # the Stop button of the live part
    _finish(at)
    (run,) = _runs(at)
    assert run.state.status == "stopped" and 3 <= run.state.epochs_run < 5000
    assert _table(at)["status"].tolist() == ["stopped (weights so far kept)"]
    fresh = Network(run.net.spec, seed=0)
    assert not all(torch.equal(a, b) for a, b in zip(run.net.state_dict().values(), fresh.state_dict().values()))


def test_compare_trains_rnn_lstm_and_gru_and_draws_them_in_one_chart():
    at = open_page("pages/train.py")
    at.number_input(key="tr_s_epochs").set_value(20).run()
    at.button(key="tr_compare").click().run()
    _finish(at)
    runs = _runs(at)
    assert [r.net.spec.cell for r in runs] == ["rnn", "lstm", "gru"]
    assert [r.label for r in runs] == ["#1 Elman RNN 12", "#2 LSTM 12", "#3 GRU 12"]
    import json
    loss = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [trace["name"] for trace in loss["data"]] == [r.label for r in runs]
    assert [len(run.state.loss) for run in runs] == [20, 20, 20]
    assert len({round(run.state.loss[-1], 6) for run in runs}) == 3


def test_changing_the_task_brings_its_recommended_settings():
    at = open_page("pages/train.py")
    at.selectbox(key="tr_task").set_value("anbn").run()
    assert at.selectbox(key="tr_s_cell").value == "lstm"
    assert at.number_input(key="tr_s_hidden").value == 8
    assert at.number_input(key="tr_s_epochs").value == make_task("anbn").recommended["epochs"]
    at.number_input(key="tr_s_epochs").set_value(7).run()
    at.number_input(key="tr_p_anbn_max_n").set_value(6).run()  # same recommendation: the learner's edit stays
    assert at.number_input(key="tr_s_epochs").value == 7


def test_open_in_step_through_shows_the_trained_network_on_an_example(trained_poem):
    at = trained_poem
    (run,) = _runs(at)
    at.number_input(key="tr_example").set_value(2).run()
    at.button(key="tr_open_step").click().run()
    assert not at.exception and not errors(at)
    view = at.session_state["rnnviz_view"]
    assert view.spec == run.net.spec
    assert all(np.array_equal(view.weights[k], v.numpy()) for k, v in run.net.state_dict().items())
    assert np.array_equal(view.sequence.values, make_task("text").example(2))
    # the explorer's trace is the trained network's
    trace = at.session_state["rnnviz_trace"][1]
    assert torch.allclose(trace["y"], run.net.trace(make_task("text").example(2))["y"])


def test_bad_task_input_says_what_was_expected_and_keeps_the_runs(trained_poem):
    at = trained_poem
    at.radio(key="tr_source").set_value("pasted").run()
    at.text_area(key="tr_pasted").set_value("x").run()
    (message,) = errors(at)
    assert (message.startswith("This task cannot be built:") and "2" in message
            and "Your trained runs are kept" in message)
    assert len(_runs(at)) == 1 and not at.exception


def test_a_bad_csv_is_refused_with_the_row_and_column():
    at = open_page("pages/train.py")
    at.selectbox(key="tr_task").set_value("csv").run()
    assert [i.value for i in at.info] == ["Upload or paste a CSV to train on it."]
    at.text_area(key="tr_csv_text").set_value("a,b,label\n1,2,0\n3,oops,1\n").run()
    (message,) = errors(at)
    assert "oops" in message and "b" in message
    good = "a,b,label\n" + "\n".join(f"{k % 7},{(k * 3) % 5},{k % 2}" for k in range(60))
    at.text_area(key="tr_csv_text").set_value(good).run()
    assert not errors(at) and not at.exception
    assert at.selectbox(key="tr_csv_target").value == "label"


def test_a_model_from_build_that_cannot_fit_the_task_is_refused_with_the_reason():
    at = open_page("pages/train.py", {"cell": "jordan", "in": "1", "hid": "3", "head": "1.identity.1"})
    at.selectbox(key="tr_task").set_value("digits").run()
    at.radio(key="tr_model_source").set_value("build").run()
    at.button(key="tr_train").click().run()
    (message,) = errors(at)
    assert message.startswith("Training cannot start:")
    assert _job(at) is None and not at.exception


def test_two_sessions_never_see_each_others_runs(trained_poem):
    a = trained_poem
    b = open_page("pages/train.py")
    assert "rnnviz_runs" not in b.session_state
    assert [i.value for i in b.info][-1].startswith("Press Train")
    b.switch_page("pages/interpret.py").run()
    assert any(c.value.startswith("Nothing trained in this session yet") for c in b.caption)
    assert b.selectbox(key="in_run").options == [
        "python-code · pretrained LSTM that reads Python, character by character"]
    # B trains its own; A's run is untouched
    before = {k: v.clone() for k, v in _runs(a)[0].net.state_dict().items()}
    b.switch_page("pages/train.py").run()
    b.number_input(key="tr_s_seed").set_value(5).run()
    b.button(key="tr_train").click().run()
    _finish(b)
    assert len(_runs(b)) == 1 and _runs(b)[0].net is not _runs(a)[0].net
    assert all(torch.equal(before[k], v) for k, v in _runs(a)[0].net.state_dict().items())


def test_the_task_and_settings_survive_a_visit_to_another_page():
    at = open_page("pages/train.py")
    at.selectbox(key="tr_task").set_value("adding").run()
    at.number_input(key="tr_p_adding_seq_len").set_value(12).run()
    at.number_input(key="tr_s_epochs").set_value(42).run()
    at.switch_page("pages/build.py").run()
    assert "tr_s_epochs" not in at.session_state  # Streamlit dropped the widget's own value
    at.switch_page("pages/train.py").run()
    assert not at.exception and not at.warning
    assert at.selectbox(key="tr_task").value == "adding"
    assert at.number_input(key="tr_p_adding_seq_len").value == 12
    assert at.number_input(key="tr_s_epochs").value == 42


def test_a_new_run_is_the_one_selected_for_the_explorer_and_interpret(trained_poem):
    at = trained_poem
    at.number_input(key="tr_s_seed").set_value(3).run()
    at.button(key="tr_train").click().run()
    _finish(at)
    first, second = _runs(at)
    assert (first.label, second.label) == ("#1 Elman RNN 12", "#2 Elman RNN 12")  # numbered without gaps
    assert at.selectbox(key="tr_open_run").value == second.id
    at.switch_page("pages/interpret.py").run()
    assert at.selectbox(key="in_run").value == second.id
    at.selectbox(key="in_run").set_value(first.id).run()  # choosing the first run there selects it everywhere
    at.switch_page("pages/train.py").run()
    assert at.selectbox(key="tr_open_run").value == first.id


def test_what_it_writes_is_generated_once_per_run(trained_poem, monkeypatch):
    from rnnviz.ui import train_view
    calls = []
    monkeypatch.setattr(train_view, "poem_generations", lambda net: calls.append(net) or poem_generations(net))
    at = trained_poem
    at.run()
    at.run()
    assert calls == []  # generated when the run was first shown; reruns reuse it
    assert at.dataframe[1].value["lines reproduced (of 8)"].tolist() == [8]


@pytest.mark.parametrize("waiting,expected", [(1, "another run is training, yours is next"),
                                              (3, "(2 ahead of you)")])
def test_a_queued_run_says_how_many_wait_before_it(monkeypatch, waiting, expected):
    from streamlit.testing.v1 import AppTest

    from rnnviz.ui import train_view
    monkeypatch.setattr(train_view, "trainer_slots", lambda: (1, waiting))

    def page():
        import streamlit as st

        from rnnviz.ui import train_view

        class Queued:
            running = True
        st.write(train_view._status_text(Queued(), []))

    at = AppTest.from_function(page, default_timeout=30).run()
    assert not at.exception, at.exception
    assert expected in at.markdown[0].value
