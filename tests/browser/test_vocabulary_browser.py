"""A vocabulary uploaded on Step through (the file uploader AppTest cannot drive): a file of another size is
refused with a message, one that fits turns typed text into the network's token ids."""
from __future__ import annotations

import pytest

from tests.browser.server import assert_no_exception, wait_idle

pytestmark = pytest.mark.browser

LINK = "/step_through?cell=gru&in=3&hid=4&vocab=4&seq=ids&ids=0.1.2"


def _open_vocabulary(page) -> None:
    if not page.locator(".st-key-s_tok_split").is_visible():
        page.get_by_text("Vocabulary", exact=True).click()
        page.locator(".st-key-s_tok_split").wait_for(state="visible")


def _upload(page, name: str, content: bytes) -> None:
    _open_vocabulary(page)
    page.locator(".st-key-s_tok_vocab_file input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/plain", "buffer": content}])
    wait_idle(page, 60_000)


def test_an_uploaded_vocabulary_reads_typed_words(page, app_url):
    page.goto(app_url + LINK)
    wait_idle(page, 60_000)
    assert page.get_by_text("reads token ids (whole numbers from 0 to 3)").count() == 1
    _upload(page, "five.txt", b"a\nb\nc\nd\ne\n")
    # the upload reruns the page once it has arrived: wait for what it says
    page.get_by_text("the vocabulary has 5 tokens but this network's embedding has 4 rows").wait_for(timeout=30_000)
    assert page.locator(".st-key-s_ids input").count() == 1  # nothing changed: still typing ids

    _open_vocabulary(page)
    page.locator(".st-key-s_tok_split").get_by_text("words and punctuation").click()
    wait_idle(page, 60_000)
    _upload(page, "words.json", b'{"the": 0, "cat": 1, "sat": 2, ".": 3}')
    area = page.locator(".st-key-s_tok_text textarea")
    area.wait_for(timeout=30_000)
    assert area.input_value() == "the cat sat"  # the ids 0 1 2 as words
    area.fill("cat sat . the")
    page.get_by_text("Step through", exact=True).first.click()  # click away: the text is used
    page.wait_for_url("**ids=1.2.3.0**", timeout=30_000)
    assert_no_exception(page)
