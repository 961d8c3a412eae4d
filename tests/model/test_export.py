"""Export: the state dict loads straight into torch; the generated script runs and prints rnnviz's numbers."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
import torch
import torch.nn as nn

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.model.export import (
    EMBED_INPUT_LIMIT,
    EMBED_WEIGHTS_LIMIT,
    MODEL_FILE,
    loading_snippet,
    parse_script_output,
    pytorch_script,
    state_dict_bytes,
    trace_csv,
    trace_parquet,
)

X = np.random.default_rng(0).normal(size=(9, 3)).astype(np.float32)


def load(blob: bytes):
    return torch.load(io.BytesIO(blob), weights_only=True)


@pytest.mark.parametrize("spec,module", [
    (ModelSpec("lstm", 3, 4, num_layers=2), lambda: nn.LSTM(3, 4, num_layers=2, batch_first=True)),
    (ModelSpec("lstm", 3, 5, bidirectional=True, proj_size=2),
     lambda: nn.LSTM(3, 5, bidirectional=True, proj_size=2, batch_first=True)),
    (ModelSpec("gru", 3, 4, bias=False), lambda: nn.GRU(3, 4, bias=False, batch_first=True)),
    (ModelSpec("rnn", 3, 4, nonlinearity="relu", num_layers=2),
     lambda: nn.RNN(3, 4, num_layers=2, nonlinearity="relu", batch_first=True)),
])
def test_state_dict_loads_straight_into_the_torch_module(spec, module):
    net = Network(spec, seed=5)
    rnn = module()
    rnn.load_state_dict(load(state_dict_bytes(net)))  # strict: every name and shape matches
    with torch.no_grad():
        output, final = rnn(torch.from_numpy(X).unsqueeze(0))
    trace = net.trace(X[None])
    assert torch.allclose(output, trace.output, atol=1e-5)
    finals = final if isinstance(final, tuple) else (final,)
    ours = trace.final_state if isinstance(trace.final_state, tuple) else (trace.final_state,)
    for theirs, mine in zip(finals, ours):
        assert torch.allclose(theirs, mine, atol=1e-5)


def test_state_dict_with_a_head_and_the_loading_snippet(tmp_path):
    """The snippet shown on the page is real code: run it against the exported file."""
    net = Network(ModelSpec("lstm", 3, 4, head=HeadSpec(2, "identity")), seed=2)
    path = tmp_path / MODEL_FILE
    path.write_bytes(state_dict_bytes(net))
    scope: dict = {}
    exec(loading_snippet(net.spec, str(path)), scope)
    rnn, head = scope["rnn"], scope["head"]
    with torch.no_grad():
        output, _ = rnn(torch.from_numpy(X).unsqueeze(0))
        y = head(output)
    assert torch.allclose(y, net.trace(X[None])["y"], atol=1e-5)
    # and the plain torch idiom works for the recurrent part alone
    nn.LSTM(3, 4, batch_first=True).load_state_dict(load(path.read_bytes()), strict=False)


def test_a_variant_snippet_loads_through_rnnviz(tmp_path):
    net = Network(ModelSpec("lstm", 3, 4, peephole=True), seed=1)
    path = tmp_path / MODEL_FILE
    path.write_bytes(state_dict_bytes(net))
    scope: dict = {}
    exec(loading_snippet(net.spec, str(path)), scope)
    assert scope["net"].spec == net.spec


def run_script(runner, source: str, cwd) -> dict:
    """`python rnnviz_model.py` in cwd, in a process of its own (tests/script_runner.py); what it printed."""
    path = cwd / "rnnviz_model.py"
    path.write_text(source)
    done = runner.run(path, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return parse_script_output(done.stdout)


def compare(printed: dict, net: Network, x) -> int:
    """Every printed vector equals the trace's to 1e-5; returns how many were compared."""
    trace = net.trace(x)
    for (t, label), values in printed.items():
        if label == "y":
            expected = trace["y"][0, -1 if t == "last" else t]
        else:
            quantity, where = label.rstrip("]").split("[")
            layer, *reverse = where.split()
            expected = trace[quantity][int(layer[1:]), int(bool(reverse)), 0, t]
        np.testing.assert_allclose(values, expected.numpy(), atol=1e-5, err_msg=f"{label} at t={t}")
    return len(printed)


SCRIPT_CASES = [
    # torch-native: nn.LSTM + nn.Linear, stepped one step at a time (h and c of every layer)
    (ModelSpec("lstm", 3, 4, num_layers=2, head=HeadSpec(2, "softmax")), "auto", 9 * (2 * 2 + 1)),
    # bidirectional with projection, many-to-one head
    (ModelSpec("lstm", 3, 5, bidirectional=True, proj_size=2, head=HeadSpec(3, "sigmoid", every_step=False)),
     "auto", 9 * 2 + 1),
    (ModelSpec("gru", 3, 4, bidirectional=True, num_layers=2), "auto", 9 * 2),
    # the variants, written out as equations (every gate of every layer and direction)
    (ModelSpec("lstm", 3, 4, peephole=True, head=HeadSpec(2)), "auto", 9 * (6 + 1)),
    (ModelSpec("lstm", 3, 4, peephole=True, coupled=True, cell_activation="relu", output_activation="identity",
               num_layers=2, bidirectional=True), "auto", 9 * 6 * 4),
    (ModelSpec("lstm", 3, 4, coupled=True, proj_size=2), "auto", 9 * 6),
    (ModelSpec("jordan", 3, 4, nonlinearity="relu", head=HeadSpec(2, "sigmoid")), "auto", 9 * 2),
    (ModelSpec("rnn", 3, 4, nonlinearity="identity", bias=False), "auto", 9),
    # a torch-native network asked for its equations
    (ModelSpec("gru", 3, 4, num_layers=2, bias=False, head=HeadSpec(2, every_step=False)), "equations", 9 * 8 + 1),
    (ModelSpec("lstm", 3, 4, bidirectional=True, proj_size=3), "equations", 9 * 12),
]


