import numpy as np

from rnnviz.data.builtin import POEM_LINES, bracket_text, parenthesis_depth, poem_dataset, poem_vocabulary
from rnnviz.data.digits import load_digits, train_test_split


def test_poem_dataset_matches_the_course_recipe():
    x, y, vocab = poem_dataset()
    assert len(POEM_LINES) == 8 and all(len(line) == 4 for line in POEM_LINES)
    assert len(vocab) == len(set("".join(POEM_LINES))) == 28  # 32 characters; 当 何 以 忧 appear twice
    assert x.shape == (8, 3, 28) and y.shape == (8, 3)
    assert (x.sum(axis=2) == 1).all()
    # input = line without its last character, target = line without its first
    assert "".join(vocab[i] for i in x[0].argmax(1)) == "对酒当" and "".join(vocab[i] for i in y[0]) == "酒当歌"
    assert poem_vocabulary()[:4] == list("对酒当歌")


def test_brackets_are_balanced_prefixes_with_depth():
    text = bracket_text(400, seed=3)
    depth = parenthesis_depth(text)
    assert len(text) == 400 and depth.min() >= 0 and depth.max() <= 6
    assert depth[-1] == text.count("(") - text.count(")")
    assert bracket_text(50, seed=1) == bracket_text(50, seed=1) != bracket_text(50, seed=2)


def test_digits_ship_with_the_app():
    images, labels = load_digits()
    assert images.shape == (1797, 8, 8) and images.max() == 1.0 and images.min() == 0.0
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    x_train, y_train, x_test, y_test = train_test_split()
    assert len(x_train) + len(x_test) == 1797 and len(x_test) == 450
