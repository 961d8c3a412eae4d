"""The Train page's tasks (rnnviz.learn.tasks): shapes, hand-checked data, refused arguments, determinism, and
that each task is learnable with its recommended settings (the seconds are printed: run with -s to see them)."""
import math
import time

import numpy as np
import pytest
import torch

from rnnviz.data.builtin import ENGLISH_TEXT, POEM_LINES, bracket_text, parenthesis_depth, poem_dataset, poem_vocabulary
from rnnviz.data.digits import train_test_split
from rnnviz.learn import TrainConfig, forward, train
from rnnviz.learn.recipes import POEM_CONFIG, poem_spec
from rnnviz.learn.tasks import PARAMS, TASKS, TEXT_SOURCES, Param, Task, make_task
from rnnviz.model.network import Network
from rnnviz.model.spec import HeadSpec, ModelSpec

CSV = """time,temp,label
1,10.5,0
2,12.5,1
3,14.5,0
4,16.5,1
5,18.5,2
6,20.5,0
7,22.5,1
8,24.5,2
9,26.5,0
10,28.5,1
11,30.5,2
"""
PASTED = "abcabcabcab"
# One call per task (and text source) that every structural test runs over.
CASES = {
    "text-poem": ("text", {}),
    "text-english": ("text", {"source": "english"}),
    "text-brackets": ("text", {"source": "brackets", "seq_len": 50}),
    "text-pasted": ("text", {"source": "pasted", "text": PASTED, "seq_len": 3}),
    "sines": ("sines", {"sequences": 20, "seq_len": 12}),
    "adding": ("adding", {"sequences": 50}),
    "copy": ("copy", {"sequences": 20}),
    "anbn": ("anbn", {"max_n": 4}),
    "brackets_depth": ("brackets_depth", {"sequences": 20}),
    "digits": ("digits", {}),
    "csv-classes": ("csv", {"text": CSV, "target": "label", "seq_len": 2}),
    "csv-regression": ("csv", {"text": CSV, "target": "temp", "seq_len": 2}),
}


def _case(name, **extra):
    key, params = CASES[name]
    return make_task(key, **{**params, **extra})


def _decode(task, x):
    return "".join(task.vocab[k] for k in np.asarray(x).argmax(-1))


# --- shapes ---------------------------------------------------------------------------------------------
def test_interface_constants():
    assert TASKS == ("text", "sines", "adding", "copy", "anbn", "brackets_depth", "digits", "csv")
    assert TEXT_SOURCES == ("poem", "english", "brackets", "pasted")
    assert set(PARAMS) == set(TASKS)
    for key, params in PARAMS.items():
        for name, p in params.items():
            assert isinstance(p, Param) and p.low <= p.default <= p.high, (key, name)
            assert p.whole == isinstance(p.default, int), (key, name)
    assert PARAMS["digits"] == {}


@pytest.mark.parametrize("name", list(CASES))
def test_shapes_and_dtypes(name):
    task = _case(name)
    assert isinstance(task, Task) and task.key == CASES[name][0]
    assert task.x.dtype == np.float32 and task.x.ndim == 3
    B, T, I = task.x.shape
    assert task.input_size == I and B >= 1 and T >= 1
    assert task.loss in ("cross_entropy", "mse", "bce")
    assert task.head_activation == {"cross_entropy": "softmax", "mse": "identity", "bce": "sigmoid"}[task.loss]
    splits = [(task.x, task.y, task.mask, task.features)]
    if task.x_test is not None:
        splits.append((task.x_test, task.y_test, task.mask_test, task.features_test))
        assert task.x_test.shape[2] == I and task.x_test.dtype == np.float32
    for x, y, mask, features in splits:
        b, t = x.shape[:2]
        steps = (b, t) if task.every_step else (b,)
        if task.loss == "cross_entropy":
            assert y.dtype == np.int64 and y.shape == steps
            counted = y if mask is None else y[mask]
            assert counted.min() >= 0 and counted.max() < task.out_features
            assert len(task.classes) == task.out_features
        else:
            assert y.dtype == np.float32 and y.shape == steps + (task.out_features,)
        if mask is not None:
            assert task.every_step and mask.dtype == bool and mask.shape == (b, t) and mask.any(1).all()
        assert set(features) == set(task.features)
        for f in features.values():
            assert f.shape == (b, t) and f.dtype == np.float32
    if task.vocab is not None:
        assert len(task.vocab) == I and len(set(task.vocab)) == I
        assert set(np.unique(task.x)) <= {0.0, 1.0} and (task.x.sum(-1) <= 1).all()
    assert {"cell", "hidden_size", "epochs", "lr", "batch_size", "clip"} <= set(task.recommended)
    example = task.example(B - 1)
    assert example.dtype == np.float32 and example.ndim == 2 and example.shape[1] == I
    text = task.example_text(0)
    assert (text is None) == (task.vocab is None)
    if text is not None:
        assert len(text) == len(task.example(0))


