"""Train: a number out of its range says so and trains nothing; a run that diverges at once is reported."""
from __future__ import annotations

import pytest

from tests.pages.conftest import errors, open_page
from tests.pages.test_train_page import _finish, _runs


@pytest.mark.parametrize("key, value, shown, fitting", [("tr_s_lr", 1e6, "1e+06", 0.01),
                                                        ("tr_s_epochs", 999999, "999999", 5),
                                                        ("tr_s_clip", -1.0, "-1", 0.0)])
def test_an_out_of_range_setting_is_named_and_blocks_training(key, value, shown, fitting):
    at = open_page("pages/train.py")
    at.number_input(key=key).set_value(value).run()
    (message,) = errors(at)
    assert "out of range" in message and shown in message, message
    assert at.button(key="tr_train").disabled and at.button(key="tr_compare").disabled
    at.number_input(key=key).set_value(fitting).run()
    assert not errors(at) and not at.button(key="tr_train").disabled


def test_a_run_that_diverges_in_its_first_epoch_is_reported():
    at = open_page("pages/train.py")
    at.selectbox(key="tr_task").set_value("adding").run()
    at.selectbox(key="tr_s_opt").set_value("sgd").run()
    at.number_input(key="tr_s_lr").set_value(10.0).run()
    at.number_input(key="tr_s_clip").set_value(0.0).run()
    at.button(key="tr_train").click().run()
    _finish(at)
    warnings = [w.value for w in at.warning]
    assert any("diverged in its first epoch" in w for w in warnings), (warnings, [r.state.status for r in _runs(at)]
                                                                        if "rnnviz_runs" in at.session_state else None)
    at.run()  # a rerun keeps the note until the next Train
    assert any("diverged in its first epoch" in w.value for w in at.warning)
