"""Lessons 8-10 train on a button press (never on page load), then show results and fill the explorer."""
import pytest

from tests.pages.conftest import errors
from tests.pages.test_lessons_page import open_lessons, view


def _button(at, key):
    return next(b for b in at.button if b.key == key)


@pytest.mark.parametrize("lesson_id,prefix", [("poem", "poem"), ("digits", "digits"), ("many-to-many", "m2m")])
def test_train_then_show_in_the_explorer(lesson_id, prefix):
    at = open_lessons({"lesson": lesson_id})
    assert not at.exception and errors(at) == []
    assert f"lv_we_{prefix}" not in at.session_state  # nothing trained on page load
    _button(at, f"lv_we_{prefix}_train").click().run()
    assert not at.exception and errors(at) == []
    assert f"lv_we_{prefix}" in at.session_state
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


@pytest.mark.parametrize("lesson_id,prefix,recipe", [("many-to-many", "m2m", "m2m.per_step.10.0"),
                                                      ("digits", "digits", "digits.lstm.10.0")])
def test_a_link_to_a_trained_network_too_big_to_carry_reproduces_its_weights(lesson_id, prefix, recipe):
    """LSTM(6, 32) (5,186 weights) and LSTM(8, 64) are over a link's 4,096 numbers: the link names the recipe that
    trained them, and a session opening it trains the same weights again."""
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