# --- text -----------------------------------------------------------------------------------------------
def test_poem_is_the_course_dataset():
    task = make_task("text")
    x, y, vocab = poem_dataset()
    assert np.array_equal(task.x, x) and np.array_equal(task.y, y) and task.y.dtype == y.dtype == np.int64
    assert task.vocab == tuple(poem_vocabulary()) == tuple(vocab) == task.classes
    assert task.x_test is None and task.mask is None and task.every_step
    assert task.text == "".join(POEM_LINES) and set(task.text) <= set(task.vocab)
    assert [task.example_text(i) for i in range(8)] == [line[:3] for line in POEM_LINES]
    assert np.array_equal(task.features["position"], np.tile([0.0, 1.0, 2.0], (8, 1)))
    assert task.recommended == {"cell": "rnn", "hidden_size": 12, "epochs": 100, "lr": 0.01, "batch_size": None,
                                "clip": None}
    # The lesson's recipe, whose training tests/lessons/test_poem.py checks line by line (once, not per caller)
    assert task.spec("rnn", hidden_size=12) == poem_spec("rnn")
    assert (POEM_CONFIG.epochs, POEM_CONFIG.lr, POEM_CONFIG.batch_size) == (100, 0.01, None)


def test_pasted_text_windows():
    task = make_task("text", source="pasted", text=PASTED, seq_len=3)
    # 11 characters: windows of 4 starting every 3 characters: 0..3, 3..6, 6..9; "b" (10) is left out.
    assert task.vocab == ("a", "b", "c") and task.text == PASTED
    assert task.x.shape == (3, 3, 3)
    assert [task.example_text(i) for i in range(3)] == ["abc", "abc", "abc"]
    assert task.y.tolist() == [[1, 2, 0]] * 3
    assert task.features["position"].tolist() == [[0, 1, 2]] * 3
    # Order of first appearance, and a text shorter than seq_len + 1 is one window of the whole text.
    short = make_task("text", source="pasted", text="hello", seq_len=32)
    assert short.vocab == ("h", "e", "l", "o")
    assert short.x.shape == (1, 4, 4) and short.example_text(0) == "hell" and short.y.tolist() == [[1, 2, 2, 3]]
    exact = make_task("text", source="pasted", text="hello", seq_len=4)
    assert exact.x.shape == (1, 4, 4) and exact.y.tolist() == [[1, 2, 2, 3]]
    two = make_task("text", source="pasted", text="ab", seq_len=200)
    assert two.x.shape == (1, 1, 2) and two.y.tolist() == [[1]]


def test_english_and_bracket_text():
    english = make_task("text", source="english", seq_len=32)
    assert english.text == ENGLISH_TEXT and english.vocab == tuple(dict.fromkeys(ENGLISH_TEXT))
    assert english.x.shape[0] == (len(ENGLISH_TEXT) - 1) // 32
    assert english.example_text(1) == ENGLISH_TEXT[32:64]
    assert english.y[1].tolist() == [english.vocab.index(c) for c in ENGLISH_TEXT[33:65]]
    brackets = make_task("text", source="brackets", seq_len=50, seed=3)
    assert brackets.text == bracket_text(600, 3)
    depth = parenthesis_depth(brackets.text)
    assert np.array_equal(brackets.features["depth"][2], depth[100:150])
    assert brackets.features["depth"].max() > 0
    assert "depth" not in english.features


# --- generated tasks ------------------------------------------------------------------------------------
def test_sines_target_is_the_next_value():
    task = make_task("sines", seq_len=40, sequences=50, waves=3)
    assert task.x.shape == (40, 40, 1) and task.x_test.shape == (10, 40, 1) and task.every_step
    assert np.allclose(task.x[:, 1:, 0], task.y[:, :-1, 0])
    assert np.abs(task.y).max() <= 1.0 and task.y.std() > 0.2
    assert np.array_equal(task.features["target"], task.y[..., 0])
    noisy = make_task("sines", seq_len=40, sequences=50, waves=3, noise=0.5)
    assert np.array_equal(noisy.y, task.y)  # the noise is on the inputs only
    assert 0.4 < (noisy.x - task.x).std() < 0.6


