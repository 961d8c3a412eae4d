"""Step through keeps the player and the view when a student types or feeds something out of bounds."""
from __future__ import annotations

from tests.pages.conftest import errors, open_page


def test_a_text_with_too_many_distinct_characters_gets_a_message():
    at = open_page("pages/step_through.py")
    before = at.session_state["rnnviz_view"]
    at.radio(key="s_source").set_value("text").run()
    at.text_input(key="s_text").set_value("".join(chr(0x4E00 + k) for k in range(5000))).run()
    assert not at.exception
    assert any("5000 distinct characters; at most 4096" in e for e in errors(at)), errors(at)
    after = at.session_state["rnnviz_view"]
    assert after.sequence == before.sequence and after.spec == before.spec
    assert any(getattr(e, "type", None) == "bidi_component" for e in at.main)  # the player is still there


def test_a_bad_fed_step_is_named_briefly():
    """The message quotes the typed text only in part: a pasted 200 KB value is not echoed back whole."""
    at = open_page("pages/step_through.py")
    at.text_input(key="s_feed").set_value("1, 2, " * 30_000).run()
    at.button(key="s_feed_btn").click().run()
    (message,) = errors(at)
    assert "x_t needs 1 numbers" in message and len(message) < 400, len(message)


def test_a_huge_csv_cell_is_quoted_briefly():
    import pytest

    from rnnviz.data.sequences import table_to_array
    with pytest.raises(ValueError) as caught:  # a table cell (CSV fields stop at csv's own 131,072 limit)
        table_to_array([["z" * 1_000_000]], 1)
    message = str(caught.value)
    assert "row 0, column x0 holds 'zzz" in message and "1,000,000 characters" in message and len(message) < 200
