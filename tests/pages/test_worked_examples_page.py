"""Lessons 9-11 train on a button press (never on page load), then show results and fill the explorer."""
import pytest

from tests.pages.conftest import errors
from tests.pages.test_lessons_page import open_lessons, view


def _button(at, key):
    return next(b for b in at.button if b.key == key)


@pytest.mark.parametrize("lesson_id,prefix,results", [("poem", "poem", "poem"), ("digits", "digits", "digits_rows"),
                                                       ("many-to-many", "m2m", "m2m")])
def test_train_then_show_in_the_explorer(lesson_id, prefix, results):
    at = open_lessons({"lesson": lesson_id, "preset": "1" if lesson_id == "digits" else "0"})  # digits: row by row
    assert not at.exception and errors(at) == []
    assert f"lv_we_{results}" not in at.session_state  # nothing trained on page load
    _button(at, f"lv_we_{prefix}_train").click().run()
    assert not at.exception and errors(at) == []
    assert f"lv_we_{results}" in at.session_state
    before = view(at).model_fingerprint()
    _button(at, f"lv_we_{prefix}_show").click().run()
    assert not at.exception and errors(at) == []
    v = view(at)
    assert v.weights is not None and v.model_fingerprint() != before and v.lesson == lesson_id
    if lesson_id == "many-to-many":  # its notice 4: the trained per-step model and the window picked (the first)
        import numpy as np

        from rnnviz.learn.recipes import running_sum_data, running_sum_spec
        assert v.spec == running_sum_spec("per_step")
        assert np.array_equal(v.sequence.values, running_sum_data(500, seed=2000).x[0])


def test_digits_trains_the_preset_that_is_open(monkeypatch):
    """Pixel by pixel (preset 0) trains 64 steps of 1 value; shown in the explorer, it stays preset 0. Row by row
    (preset 1) trains its own pair, kept beside the first. (One epoch each: the full runs are tests/lessons'.)"""
    from dataclasses import replace

    from rnnviz.learn import recipes
    for reading in recipes.DIGITS_READINGS:
        monkeypatch.setitem(recipes.DIGITS_CONFIGS, reading, replace(recipes.DIGITS_CONFIGS[reading], epochs=1))
    at = open_lessons({"lesson": "digits"})
    _button(at, "lv_we_digits_train").click().run()
    assert not at.exception and errors(at) == []
    pixels = at.session_state["lv_we_digits_pixels"]
    assert pixels["LSTM"]["spec"] == recipes.digits_spec("lstm", "pixels") and pixels["RNN"]["epochs"] == 1
    assert "lv_we_digits_rows" not in at.session_state
    _button(at, "lv_we_digits_show").click().run()
    assert not at.exception and errors(at) == []
    v = view(at)
    assert v.preset == 0 and v.spec.input_size == 1 and v.sequence.values.shape == (64, 1)

    at.radio(key="l_preset").set_value(1).run()
    _button(at, "lv_we_digits_train").click().run()
    assert not at.exception and errors(at) == []
    assert at.session_state["lv_we_digits_rows"]["RNN"]["spec"] == recipes.digits_spec("rnn", "rows")
    _button(at, "lv_we_digits_show").click().run()
    v = view(at)
    assert v.preset == 1 and v.spec.input_size == 8 and v.sequence.values.shape == (8, 8)


def test_a_class_pressing_train_trains_once_and_every_session_gets_its_own_copy():
    import numpy as np

    from rnnviz.learn import recipes
    from rnnviz.ui.lesson_views import worked_examples

    worked_examples.LESSON_RUNS.clear()
    before = worked_examples.LESSON_RUNS.computed
    sessions = [open_lessons({"lesson": "poem"}) for _ in range(3)]
    for at in sessions:
        _button(at, "lv_we_poem_train").click().run()
        assert not at.exception and errors(at) == []
    assert worked_examples.LESSON_RUNS.computed - before == 2  # RNN and LSTM, once each for the whole class
    first, second, third = (at.session_state["lv_we_poem"] for at in sessions)
    direct = recipes.train_poem("lstm", 0, 100).net.state_dict()  # the lesson's settings, trained here
    for name, value in direct.items():
        np.testing.assert_array_equal(first["LSTM"]["weights"][name], value.numpy())
        np.testing.assert_array_equal(second["LSTM"]["weights"][name], value.numpy())
    # One session's copy changed in place reaches nobody else (not even through the shared memo).
    first["LSTM"]["weights"]["weight_hh_l0"][:] = 7.0
    _button(sessions[2], "lv_we_poem_train").click().run()
    assert not np.any(third["LSTM"]["weights"]["weight_hh_l0"] == 7.0)
    assert not np.any(sessions[2].session_state["lv_we_poem"]["LSTM"]["weights"]["weight_hh_l0"] == 7.0)


# Many-to-many's LSTM(6, 32) trains in ~1 s; the digits' LSTM(8, 64) goes through the same recipe path
# (recipes.retrain; its names are checked in tests/ui/test_state.py) but takes ~15 s, so it is not trained here.
@pytest.mark.parametrize("lesson_id,prefix,recipe", [("many-to-many", "m2m", "m2m.per_step.10.0")])
def test_a_link_to_a_trained_network_too_big_to_carry_reproduces_its_weights(lesson_id, prefix, recipe):
    """LSTM(6, 32) (5,186 weights) is over a link's 4,096 numbers: the link names the recipe that trained it, and a
    session opening it trains the same weights again."""
    import numpy as np

    from rnnviz.ui.state import link_is_complete, to_query
    at = open_lessons({"lesson": lesson_id})
    _button(at, f"lv_we_{prefix}_train").click().run()
    _button(at, f"lv_we_{prefix}_show").click().run()
    sent = view(at)
    link = to_query(sent)
    assert sent.trained == recipe and link["trained"] == recipe and "w" not in link and link_is_complete(sent)
    opened = open_lessons(link)
    assert not opened.exception and errors(opened) == []
    got = view(opened)
    assert got.trained == recipe and got.spec == sent.spec and got.model_fingerprint() == sent.model_fingerprint()
    for name, value in sent.weights.items():
        np.testing.assert_array_equal(got.weights[name], value)