def test_adding_targets_and_markers():
    task = make_task("adding", seq_len=30, sequences=500)
    assert task.x.shape == (400, 30, 2) and task.y.shape == (400, 1) and not task.every_step
    assert task.x_test.shape == (100, 30, 2)
    for x, y in ((task.x, task.y), (task.x_test, task.y_test)):
        marker = x[..., 1]
        assert set(np.unique(marker)) == {0.0, 1.0}
        assert (marker.sum(1) == 2).all()
        assert (marker[:, :15].sum(1) == 1).all() and (marker[:, 15:].sum(1) == 1).all()
        assert np.allclose(y[:, 0], (x[..., 0] * marker).sum(1), atol=1e-6)
        assert x[..., 0].min() >= 0 and x[..., 0].max() <= 1
    assert np.allclose(task.features["marked_sum"][:, -1], task.y[:, 0], atol=1e-6)
    assert np.array_equal(task.features["marker"], task.x[..., 1])
    # The baseline the docstring names: always 1.0 scores about Var(U1 + U2) = 1/6.
    assert abs(float(((task.y - 1.0) ** 2).mean()) - 1 / 6) < 0.03


def test_copy_layout():
    task = make_task("copy", symbols=3, length=2, delay=4, sequences=50, seed=1)
    assert task.vocab == ("A", "B", "C", "-", "?") and task.classes == ("A", "B", "C")
    assert task.x.shape == (40, 8, 5) and task.out_features == 3
    for i in range(40):
        text = task.example_text(i)
        assert text[2:6] == "----" and text[6:] == "??" and set(text[:2]) <= set("ABC")
        assert task.y[i, 6:].tolist() == ["ABC".index(c) for c in text[:2]]
    assert task.mask.tolist() == [[False] * 6 + [True] * 2] * 40
    assert task.features["recall"].tolist() == [[0.0] * 6 + [1.0] * 2] * 40
    no_delay = make_task("copy", symbols=2, length=1, delay=0, sequences=10)
    assert no_delay.x.shape == (8, 2, 4) and no_delay.example_text(0)[1] == "?"


def test_anbn_hand_checked():
    task = make_task("anbn", max_n=3)
    assert task.vocab == task.classes == ("S", "a", "b", "E")
    assert task.x.shape == (3, 7, 4)  # n = 1, 2, 3; T = 2 * 3 + 1
    S, a, b, E = range(4)
    # n = 2: reads S a a b b, predicts a a b b E; only the steps reading a b count.
    assert task.example_text(1) == "Saabb" and task.example(1).shape == (5, 4)
    assert task.y[1, :5].tolist() == [a, a, b, b, E]
    assert task.mask[1].tolist() == [False, False, False, True, True, False, False]
    assert task.features["count"][1].tolist() == [0, 1, 2, 1, 0, 0, 0]
    assert (task.x[1, 5:] == 0).all()  # padding is zero vectors
    assert task.mask[0].tolist() == [False, False, True] + [False] * 4
    assert task.lengths.tolist() == [3, 5, 7]
    # Held out: longer strings, padded to their own length.
    assert task.x_test.shape == (4, 2 * 7 + 1, 4) and task.example_text(0, test=True) == "S" + "a" * 4 + "b" * 4
    assert task.mask_test.sum(1).tolist() == [4, 5, 6, 7]
    repeated = make_task("anbn", max_n=3, repeats=2)
    assert repeated.x.shape == (6, 7, 4) and repeated.example_text(1) == "Sab"


def test_brackets_depth_targets():
    task = make_task("brackets_depth", seq_len=30, sequences=50, max_depth=3)
    assert task.vocab == ("(", ")", "a", "b", "c") and task.classes == ("0", "1", "2", "3")
    assert task.x.shape == (40, 30, 5) and task.x_test.shape == (10, 30, 5)
    for test, n in ((False, 40), (True, 10)):
        y = task.y_test if test else task.y
        for i in range(n):
            assert y[i].tolist() == parenthesis_depth(task.example_text(i, test=test)).tolist()
    assert task.y.max() == 3 and np.array_equal(task.features["depth"], task.y.astype(np.float32))


