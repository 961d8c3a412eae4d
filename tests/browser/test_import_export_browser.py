"""Import / Export in a real browser: upload a .pt, confirm, use it; take the work away; chart downloads."""
from __future__ import annotations

import pytest
import torch
import torch.nn as nn

from tests.browser.server import assert_no_exception, wait_idle

pytestmark = pytest.mark.browser


class CourseModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 6, num_layers=2, batch_first=True)
        self.linear = nn.Linear(6, 2)


def nav(page, name: str, title: str) -> None:
    """The sidebar's link to a page (same session, as a person clicks), then that page drawn to the end. Its title
    first: right after the click the app may still report idle from before, and the old page still be shown."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=name).click()
    page.locator("h1", has_text=title).first.wait_for(timeout=30_000)
    wait_idle(page)


def test_upload_confirm_and_see_it_on_build(page, app_url, tmp_path):
    torch.manual_seed(0)
    path = tmp_path / "course_model.pt"
    torch.save({"model_state_dict": CourseModel().state_dict(), "epoch": 7}, path)
    page.goto(app_url + "/import_export")
    wait_idle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.get_by_text("course_model.pt: LSTM").wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_text("Confirm what the file cannot say").count() == 1
    page.get_by_role("button", name="Use this model").click()
    page.get_by_text("Loaded: LSTM with").wait_for(timeout=30_000)
    wait_idle(page)
    assert_no_exception(page)
    assert "hid=6" in page.url and "layers=2" in page.url and "head=2.identity.1" in page.url

    nav(page, "Build", "Build a recurrent network")
    assert page.get_by_label("hidden_size").input_value() == "6"
    assert page.get_by_label("input_size").input_value() == "3"
    assert page.get_by_label("num_layers").input_value() == "2"
    assert page.get_by_text("Weights edited by hand").count() == 1  # the imported weights, not the seed's
    assert_no_exception(page)


def test_refused_upload_changes_nothing(page, app_url, tmp_path):
    path = tmp_path / "whole_model.pt"
    torch.save(nn.GRU(2, 3), path)  # a whole pickled module, not a state dict
    page.goto(app_url + "/import_export?cell=gru&hid=3")
    wait_idle(page)
    before = page.url
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.get_by_text("whole pickled model object").wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_role("button", name="Use this model").count() == 0
    assert page.url == before
    assert_no_exception(page)


def test_export_downloads(page, app_url):
    page.goto(app_url + "/import_export?cell=gru&hid=3&len=5")
    wait_idle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the weights (.pt)").click()
    weights = torch.load(info.value.path(), weights_only=True)
    nn.GRU(1, 3, batch_first=True).load_state_dict(weights)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the script (.py)").click()
    assert info.value.suggested_filename == "rnnviz_model.py"
    assert "nn.GRU(input_size=1, hidden_size=3" in open(info.value.path()).read()
    assert page.locator("code", has_text="/step_through?cell=gru").count() >= 1
    assert_no_exception(page)


def test_charts_download_as_png_and_svg(page, app_url):
    page.goto(app_url + "/step_through")
    wait_idle(page)
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for(timeout=30_000)
    for title, suffix in (("Download plot as SVG", ".svg"), ("Download plot as a PNG", ".png")):
        chart.hover()
        button = chart.locator(f'.modebar-btn[data-title="{title}"]')
        if button.count() == 0 and suffix == ".png":  # Plotly's own wording differs between versions
            button = chart.locator('.modebar-btn[data-attr="toImage"], .modebar-btn[data-title*="png" i]')
        with page.expect_download() as info:
            button.first.click()
        assert info.value.suggested_filename == "rnnviz" + suffix
        head = open(info.value.path(), "rb").read(64)
        assert (b"<svg" in head) if suffix == ".svg" else head.startswith(b"\x89PNG")
