"""Import: the network is read from tensor names and shapes; nothing in the file ever runs."""
from __future__ import annotations

import io
import os
import pickle
import zipfile

import pytest
import torch
import torch.nn as nn

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.model.checkpoints import MAX_BYTES, infer_spec, read_checkpoint
from rnnviz.model.export import state_dict_bytes


def saved(obj, **kwargs) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer, **kwargs)
    return buffer.getvalue()


def torch_rnn(cell, *args, **kwargs):
    return {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cell](*args, batch_first=True, **kwargs)


class CourseModel(nn.Module):
    """As the course writes its models: self.lstm, then self.linear on the last layer's output."""

    def __init__(self, cell="lstm", input_size=3, hidden=5, out=2, **kwargs):
        super().__init__()
        self.lstm = torch_rnn(cell, input_size, hidden, **kwargs)
        directions = 2 if kwargs.get("bidirectional") else 1
        self.linear = nn.Linear(directions * (kwargs.get("proj_size") or hidden), out)


def assert_same_outputs(net: Network, rnn: nn.Module, head: nn.Module | None = None, input_size: int = 3):
    x = torch.randn(1, 7, input_size, generator=torch.Generator().manual_seed(1))
    trace = net.trace(x)
    with torch.no_grad():
        output, _ = rnn(x)
        assert torch.allclose(trace.output, output, atol=1e-5)
        if head is not None:
            assert torch.allclose(trace["y"], head(output), atol=1e-5)


# --- inference --------------------------------------------------------------------------------------
CONFIGS = [
    ("lstm", dict(num_layers=2)),
    ("lstm", dict(bidirectional=True, proj_size=2)),
    ("lstm", dict(num_layers=3, bias=False)),
    ("gru", dict(bidirectional=True, num_layers=2)),
    ("gru", dict(bias=False)),
    ("rnn", dict(nonlinearity="relu", num_layers=2, bidirectional=True)),
]


@pytest.mark.parametrize("cell,kwargs", CONFIGS)
@pytest.mark.parametrize("prefix", ["", "lstm.", "rnn.", "model.lstm."])
def test_infers_every_torch_configuration_under_any_prefix(cell, kwargs, prefix):
    torch.manual_seed(0)
    rnn = torch_rnn(cell, 3, 4, **kwargs)
    state = {prefix + k: v for k, v in rnn.state_dict().items()}
    tensors, notes = read_checkpoint(saved(state))
    found = infer_spec(tensors, nonlinearity=kwargs.get("nonlinearity"))
    spec = found.spec
    assert (spec.cell, spec.input_size, spec.hidden_size) == (cell, 3, 4)
    assert spec.num_layers == kwargs.get("num_layers", 1)
    assert spec.bidirectional == kwargs.get("bidirectional", False)
    assert spec.bias == kwargs.get("bias", True)
    assert spec.proj_size == kwargs.get("proj_size", 0)
    assert found.module == prefix and found.head is None and notes == []
    assert ("nonlinearity" in found.ambiguous) == (cell == "rnn")
    assert_same_outputs(found.network(), rnn)


@pytest.mark.parametrize("cell,kwargs", [("lstm", {}), ("lstm", dict(num_layers=2, bidirectional=True)),
                                         ("gru", {}), ("lstm", dict(proj_size=3))])
def test_course_model_with_a_linear_head(cell, kwargs):
    model = CourseModel(cell, **kwargs)
    found = infer_spec(read_checkpoint(saved(model.state_dict()))[0])
    assert found.module == "lstm." and found.head == "linear."
    assert found.spec.head == HeadSpec(2, "identity", every_step=True)
    assert {"head_activation", "every_step"} <= set(found.ambiguous)
    assert_same_outputs(found.network(), model.lstm, model.linear)


def test_training_script_checkpoint_dict_is_searched_and_the_optimizer_skipped():
    model = CourseModel()
    optimizer = torch.optim.Adam(model.parameters())
    blob = saved({"epoch": 12, "model_state_dict": model.state_dict(), "optimizer_state_dict": optimizer.state_dict(),
                  "loss": 0.25})
    tensors, notes = read_checkpoint(blob)
    found = infer_spec(tensors)
    assert found.module == "model_state_dict.lstm." and found.head == "model_state_dict.linear."
    assert any("optimizer" in n for n in notes) and any("epoch" in n for n in notes)
    assert_same_outputs(found.network(), model.lstm, model.linear)