def test_digits_is_the_shipped_split():
    task = make_task("digits")
    x_train, y_train, x_test, y_test = train_test_split()
    assert np.array_equal(task.x, x_train) and np.array_equal(task.y, y_train)
    assert np.array_equal(task.x_test, x_test) and np.array_equal(task.y_test, y_test)
    assert task.classes == tuple("0123456789") and not task.every_step and task.vocab is None
    assert np.allclose(task.features["ink"], x_train.sum(-1))


# --- csv ------------------------------------------------------------------------------------------------
def test_csv_classes_standardized_windows():
    task = make_task("csv", text=CSV, target="label", seq_len=2)
    # 11 rows -> 5 windows of 2 (row 11 left out); the last window is held out; stats from rows 1..8.
    assert task.loss == "cross_entropy" and task.classes == ("0", "1", "2") and task.every_step
    assert task.x.shape == (4, 2, 2) and task.x_test.shape == (1, 2, 2) and task.input_names == ("time", "temp")
    time_mean, time_std = 4.5, math.sqrt(5.25)
    temp_mean, temp_std = 17.5, 2 * math.sqrt(5.25)
    assert np.allclose(task.input_mean, [time_mean, temp_mean]) and np.allclose(task.input_std, [time_std, temp_std])
    assert np.allclose(task.x[0, 0], [(1 - time_mean) / time_std, (10.5 - temp_mean) / temp_std])
    assert np.allclose(task.x_test[0, 1], [(10 - time_mean) / time_std, (28.5 - temp_mean) / temp_std])
    assert np.allclose(task.x.reshape(-1, 2).mean(0), 0, atol=1e-6)
    assert np.allclose(task.x.reshape(-1, 2).std(0), 1, atol=1e-6)
    assert task.y.tolist() == [[0, 1], [0, 1], [2, 0], [1, 2]] and task.y_test.tolist() == [[0, 1]]
    assert task.features["target"].tolist() == [[0, 1], [0, 1], [2, 0], [1, 2]]
    assert task.target_mean is None and task.params["kind"] == "classes"


def test_csv_regression():
    task = make_task("csv", text=CSV, target="temp", seq_len=2)  # 10.5, 12.5 ...: not whole -> regression
    assert task.loss == "mse" and task.head_activation == "identity" and task.classes is None
    assert task.y.shape == (4, 2, 1) and task.y.dtype == np.float32
    assert task.target_mean == pytest.approx(17.5) and task.target_std == pytest.approx(2 * math.sqrt(5.25))
    assert np.allclose(task.y[..., 0] * task.target_std + task.target_mean, task.features["target"])
    assert task.features["target"][0].tolist() == [10.5, 12.5]
    assert task.input_names == ("time", "label")
    # A whole-number target with at most 20 values is classes under auto, a number when asked.
    assert make_task("csv", text=CSV, target="time", seq_len=2).loss == "cross_entropy"
    forced = make_task("csv", text=CSV, target="label", seq_len=2, kind="regression")
    assert forced.loss == "mse" and forced.y.shape == (4, 2, 1)
    # Fewer rows than seq_len: one window of every row, no held-out split; constant columns become 0.
    whole = make_task("csv", text="a,b,c\n1,5,0.5\n2,5,1.5\n3,5,2.5\n", target="c", seq_len=10)
    assert whole.x.shape == (1, 3, 2) and whole.x_test is None
    assert np.array_equal(whole.x[0, :, 1], [0, 0, 0]) and whole.input_std[1] == 1.0
    assert whole.evaluate(Network(whole.spec(), seed=0))["split"] == "train"


def test_csv_text_labels_and_messy_input():
    text = "\ufeffx, y ,weather\r\n1,2,rain\r\n\r\n2,3,sun\r\n3,4,rain\r\n4,5,fog\r\n"
    task = make_task("csv", text=text, target="weather", seq_len=2)
    assert task.classes == ("fog", "rain", "sun") and task.y.tolist() == [[1, 2], [1, 0]]
    assert task.input_names == ("x", "y")


