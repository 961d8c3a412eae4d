"""The shipped python-code model (rnnviz.pretrained): what it is, that the app computes it as torch does, and
that its held-out reading shows the cells issue 17 asks for, found by the app's own unit finder."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from safetensors.torch import load_file

from rnnviz import pretrained
from rnnviz.learn.interpret import memory_reach
from rnnviz.pretrained import corpus

MODEL = pretrained.ASSETS / "python-code"


def test_load_gives_a_network_and_its_vocabulary_in_one_line():
    net, vocab = pretrained.load("python-code")
    assert net.spec.vocab_size == len(vocab) == 100 and net.spec.head.out_features == 100
    assert net.spec.cell == "lstm" and net.spec.hidden_size == 256 and net.num_parameters() == 325_860
    code = 'def f(x):\n    return {"a": [x, (1, 2)]}\n'
    assert vocab.decode(vocab.encode(code)) == code
    assert vocab.encode("好") == [vocab.tokens.index("\ufffd")]  # anything else reads as U+FFFD
    assert (MODEL / "model.safetensors").stat().st_size <= 5_000_000


def test_each_load_is_the_callers_own_copy():
    a, _ = pretrained.load()
    b, _ = pretrained.load()
    a.set_parameter("embedding.weight", torch.zeros_like(a.parameter("embedding.weight")))
    assert b.parameter("embedding.weight").abs().sum() > 0


def test_the_trace_equals_the_torch_modules_it_was_trained_as():
    """The training script's CharModel: nn.Embedding -> nn.LSTM -> nn.Linear, from the same file."""
    weights = load_file(str(MODEL / "model.safetensors"))
    embedding = torch.nn.Embedding(100, 32)
    lstm = torch.nn.LSTM(32, 256, batch_first=True)
    decoder = torch.nn.Linear(256, 100)
    embedding.weight.data = weights["encoder.weight"]
    lstm.load_state_dict({k[4:]: v for k, v in weights.items() if k.startswith("rnn.")})
    decoder.load_state_dict({k[8:]: v for k, v in weights.items() if k.startswith("decoder.")})
    net, vocab = pretrained.load()
    ids = vocab.encode(pretrained.held_out_files()["json/tool.py"][:400])
    with torch.no_grad():
        out, (h, c) = lstm(embedding(torch.tensor([ids])))
        logits = decoder(out)
    trace = net.trace([ids])
    assert torch.allclose(trace["y"], logits, atol=1e-5)
    assert torch.allclose(trace["c"][0, 0, 0, -1], c[0, 0], atol=1e-5)


def test_the_held_out_files_were_never_trained_on():
    train, held = corpus.stdlib_files()
    root = corpus.stdlib_root()
    assert not any(p.relative_to(root).parts[0] in corpus.HELD_OUT_PACKAGES for p in train)
    assert {p.relative_to(root).as_posix() for p in held} >= set(corpus.INTERPRETATION_FILES)
    files = pretrained.held_out_files()
    assert tuple(files) == corpus.INTERPRETATION_FILES
    text, starts = pretrained.held_out_text()
    assert len(text) >= 200_000 and starts[1] == len(files["json/__init__.py"])


@pytest.fixture(scope="module")
def reading():
    return pretrained.held_out_reading("python-code")


def test_the_held_out_reading_covers_every_file_each_from_its_start(reading):
    text, starts = pretrained.held_out_text()
    assert reading.text == text and reading.quantities == ("c", "h")
    alone = pretrained.held_out_reading("python-code", "json/scanner.py")
    lo = starts[list(pretrained.held_out_files()).index("json/scanner.py")]
    assert np.array_equal(reading.values("c")[lo:lo + alone.num_steps], alone.values("c"))


# Issue 17's bars, on the features they name (each of c, tanh(c) and h is ranked; the best over them must pass).
BARS = {"in_line_string": 0.8, "code_depth": 0.6, "position": 0.6}
NOT_MET = {"in_string": 0.8}  # docstrings included: no unit gets there yet; its figures are checked all the same


def test_the_documented_figures_are_what_the_unit_finder_finds(reading):
    """assets/python-code/measured.json, quoted in its README, against the app's unit finder (unit and r), and the
    issue's bars: Karpathy et al.'s quote cell (one-line strings), bracket depth, position in the line."""
    measured = json.loads((MODEL / "measured.json").read_text(encoding="utf-8"))
    assert measured["held_out_chars"] == reading.num_steps
    assert measured["held_out_loss"] == pretrained.card()["log"][-1]
    best = {}
    for row in measured["best_units"].values():
        if row["feature"] not in BARS | NOT_MET:
            continue
        top = reading.rank_units(reading.feature(row["feature"]), row["quantity"]).iloc[0]
        assert int(top["unit"]) == row["unit"] and float(top["correlation"]) == pytest.approx(row["r"], abs=1e-4), row
        best[row["feature"]] = max(best.get(row["feature"], 0.0), abs(row["r"]))
    assert len(best) == 4
    assert all(best[feature] >= bar for feature, bar in BARS.items()), best


def test_gate_saturation_of_the_held_out_reading_is_fractions_of_its_steps(reading):
    table = reading.gate_saturation(0)
    assert list(table["gate"].unique()) == ["i", "f", "o"] and len(table) == 3 * 256
    assert ((table["left"] + table["right"]) <= 1).all() and table["right"].max() > 0.5


def test_memory_reach_of_token_ids_is_the_gradient_at_the_embedded_rows():
    net, vocab = pretrained.load()
    ids = vocab.encode('def f(x):\n    return "abc" + x\n')
    norms = memory_reach(net, ids, 20)
    embedding, lstm, head = (m.double() for m in net.to_torch())
    rows = embedding.weight.detach()[torch.tensor(ids[:21])].clone().requires_grad_(True)
    out, _ = lstm(rows[None])
    head(out)[0, 20].sum().backward()
    assert norms.shape == (21,)
    assert np.allclose(norms, rows.grad.norm(dim=-1).numpy(), rtol=1e-9, atol=1e-12)
    with pytest.raises(ValueError, match=r"one sequence: token ids of shape \(T,\)"):
        memory_reach(net, [ids, ids], 3)
