"""The course's character model (course-notes §7), with the course's recipe: one-hot characters, hidden 12,
one layer, Adam lr 0.01, 100 epochs, cross-entropy; full batch (all 8 lines in every step), seed 0.

Greedy generation from each line's first character reproduces the line: the six the notes list, and
also the 慨 and 忧 lines the notes call ambiguous. They are ambiguous for a model that sees only the current
character (当 is followed by 歌 in one line and 以 in another); the recurrent state still knows which line it
is in, and the training accuracy reaches 100% of the 24 next-character predictions.
"""
import pytest

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.learn import TrainConfig, greedy_generate, train

from .poem import COURSE_LINES, INDEX, LINES, VOCAB, decode, poem_data


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_greedy_generation_reproduces_the_lines(cell):
    x, y = poem_data()
    V = len(VOCAB)
    assert V == 28 and x.shape == (8, 3, 28) and y.shape == (8, 3)
    net = Network(ModelSpec(cell, V, 12, head=HeadSpec(V)), seed=0)
    history = train(net, x, y, TrainConfig(epochs=100, lr=0.01, loss="cross_entropy"))
    assert history.epochs_run == 100 and history.loss[-1] < history.loss[0] / 10
    assert history.accuracy[-1] == 1.0
    generated = {line: decode(greedy_generate(net, INDEX[line[0]], 4, V)) for line in LINES}
    for line in COURSE_LINES:
        assert generated[line] == line
    assert generated["慨当以慷"] == "慨当以慷" and generated["忧思难忘"] == "忧思难忘"