def test_choices_settle_what_the_file_cannot_say():
    model = CourseModel("rnn", nonlinearity="relu")
    tensors, _ = read_checkpoint(saved(model.state_dict()))
    found = infer_spec(tensors, nonlinearity="relu", head_activation="softmax", every_step=False)
    assert found.spec.nonlinearity == "relu" and found.spec.head == HeadSpec(2, "softmax", every_step=False)
    x = torch.randn(1, 5, 3)
    with torch.no_grad():
        out, _ = model.lstm(x)
        assert torch.allclose(found.network().trace(x)["y"][:, 0], torch.softmax(model.linear(out[:, -1]), -1),
                              atol=1e-5)
    assert infer_spec(tensors, head=None).spec.head is None
    with pytest.raises(ValueError, match="not a Linear layer"):
        infer_spec(tensors, head="decoder")


def test_several_modules_and_heads_are_offered_as_choices():
    torch.manual_seed(0)
    state = {**{f"encoder.{k}": v for k, v in nn.GRU(3, 4).state_dict().items()},
             **{f"decoder.{k}": v for k, v in nn.LSTM(4, 4).state_dict().items()},
             **{f"fc.{k}": v for k, v in nn.Linear(4, 6).state_dict().items()},
             **{f"aux.{k}": v for k, v in nn.Linear(4, 1).state_dict().items()},
             "embedding.weight": torch.randn(10, 3)}
    tensors, _ = read_checkpoint(saved(state))
    first = infer_spec(tensors)
    assert first.modules == ("encoder.", "decoder.") and first.module == "encoder."
    assert first.heads == ("fc.", "aux.") and first.head == "fc."  # a conventional name wins
    assert {"module", "head"} <= set(first.ambiguous)
    # the embedding fits the encoder's 3 inputs: it becomes its input stage
    assert first.embedding == "embedding." and first.spec.vocab_size == 10
    assert not any("embedding.weight" in n for n in first.notes)
    second = infer_spec(tensors, module="decoder", head="aux.")
    assert second.spec.cell == "lstm" and second.spec.input_size == 4 and second.spec.head.out_features == 1
    # ... but not the decoder's 4: there it is not part of the network
    assert second.embedding is None and second.spec.vocab_size == 0
    assert any("not part of this network" in n and "embedding.weight" in n for n in second.notes)


def test_cell_modules_read_as_one_layer():
    cell = nn.LSTMCell(3, 4)
    found = infer_spec(read_checkpoint(saved({"cell." + k: v for k, v in cell.state_dict().items()}))[0])
    assert found.spec == ModelSpec("lstm", 3, 4)
    x = torch.randn(1, 3)
    h, c = cell(x)
    trace = found.network().trace(x)
    assert torch.allclose(trace["h"][0, 0, 0, 0], h[0], atol=1e-5)


def test_other_float_dtypes_are_converted_and_said():
    state = {k: v.double() for k, v in nn.GRU(2, 3).state_dict().items()}
    found = infer_spec(read_checkpoint(saved(state))[0])
    assert found.weights["weight_ih_l0"].dtype == torch.float32
    assert any("float64" in n for n in found.notes)


def test_rnnviz_export_round_trips_even_what_torch_files_cannot_say():
    for spec in (ModelSpec("lstm", 2, 3, coupled=True, cell_activation="relu", head=HeadSpec(2, "softmax", False)),
                 ModelSpec("lstm", 2, 3, peephole=True, output_activation="identity", proj_size=2),
                 ModelSpec("jordan", 2, 3, nonlinearity="relu", head=HeadSpec(2, "sigmoid")),
                 ModelSpec("rnn", 2, 3, nonlinearity="identity", bidirectional=True)):
        net = Network(spec, seed=3)
        back = Network.from_checkpoint(state_dict_bytes(net))
        assert back.spec == spec
        assert all(torch.equal(back.parameter(k), v) for k, v in net.state_dict().items())
        found = infer_spec(read_checkpoint(state_dict_bytes(net))[0])
        assert found.from_rnnviz and found.ambiguous == ()