@pytest.mark.parametrize("spec,style,count", SCRIPT_CASES, ids=lambda v: getattr(v, "kind_label", None))
def test_script_runs_and_prints_the_same_numbers(script_runner, tmp_path, spec, style, count):
    net = Network(spec, seed=7)
    source = pytorch_script(net, X, style=style)
    compile(source, "rnnviz_model.py", "exec")
    assert ("nn." in source) == (spec.is_torch_native and style != "equations")
    printed = run_script(script_runner, source, tmp_path)
    assert compare(printed, net, X) == count


def test_large_models_load_the_exported_file_next_to_the_script(script_runner, tmp_path):
    net = Network(ModelSpec("lstm", 3, 120, head=HeadSpec(2)), seed=3)
    assert net.num_parameters() > EMBED_WEIGHTS_LIMIT
    source = pytorch_script(net, X[:3])
    assert MODEL_FILE in source and "WEIGHTS" not in source
    (tmp_path / MODEL_FILE).write_bytes(state_dict_bytes(net))
    printed = run_script(script_runner, source, tmp_path)
    assert compare(printed, net, X[:3]) == 3 * 3


def test_script_refusals():
    net = Network(ModelSpec("lstm", 3, 4, peephole=True))
    with pytest.raises(ValueError, match="no module for a peephole LSTM"):
        pytorch_script(net, X, style="modules")
    with pytest.raises(ValueError, match="style must be"):
        pytorch_script(net, X, style="fast")
    with pytest.raises(ValueError, match="input_size"):
        pytorch_script(net, X[:, :2])
    long = np.zeros((EMBED_INPUT_LIMIT // 3 + 1, 3), dtype=np.float32)
    with pytest.raises(ValueError, match="embeds at most"):
        pytorch_script(net, long)


def test_numbers_are_written_exactly():
    """Weights go into the script as the shortest text that reads back as the same float32."""
    net = Network(ModelSpec("rnn", 3, 4), seed=11)
    scope: dict = {}
    source = pytorch_script(net, X)
    grad_mode = torch.is_grad_enabled()
    try:  # the script turns gradients off for itself; in this process that would leak into later tests
        exec(source[: source.index("# The input sequence")], scope)
    finally:
        torch.set_grad_enabled(grad_mode)
    for name, tensor in net.state_dict().items():
        assert torch.equal(scope["weights"][name], tensor), name


def test_trace_tables():
    trace = Network(ModelSpec("gru", 3, 2, head=HeadSpec(1))).trace(X)
    tidy = trace.frame()
    pd.testing.assert_frame_equal(pd.read_parquet(io.BytesIO(trace_parquet(trace))), tidy)
    csv = pd.read_csv(io.BytesIO(trace_csv(trace)))
    assert len(csv) == len(tidy) and np.abs(csv["value"] - tidy["value"]).max() < 1e-6


def _comments(source: str) -> list[str]:
    """The script's comments and docstrings (what a reader reads as prose), not its code or printed labels."""
    import tokenize
    found = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            found.append(tok.string)
        elif tok.type == tokenize.STRING and tok.string.startswith('"""'):
            found.append(tok.string)
    return found


@pytest.mark.parametrize("spec,style", [(ModelSpec("lstm", 3, 4, head=HeadSpec(2)), "auto"),
                                        (ModelSpec("gru", 3, 4, bidirectional=True), "auto"),
                                        (ModelSpec("lstm", 3, 4, peephole=True, coupled=True, proj_size=2), "auto"),
                                        (ModelSpec("jordan", 3, 4, head=HeadSpec(2, "sigmoid")), "auto"),
                                        (ModelSpec("gru", 3, 4, head=HeadSpec(2, every_step=False)), "equations"),
                                        (ModelSpec("lstm", 3, 120, head=HeadSpec(2)), "equations")])
def test_a_chinese_script_has_chinese_comments_and_prints_the_same_numbers(script_runner, tmp_path, spec, style):
    from tests.pages.zh_text import english_words
    net = Network(spec, seed=7)
    x = X[:3]
    en, zh = pytorch_script(net, x, style=style, lang="en"), pytorch_script(net, x, style=style, lang="zh")
    assert len(_comments(zh)) == len(_comments(en)) >= 4
    for comment in _comments(zh):  # only names stay Latin: torch, LSTM, x_t, the script's own variable sfx
        assert not english_words(comment.split("rnnviz 设置：")[0]) - {"sfx"}, comment
    assert any(english_words(c) for c in _comments(en))  # the check above can fail
    (tmp_path / MODEL_FILE).write_bytes(state_dict_bytes(net))
    assert run_script(script_runner, zh, tmp_path) == run_script(script_runner, en, tmp_path)


def test_the_loading_snippet_speaks_the_pages_language():
    spec = ModelSpec("lstm", 3, 4, peephole=True)
    assert "# torch.nn has no peephole LSTM" in loading_snippet(spec)
    assert "# torch.nn 中没有 带窥视孔的 LSTM" in loading_snippet(spec, lang="zh")
    with pytest.raises(ValueError, match="lang must be"):
        pytorch_script(Network(spec), X, lang="fr")
