"""The Train page's CSV task: odd first lines get a message (they crashed the page), and the header is read
without splitting the whole text."""
from __future__ import annotations

import pytest

from rnnviz.learn.tasks import csv_columns
from tests.pages.conftest import errors, open_page


@pytest.mark.parametrize("text, message", [
    ("\ufeff", None),  # a lone byte-order mark is an empty CSV: the hint, no error
    (",,,\n1,2,3\n", "holds only commas"),
    ('"a,b\n1,2\n', "cannot be read"),
])
def test_odd_csv_text_gets_a_message_and_the_page_stays(text, message):
    at = open_page("pages/train.py")
    at.selectbox(key="tr_task").set_value("csv").run()
    at.text_area(key="tr_csv_text").set_value(text).run()
    assert not at.exception
    if message is None:
        assert not errors(at) and at.info
    else:
        assert any(message in e for e in errors(at)), errors(at)
    assert at.selectbox(key="tr_task").value == "csv"  # the choices are kept


def test_a_leading_blank_line_is_skipped():
    at = open_page("pages/train.py")
    at.selectbox(key="tr_task").set_value("csv").run()
    at.text_area(key="tr_csv_text").set_value("\n\nx,y\n" + "".join(f"{k},{k % 2}\n" for k in range(40))).run()
    assert not at.exception and not errors(at)
    assert at.selectbox(key="tr_csv_target").options == ["x", "y"]


def test_the_header_is_read_from_the_first_line_only():
    assert csv_columns("\r\n  \n time , x1,label \r\n1,2,3\n") == ["time", "x1", "label"]
    huge = "a,b\n" + "1,2\n" * 2_000_000
    assert csv_columns(huge) == ["a", "b"]
    with pytest.raises(ValueError, match="is empty"):
        csv_columns("\ufeff\n \n")
