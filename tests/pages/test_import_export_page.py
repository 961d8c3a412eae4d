"""Import / Export page (AppTest): upload, confirm, use; refusals change nothing; the export section."""
from __future__ import annotations

import io
import os

import numpy as np
import pytest
import torch
import torch.nn as nn
from streamlit.testing.v1 import AppTest

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.model.export import state_dict_bytes
from tests.pages.conftest import errors, open_page


class CourseModel(nn.Module):
    def __init__(self, cell=nn.LSTM, input_size=3, hidden=5, out=2, **kwargs):
        super().__init__()
        self.lstm = cell(input_size, hidden, batch_first=True, **kwargs)
        self.linear = nn.Linear(hidden, out)


def saved(obj) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def open_import_export(query=None):
    return open_page("pages/import_export.py", query)


def view(at):
    return at.session_state["rnnviz_view"]


def upload(at, data: bytes, name: str = "model.pt") -> AppTest:
    at.file_uploader(key="ie_file").upload(name, data).run()
    assert not at.exception
    return at


def widget_key(at, kind: str, fragment: str) -> str:
    return next(w.key for w in getattr(at, kind) if w.key and fragment in w.key)


def test_course_model_is_inferred_confirmed_and_used_everywhere():
    torch.manual_seed(0)
    model = CourseModel()
    at = upload(open_import_export(), saved(model.state_dict()))
    assert errors(at) == []
    table = at.dataframe[0].value
    rows = dict(zip(table.iloc[:, 0], table.iloc[:, 1]))
    assert rows["input_size"] == "3" and rows["hidden_size"] == "5" and rows["head outputs"] == "2"
    assert rows["Recurrent module"] == "lstm"
    assert "weight_ih_l0: 20 × 3" in set(table.iloc[:, 2])
    at.selectbox(key=widget_key(at, "selectbox", "c_hact")).set_value("softmax").run()
    at.checkbox(key=widget_key(at, "checkbox", "c_every")).uncheck().run()
    at.button(key="ie_use").click().run()
    assert not at.exception and errors(at) == []
    assert any("212 parameters" in s.value for s in at.success)
    v = view(at)
    assert v.spec == ModelSpec("lstm", 3, 5, head=HeadSpec(2, "softmax", every_step=False)) and v.seed == 0
    net = Network(v.spec)
    net.load_state_dict({k: torch.as_tensor(w) for k, w in v.weights.items()})
    x = torch.randn(1, 6, 3)
    with torch.no_grad():
        out, _ = model.lstm(x)
        assert torch.allclose(net.trace(x)["y"][:, 0], torch.softmax(model.linear(out[:, -1]), -1), atol=1e-5)
    # Build redraws from the new view (its widget keys were cleared)
    at.switch_page("pages/build.py").run()
    assert not at.exception
    assert at.number_input(key="b_hid").value == 5 and at.number_input(key="b_in").value == 3
    assert at.selectbox(key="b_head").value == "softmax"


def test_rnn_nonlinearity_is_asked():
    model = nn.RNN(2, 4, nonlinearity="relu", num_layers=2)
    at = upload(open_import_export(), saved({"rnn." + k: v for k, v in model.state_dict().items()}))
    key = widget_key(at, "selectbox", "c_act")
    assert at.selectbox(key=key).value == "tanh"  # the default, to be confirmed
    at.selectbox(key=key).set_value("relu").run()
    at.button(key="ie_use").click().run()
    spec = view(at).spec
    assert (spec.cell, spec.nonlinearity, spec.num_layers, spec.head) == ("rnn", "relu", 2, None)


def test_choosing_among_several_modules_and_dropping_the_head():
    torch.manual_seed(1)
    state = {**{f"encoder.{k}": v for k, v in nn.GRU(3, 4).state_dict().items()},
             **{f"decoder.{k}": v for k, v in nn.LSTM(4, 6).state_dict().items()},
             **{f"fc.{k}": v for k, v in nn.Linear(6, 2).state_dict().items()}}
    at = upload(open_import_export(), saved(state))
    module = widget_key(at, "selectbox", "c_module")
    at.selectbox(key=module).set_value("decoder.").run()
    head = widget_key(at, "selectbox", "c_head")
    assert at.selectbox(key=head).value == "fc."
    assert at.selectbox(key=head).options == ["fc", "none"]
    at.selectbox(key=head).set_value("-").run()  # none
    at.button(key="ie_use").click().run()
    assert view(at).spec == ModelSpec("lstm", 4, 6)