@pytest.mark.parametrize("text, target, kind, message", [
    ("", "a", "auto", "needs the CSV"),
    (None, "a", "auto", "needs the CSV"),
    ("1,2\n3,4\n", "a", "auto", "header"),
    ("a,b\n1,2\n3,4\n", "c", "auto", "columns ('a', 'b'); got 'c'"),
    ("a,b\n1,2\n3,4\n", None, "auto", "target must name one of"),
    ("a\n1\n2\n", "a", "auto", "at least one feature column"),
    ("a,b\n1,2\n", "b", "auto", "at least 2 data rows"),
    ("a,a\n1,2\n3,4\n", "a", "auto", "'a' appear more than once"),
    ("a,,c\n1,2,3\n3,4,5\n", "a", "auto", "column 2 has none"),
    ("a,b,c\n1,2,3\n3,4\n", "a", "auto", "line 3 has 2 cells; the header has 3"),
    ("a,b,c\n1,x,3\n3,4,5\n", "a", "auto", "'b' does not (e.g. line 2, column 'b' holds 'x')"),
    ("a,b,c\n1,x,y\n3,4,5\n", "a", "auto", "'b', 'c' do not"),
    ("a,b,c\n1,2,3\n3,,5\n", "a", "auto", "line 3, column 'b' is empty"),
    ("a,b,c\n1,2,3\n3,4,5\n4,nan,5\n", "a", "auto", "line 4, column 'b' holds 'nan'"),
    ("a,b,c\n1,2,inf\n3,4,5\n", "a", "auto", "line 2, column 'c' holds 'inf'"),
    ("a,b,c\n1,2,1e39\n3,4,5\n", "a", "auto", "line 2, column 'c' holds '1e39', beyond"),
    ("a,b\n1,2\n1,3\n", "a", "classes", "from 2 to 100 different values; column 'a' has 1"),
    ("a,b\nup,2\ndown,3\n", "a", "regression", "line 2 holds 'up'"),
    ("a,b\n1,2\n3,4\n", "a", "sometimes", "kind must be one of auto, regression, classes"),
    ("a,b\n1,\"2\n", "a", "auto", "the CSV cannot be read (line 2): unexpected end of data"),
])
def test_bad_csv_is_refused_with_a_message(text, target, kind, message):
    with pytest.raises(ValueError) as err:
        make_task("csv", text=text, target=target, kind=kind)
    assert message in str(err.value)


def test_csv_size_limits():
    rows = "\n".join(f"{i},{i % 2}" for i in range(20_001))
    with pytest.raises(ValueError, match="at most 20,000 data rows"):
        make_task("csv", text="a,b\n" + rows, target="b")
    header = ",".join(f"c{j}" for j in range(201))
    with pytest.raises(ValueError, match="at most 200 columns; it has 201"):
        make_task("csv", text=header + "\n" + ",".join("1" * 201) + "\n", target="c0")
    ok = make_task("csv", text="a,b\n" + "\n".join(f"{i},{i % 2}" for i in range(20_000)), target="b", seq_len=500)
    assert ok.x.shape == (32, 500, 1) and ok.x_test.shape == (8, 500, 1)


# --- refused arguments ----------------------------------------------------------------------------------
def _edges():
    for key, params in PARAMS.items():
        for name, p in params.items():
            step = 1 if p.whole else 0.01
            yield key, name, p, step


@pytest.mark.parametrize("key, name, p, step", list(_edges()), ids=lambda v: v if isinstance(v, str) else "")
def test_param_edges(key, name, p, step):
    base = {"csv": {"text": CSV, "target": "label"}}.get(key, {})
    for value in (p.low, p.high):
        task = make_task(key, **base, **{name: value})
        assert task.params[name] == value
    for value in (p.low - step, p.high + step):
        with pytest.raises(ValueError, match=f"{name} must be from {p.low} to {p.high}, got {value}"):
            make_task(key, **base, **{name: value})
    bad = ["5", None, True, float("nan"), float("inf")] + ([p.low + 0.5] if p.whole else [])
    for value in bad:
        with pytest.raises(ValueError, match=f"{name} must be a (whole )?number from {p.low} to {p.high}, got"):
            make_task(key, **base, **{name: value})


def test_whole_params_accept_whole_floats():
    assert make_task("adding", seq_len=30.0, sequences=np.int64(20)).x.shape == (16, 30, 2)