def test_variants_read_from_shapes_alone():
    """Without rnnviz's settings: peepholes are in the shapes; a coupled LSTM or Jordan net is a choice."""
    peep = Network(ModelSpec("lstm", 2, 3, peephole=True, coupled=True), seed=1)
    assert infer_spec(peep.state_dict()).spec == peep.spec  # weight_ch of 2H: coupled peepholes
    coupled = Network(ModelSpec("lstm", 2, 3, coupled=True), seed=1)
    found = infer_spec(coupled.state_dict())
    assert found.spec.cell == "gru" and "cell" in found.ambiguous
    assert infer_spec(coupled.state_dict(), cell="lstm").spec == coupled.spec
    jordan = Network(ModelSpec("jordan", 2, 4, head=HeadSpec(3)), seed=1)
    assert infer_spec(jordan.state_dict()).spec == jordan.spec  # weight_hh 4 x 3: not square
    square = Network(ModelSpec("jordan", 2, 3, head=HeadSpec(3)), seed=1)
    assert infer_spec(square.state_dict()).spec.cell == "rnn"
    assert infer_spec(square.state_dict(), cell="jordan").spec == square.spec


def test_from_checkpoint_reads_a_path(tmp_path):
    model = CourseModel("gru", bidirectional=True)
    path = tmp_path / "model.pth"
    torch.save(model.state_dict(), path)
    net = Network.from_checkpoint(path, head_activation="sigmoid")
    assert net.spec.cell == "gru" and net.spec.head.activation == "sigmoid"
    net = Network.from_checkpoint(str(path))
    assert_same_outputs(net, model.lstm, model.linear)
    with open(path, "rb") as f:
        assert Network.from_checkpoint(f).spec == net.spec


# --- refusals -----------------------------------------------------------------------------------------
MARKER_NAME = "rnnviz_pwned_marker"


def _write_marker(path):
    with open(path, "w") as f:
        f.write("code from the checkpoint ran")