def test_rnnviz_export_round_trips_through_the_page():
    spec = ModelSpec("lstm", 2, 3, peephole=True, cell_activation="relu", head=HeadSpec(2, "sigmoid"))
    net = Network(spec, seed=4)
    at = upload(open_import_export(), state_dict_bytes(net))
    assert at.selectbox == [] or all("c_hact" not in (s.key or "") for s in at.selectbox)  # nothing to ask
    at.button(key="ie_use").click().run()
    v = view(at)
    assert v.spec == spec
    assert all(np.array_equal(v.weights[k], t.numpy()) for k, t in net.state_dict().items())


MARKER = "rnnviz_page_marker"


class RunsCode:
    def __reduce__(self):
        return (os.system, (f"touch {MARKER}",))


@pytest.mark.parametrize("make,fragment", [
    (lambda: saved({"weight_ih_l0": RunsCode()}), "could run code"),
    (lambda: saved(nn.LSTM(2, 3)), "whole pickled model"),
    (lambda: saved(nn.LSTM(2, 3).state_dict())[:300], "damaged or cut short"),
    (lambda: saved({"weight_ih_l0": torch.zeros(8, 2), "weight_hh_l0": torch.zeros(8, 3)}), "rows"),
    (lambda: saved({k: v.long() for k, v in nn.GRU(2, 3).state_dict().items()}), "int64"),
])
def test_refused_files_change_nothing(tmp_path, monkeypatch, make, fragment):
    monkeypatch.chdir(tmp_path)
    at = open_import_export({"cell": "gru", "hid": "3", "seed": "2"})
    before = view(at)
    at = upload(at, make())
    assert any(fragment in e for e in errors(at)), errors(at)
    assert all(b.key != "ie_use" for b in at.button)
    after = view(at)
    assert after.spec == before.spec and after.seed == 2 and after.weights is None
    assert not (tmp_path / MARKER).exists()


def test_a_sequence_that_no_longer_fits_is_replaced_and_said():
    at = open_import_export({"seq": "text", "text": "abc", "in": "3"})
    assert view(at).sequence.kind == "text"
    at = upload(at, saved(nn.LSTM(5, 4).state_dict()))
    at.button(key="ie_use").click().run()
    v = view(at)
    assert v.spec.input_size == 5 and v.sequence.kind == "generator"
    assert at.info and "sine" in at.info[0].value


def test_export_section_offers_every_download_and_the_link():
    at = open_import_export({"cell": "gru", "hid": "3", "step": "4"})
    labels = [d.label for d in at.download_button]
    assert labels == ["Download the weights (.pt)", "Download the script (.py)", "Download the whole trace (CSV)",
                      "Download the whole trace (Parquet)"]
    code = "\n".join(c.value for c in at.code)
    assert "/step_through?" in code and "cell=gru" in code and "hid=3" in code and "step=4" in code
    assert "nn.GRU(input_size=1, hidden_size=3" in code and "rnn.load_state_dict(state)" in code
    assert at.radio(key="ie_style").options == ["torch.nn modules", "the equations, written out"]


def test_variant_export_says_how_to_open_it_again():
    at = open_import_export({"cell": "peephole", "hid": "2"})
    code = "\n".join(c.value for c in at.code)
    assert "Network.from_checkpoint('rnnviz_model.pt')" in code
    assert all(r.key != "ie_style" for r in at.radio)  # only the equations can build a peephole LSTM


def test_page_in_chinese():
    at = open_import_export({"lang": "zh"})
    assert at.title[0].value.startswith("导入 / 导出")
    upload(at, saved(CourseModel().state_dict()))
    table = at.dataframe[0].value
    assert list(table.columns) == ["设置", "值", "依据"]
    assert any("文件中没有" in str(v) for v in table.iloc[:, 2])