@pytest.mark.parametrize("call, message", [
    (lambda: make_task("poems"), "unknown task 'poems'; choose one of text, sines, adding"),
    (lambda: make_task(3), "unknown task 3"),
    (lambda: make_task("adding", length=3), "the adding task takes seq_len, sequences; got unknown parameter 'length'"),
    (lambda: make_task("digits", seq_len=3), "the digits task takes no parameters (only seed)"),
    (lambda: make_task("text", source="novel"), "source must be one of poem, english, brackets, pasted; got 'novel'"),
    (lambda: make_task("text", source="pasted"), "source 'pasted' needs the text"),
    (lambda: make_task("text", source="pasted", text="a"), "at least 2 characters"),
    (lambda: make_task("text", source="pasted", text="ab" * 10_001), "at most 20,000 characters; got 20,002"),
    (lambda: make_task("text", source="pasted", text="".join(map(chr, range(300, 501)))),
     "at most 200 different characters; it uses 201"),
    (lambda: make_task("adding", seed=-1), "seed must be a whole number"),
    (lambda: make_task("adding", seed=1.5), "seed must be a whole number"),
])
def test_bad_arguments(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)


def test_text_limits_accepted_at_the_edge():
    task = make_task("text", source="pasted", text="".join(map(chr, range(300, 500))) * 100)
    assert len(task.vocab) == 200 and len(task.text) == 20_000


def test_example_index_checked():
    task = make_task("copy", sequences=10)
    with pytest.raises(ValueError, match="from 0 to 7 \\(8 training sequences\\), got 8"):
        task.example(8)
    with pytest.raises(ValueError, match="from 0 to 1 \\(2 test sequences\\), got -1"):
        task.example(-1, test=True)
    with pytest.raises(ValueError, match="has no held-out test split"):
        make_task("text").example(0, test=True)
    assert make_task("adding", sequences=10).example_text(0) is None


# --- determinism ----------------------------------------------------------------------------------------
RANDOM_CASES = ["text-brackets", "sines", "adding", "copy", "brackets_depth"]


@pytest.mark.parametrize("name", RANDOM_CASES)
def test_same_seed_same_task_other_seed_other(name):
    a, b, c = _case(name, seed=7), _case(name, seed=7), _case(name, seed=8)
    for field in ("x", "y", "x_test", "y_test", "mask"):
        va, vb = getattr(a, field), getattr(b, field)
        assert (va is None and vb is None) or np.array_equal(va, vb)
    assert not np.array_equal(a.x, c.x)


# --- networks -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(CASES))
def test_spec_builds_a_network_train_accepts(name):
    task = _case(name)
    net = Network(task.spec(), seed=0)
    assert net.spec.input_size == task.input_size and net.spec.head.out_features == task.out_features
    assert net.spec.head.every_step == task.every_step and net.spec.head.activation == task.head_activation
    history = train(net, task.x, task.y, TrainConfig(epochs=1, loss=task.loss, batch_size=None), mask=task.mask)
    assert history.epochs_run == 1 and math.isfinite(history.loss[0])
    result = task.evaluate(net)
    assert result["split"] == ("test" if task.x_test is not None else "train")
    assert math.isfinite(result["loss"]) and (result["accuracy"] is None) == (task.loss == "mse")


def test_spec_variants():
    task = make_task("anbn", max_n=3)
    assert task.spec("peephole", 4).peephole and task.spec("peephole", 4).cell == "lstm"
    assert task.spec("coupled", 4).coupled
    spec = task.spec("gru", 6, num_layers=2, bidirectional=True)
    assert (spec.cell, spec.hidden_size, spec.num_layers, spec.bidirectional) == ("gru", 6, 2, True)
    assert task.spec("rnn", 5, nonlinearity="relu").nonlinearity == "relu"
    for cell in ("peephole", "jordan", "rnn"):
        net = Network(task.spec(cell, 4), seed=0)
        assert task.fit(net, task.train_config(epochs=2)).epochs_run == 2
    with pytest.raises(ValueError, match="unknown model setting"):
        task.spec(layers=2)
    with pytest.raises(ValueError, match="head is fixed by the anbn task"):
        task.spec(head=None)
    with pytest.raises(ValueError, match="cell must be one of"):
        task.spec("transformer")


def test_evaluate_is_the_training_loss():
    """evaluate(split='train') before training equals train()'s first full-batch loss (the loss of the
    weights before the first step), with masks, many-to-one heads and mse alike."""
    for task in (make_task("anbn", max_n=5), make_task("copy", sequences=40), make_task("adding", sequences=40),
                 _case("csv-regression"), _case("sines")):
        net = Network(task.spec("lstm", 8), seed=1)
        before = task.evaluate(net, "train")
        history = task.fit(net, task.train_config(epochs=1, batch_size=None))
        assert before["loss"] == pytest.approx(history.loss[0], rel=1e-5)
        if task.loss == "cross_entropy":
            assert before["accuracy"] == pytest.approx(history.accuracy[0])


