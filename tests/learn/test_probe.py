"""What the Interpret page reads (rnnviz.learn.probe), and the issue's counting claim: an LSTM with hidden 8
trained on a^n b^n has a unit that counts, and the unit finder puts it on top."""
import numpy as np
import pytest

from rnnviz.learn import interpret
from rnnviz.learn.probe import probe_for, probe_text
from rnnviz.learn.tasks import make_task
from rnnviz.model.network import Network


@pytest.fixture(scope="module")
def anbn():
    task = make_task("anbn")
    net = Network(task.spec("lstm", hidden_size=8), seed=0)
    task.fit(net, task.train_config(seed=0))
    return task, net


def test_probe_of_padded_sequences_keeps_only_their_real_steps():
    task = make_task("anbn", max_n=3)
    probe = probe_for(task, "train")
    assert probe.texts == ("Sab", "Saabb", "Saaabbb")  # the inputs; E is only ever a target
    assert [probe.length(b) for b in range(3)] == [3, 5, 7]
    # count = a's minus b's read so far, over the real steps only (15 of 3 x 7)
    assert probe.feature("count").tolist() == [0, 1, 0, 0, 1, 2, 1, 0, 0, 1, 2, 3, 2, 1, 0]
    assert probe.feature("bracket_depth").shape == (15,)


def test_a_task_position_is_renamed_step_so_it_does_not_hide_the_text_feature():
    task = make_task("text", source="english", seq_len=10)
    probe = probe_for(task, "train")
    assert "step" in probe.feature_names() and "position" in probe.feature_names()
    assert probe.feature("step")[:12].tolist() == list(range(10)) + [0, 1]


def test_typed_text_must_use_the_trained_characters():
    task = make_task("text")  # the poem
    probe = probe_text(task, "对酒当歌")
    assert probe.x.shape == (1, 4, len(task.vocab)) and probe.texts == ("对酒当歌",)
    with pytest.raises(ValueError, match=r"trained on 28 characters; 2 in this text are not among them: 'a' 'b'"):
        probe_text(task, "对ab")
    with pytest.raises(ValueError, match="the text is empty"):
        probe_text(task, "")
    with pytest.raises(ValueError, match="20001 characters; at most 20000"):
        probe_text(task, "酒" * 20_001)
    assert probe.x[0, 1].tolist() == [float(ch == "酒") for ch in task.vocab]  # one-hot in the task's order
    with pytest.raises(ValueError, match="does not read characters"):
        probe_text(make_task("sines"), "abc")


def test_sources_that_a_task_lacks_are_refused_with_the_alternative():
    with pytest.raises(ValueError, match="no text to read; choose its training or test sequences"):
        probe_for(make_task("digits"), "text")
    with pytest.raises(ValueError, match="no held-out test sequences"):
        probe_for(make_task("text"), "test")
    with pytest.raises(ValueError, match="source must be one of text, train, test"):
        probe_for(make_task("text"), "all")


def test_test_split_features_come_with_the_test_split():
    task = make_task("brackets_depth")
    probe = probe_for(task, "test")
    depth = probe.feature("depth")
    # the task's depth feature equals the text feature computed from the characters themselves
    assert np.array_equal(depth, probe.feature("bracket_depth"))


def test_a_counting_lstm_has_a_unit_that_tracks_the_count(anbn):
    task, net = anbn
    assert task.evaluate(net)["accuracy"] == 1.0  # held-out longer strings n = 9..12, every b predicted
    for source in ("train", "test"):
        probe = probe_for(task, source)
        values = probe.pooled(probe.values(net.trace(probe.x), "c"))
        ranking = interpret.rank_units(values, probe.feature("count"))
        assert abs(ranking.iloc[0]["correlation"]) > 0.99, ranking.head()
        # and the runner-up is far behind: one unit does the counting
        assert abs(ranking.iloc[1]["correlation"]) < abs(ranking.iloc[0]["correlation"]) - 0.05