class RunsCode:
    """Unpickling this calls _write_marker(path): what a malicious checkpoint does."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (_write_marker, (self.path,))


class RunsShell:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


@pytest.mark.parametrize("payload", [RunsCode, RunsShell])
@pytest.mark.parametrize("writer", ["torch.save", "pickle", "state dict entry"])
def test_a_checkpoint_that_would_run_code_is_refused_and_nothing_runs(tmp_path, payload, writer):
    marker = tmp_path / MARKER_NAME
    evil = payload(str(marker))
    # the payload works: unpickling it the ordinary way really would run it
    pickle.loads(pickle.dumps(payload(str(tmp_path / "proof"))))
    assert (tmp_path / "proof").exists()
    if writer == "torch.save":
        blob = saved(evil)
    elif writer == "pickle":
        blob = pickle.dumps({"weight_ih_l0": evil})
    else:
        blob = saved({**nn.LSTM(2, 2).state_dict(), "weight_hh_l0": evil})
    path = tmp_path / "evil.pt"
    path.write_bytes(blob)
    for source in (blob, path):
        with pytest.raises(ValueError) as err:
            Network.from_checkpoint(source)
        assert "state_dict()" in str(err.value)
    assert not marker.exists()


def test_whole_pickled_module_is_refused_with_the_fix():
    with pytest.raises(ValueError, match=r"whole pickled model object \(torch\.nn\.modules\.rnn\.LSTM\).*"
                                         r"model\.state_dict\(\)"):
        read_checkpoint(saved(nn.LSTM(2, 3)))
    with pytest.raises(ValueError, match="whole pickled model"):
        read_checkpoint(saved(CourseModel()))


def test_torchscript_is_refused():
    buffer = io.BytesIO()
    torch.jit.save(torch.jit.script(nn.Linear(2, 2)), buffer)
    with pytest.raises(ValueError, match="TorchScript"):
        read_checkpoint(buffer.getvalue())


def test_optimizer_state_is_refused():
    model = nn.LSTM(2, 3)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(torch.randn(4, 2))[0].sum().backward()
    optimizer.step()
    with pytest.raises(ValueError, match="optimizer's state"):
        read_checkpoint(saved(optimizer.state_dict()))


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.99])
def test_truncated_files_are_refused(cut):
    blob = saved(nn.LSTM(3, 8).state_dict())
    with pytest.raises(ValueError, match="damaged|cut short"):
        read_checkpoint(blob[: int(len(blob) * cut)])


def test_corrupted_bytes_are_refused():
    blob = bytearray(saved(nn.LSTM(3, 8).state_dict()))
    data_start = blob.find(b"data/0") + 200
    blob[data_start:data_start + 16] = b"\xff" * 16
    with pytest.raises(ValueError, match="damaged"):
        read_checkpoint(bytes(blob))


@pytest.mark.parametrize("blob,fragment", [
    (b"", "empty"),
    (b"hello, world", "not a PyTorch checkpoint"),
    (pickle.dumps({"weight_ih_l0": [1.0]}), "plain Python pickle"),
])
def test_other_files_are_refused(blob, fragment):
    with pytest.raises(ValueError, match=fragment):
        read_checkpoint(blob)


def test_legacy_format_is_refused():
    with pytest.raises(ValueError, match="legacy"):
        read_checkpoint(saved(nn.LSTM(2, 2).state_dict(), _use_new_zipfile_serialization=False))


def test_zip_without_a_checkpoint_inside_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hi")
    with pytest.raises(ValueError, match="no data.pkl"):
        read_checkpoint(buffer.getvalue())


def test_size_cap(tmp_path):
    blob = saved(nn.LSTM(64, 64).state_dict())
    assert MAX_BYTES == 20 * 1024 * 1024  # .streamlit/config.toml maxUploadSize = 20
    with pytest.raises(ValueError, match="at most"):
        read_checkpoint(blob, max_bytes=len(blob) - 1)
    path = tmp_path / "big.pt"
    path.write_bytes(blob)
    with pytest.raises(ValueError, match="at most"):
        read_checkpoint(path, max_bytes=1000)
    assert read_checkpoint(blob, max_bytes=len(blob))[0]


def test_a_zip_bomb_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data.pkl", pickle.dumps({}))
        archive.writestr("archive/data/0", b"\0" * (MAX_BYTES + 1))
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(ValueError, match="unpacks to"):
        read_checkpoint(buffer.getvalue())


@pytest.mark.parametrize("dtype", [torch.int64, torch.bool, torch.complex64])
def test_non_float_weights_are_refused(dtype):
    state = nn.LSTM(2, 3).state_dict()
    state["weight_hh_l0"] = state["weight_hh_l0"].to(dtype)
    tensors, _ = read_checkpoint(saved(state))
    with pytest.raises(ValueError, match="weight_hh_l0 holds .* numbers; a network's weights are floating-point"):
        infer_spec(tensors)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 1e300])
def test_non_finite_weights_are_refused(bad):
    state = {k: v.double() for k, v in nn.GRU(2, 3).state_dict().items()}
    state["bias_hh_l0"][1] = bad
    with pytest.raises(ValueError, match="bias_hh_l0 holds NaN or infinity"):
        infer_spec(read_checkpoint(saved(state))[0])


@pytest.mark.parametrize("edit,fragment", [
    (lambda s: s.update(weight_ih_l1=torch.randn(16, 5)), r"weight_ih_l1 is 16 × 5 but should be 16 × 4"),
    (lambda s: s.pop("bias_hh_l1"), r"missing bias_hh_l1"),
    (lambda s: s.update(weight_hh_l0=torch.randn(14, 4)), r"rows"),
    (lambda s: s.update(weight_ih_l2=torch.randn(16, 4)), r"missing weight_hh_l2, bias_ih_l2, bias_hh_l2"),
    (lambda s: s.update(weight_ih_l3=torch.randn(16, 4)), r"layers \[0, 1, 3\] are not numbered 0, 1, 2"),
    (lambda s: s.update(bias_ih_l0=torch.randn(15)), r"bias_ih_l0 is 15 but should be 16"),
    (lambda s: s.update(weight_ih_l0_reverse=torch.randn(16, 3)), r"missing"),
])
def test_shapes_that_do_not_fit_together_are_refused(edit, fragment):
    state = nn.LSTM(3, 4, num_layers=2).state_dict()
    edit(state)
    with pytest.raises(ValueError, match=fragment):
        infer_spec(read_checkpoint(saved(state))[0])


def test_sizes_past_the_caps_are_refused_with_the_cap():
    state = nn.GRU(2, 600).state_dict()
    with pytest.raises(ValueError,
                       match="outside what rnnviz handles.*hidden_size must be a whole number from 1 to 512"):
        infer_spec(read_checkpoint(saved(state))[0])


@pytest.mark.parametrize("obj,fragment", [
    (torch.zeros(3), "single tensor"),
    ([torch.zeros(3)], "holds a list"),
    ({"epoch": 3}, "no tensors"),
    ({"weight": torch.zeros(3, 3)}, "no recurrent layer found"),
])
def test_files_without_a_recurrent_network_are_refused(obj, fragment):
    with pytest.raises(ValueError, match=fragment):
        infer_spec(read_checkpoint(saved(obj))[0])