def test_evaluate_by_hand_and_refusals():
    task = make_task("copy", symbols=3, length=2, delay=1, sequences=20)
    net = Network(task.spec("gru", 5), seed=2)
    with torch.no_grad():
        logits = forward(net.spec, net.state_dict(), torch.from_numpy(task.x_test))
    mask = torch.from_numpy(task.mask_test)
    y = torch.from_numpy(task.y_test)
    expected = torch.nn.functional.cross_entropy(logits[mask], y[mask]).item()
    result = task.evaluate(net)
    assert result["loss"] == pytest.approx(expected, rel=1e-5)
    assert result["accuracy"] == pytest.approx((logits[mask].argmax(-1) == y[mask]).float().mean().item())
    with pytest.raises(ValueError, match="the copy task has 4 inputs per step; the network reads 5"):
        make_task("copy", symbols=2).evaluate(net)
    with pytest.raises(ValueError, match="needs a head at every step; the network's head is at the last step only"):
        task.evaluate(Network(ModelSpec("lstm", 5, 4, head=HeadSpec(3, "softmax", every_step=False)), seed=0))
    with pytest.raises(ValueError, match="needs 3 outputs; the network's head has 2"):
        task.evaluate(Network(ModelSpec("lstm", 5, 4, head=HeadSpec(2, "softmax")), seed=0))
    with pytest.raises(ValueError, match="needs a head activation of softmax or identity; the network's head has "
                                         "'sigmoid'"):
        task.evaluate(Network(ModelSpec("lstm", 5, 4, head=HeadSpec(3, "sigmoid")), seed=0))
    with pytest.raises(ValueError, match="split must be 'train' or 'test'"):
        task.evaluate(net, "valid")


# --- learnability ---------------------------------------------------------------------------------------
def _fit(task, seed=0, **overrides):
    rec = {**task.recommended, **overrides}
    net = Network(task.spec(rec["cell"], rec["hidden_size"]), seed=seed)
    config = task.train_config(**{k: rec[k] for k in ("epochs", "lr", "batch_size", "clip")}, seed=seed)
    start = time.perf_counter()
    history = task.fit(net, config)
    seconds = time.perf_counter() - start
    return net, history, (seconds, rec)


def _report(name, task, timing, **numbers):
    seconds, rec = timing
    shown = ", ".join(f"{k} {v:.4g}" for k, v in numbers.items())
    print(f"\n[learn] {name}: {shown} in {seconds:.2f} s ({rec})")


def test_learn_adding():
    task = make_task("adding", seq_len=30)
    net, history, seconds = _fit(task)
    result = task.evaluate(net)
    _report("adding T=30", task, seconds, test_mse=result["loss"])
    assert result["split"] == "test" and result["loss"] < 0.05  # the always-1.0 baseline is 1/6


def test_learn_anbn():
    task = make_task("anbn")
    net, history, seconds = _fit(task)
    train_result, test_result = task.evaluate(net, "train"), task.evaluate(net)
    _report("anbn max_n=8", task, seconds, train_accuracy=train_result["accuracy"],
            test_accuracy_n9_12=test_result["accuracy"])
    assert task.recommended["hidden_size"] <= 16
    assert train_result["accuracy"] >= 0.95


@pytest.mark.parametrize("key,label", [("brackets_depth", "brackets_depth"), ("copy", "copy delay=5")])
def test_learn_held_out_accuracy(key, label):
    task = make_task(key)
    net, history, seconds = _fit(task)
    result = task.evaluate(net)
    _report(label, task, seconds, test_accuracy=result["accuracy"])
    assert result["accuracy"] >= 0.95  # copy: chance is 1/4


def test_learn_sines():
    task = make_task("sines")
    net, history, seconds = _fit(task)
    result = task.evaluate(net)
    persistence = float(((task.x_test - task.y_test) ** 2).mean())  # "the next value is the current one"
    _report("sines", task, seconds, test_mse=result["loss"], persistence_mse=persistence)
    assert result["loss"] < persistence / 5


def test_learn_digits():
    task = make_task("digits")
    net, history, seconds = _fit(task)
    result = task.evaluate(net)
    _report("digits", task, seconds, test_accuracy=result["accuracy"])
    assert result["accuracy"] >= 0.9
