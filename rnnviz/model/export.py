"""Take your work away: the weights as a torch state dict, and a runnable PyTorch script.

state_dict_bytes(net): torch.save of net.state_dict() - torch's own names (weight_ih_l0, ...) at the top
level, so the file loads straight into the matching nn.LSTM / nn.GRU / nn.RNN with load_state_dict; a head
sits under "head." (load it into nn.Linear after stripping the prefix; loading_snippet() writes both out).
rnnviz's own settings ride along in the state dict's _metadata, where torch keeps its version numbers and
load_state_dict never looks for them: a file exported here and imported again is the same network, even the
parts a state dict cannot say (activations, many-to-one, the LSTM variants).

pytorch_script(net, x): a self-contained script that rebuilds the network, feeds x (token ids through nn.Embedding
for a network with an embedding) and prints h (and c, y, and for the written-out equations every gate) at every
step, to six decimals. Torch-native networks are
built from nn.LSTM / nn.GRU / nn.RNN (+ nn.Linear); the variants torch lacks (peepholes, coupled gates,
other activations, Jordan) are written out as their equations in plain torch, which any network can ask for.
"""
from __future__ import annotations

import io
import json
from collections import OrderedDict

import numpy as np
import torch

from .checkpoints import RNNVIZ_META
from .embedding import coerce_token_ids
from .inputs import coerce_sequence
from .params import EMBEDDING_WEIGHT
from .spec import ModelSpec

EMBED_WEIGHTS_LIMIT = 50_000  # more numbers than this: the script loads the .pt next to it instead
EMBED_INPUT_LIMIT = 50_000  # the sequence is always embedded; longer ones are refused
MODEL_FILE = "rnnviz_model.pt"
SCRIPT_FILE = "rnnviz_model.py"
_ACT = {"tanh": "torch.tanh({})", "sigmoid": "torch.sigmoid({})", "relu": "torch.relu({})", "identity": "{}"}
_HEAD_ACT = {"identity": "{}", "sigmoid": "torch.sigmoid({})", "softmax": "torch.softmax({}, dim=-1)"}

# The script's comments and docstrings in each language (lang="en" | "zh"). Code and printed output are the same
# in both, so parse_script_output reads either. Templates take .format(**values).
SCRIPT_LANGS = ("en", "zh")
_WORDS = {
    "en": {
        "kind": {"LSTM": "LSTM", "GRU": "GRU", "Elman RNN": "Elman RNN", "Jordan RNN": "Jordan RNN",
                 "peephole LSTM": "peephole LSTM", "coupled-gate LSTM": "coupled-gate LSTM",
                 "peephole coupled-gate LSTM": "peephole coupled-gate LSTM"},
        "no_module": "torch.nn has no {kind}",
        "how_modules": "torch.nn modules",
        "how_equations": "its equations written out in plain torch",
        "header": "{kind} exported from rnnviz, rebuilt with {how}.\n\n"
                  "Run it with `python {file}` (it needs only PyTorch): it feeds the sequence below and\n"
                  "prints, for every step t, what the network computes - the same numbers rnnviz shows.\n\n"
                  "rnnviz settings: {settings}\n",
        "weights_file": "# The weights are too many to print here: they load from {file} (the .pt rnnviz exports),\n"
                        "# which must sit next to this script.\n",
        "weights_here": "# The weights, by torch's names (the same tensors as the exported .pt).",
        "input": "# The input sequence: one row per step x_t.\n",
        "x_batch": "# (batch=1, steps, inputs): batch_first=True",
        "input_ids": "# The input sequence: one token id per step; row id of the embedding is that step's x_t.\n",
        "ids_batch": "# the embedded ids: (batch=1, steps, inputs), batch_first=True",
        "ids_steps": "# row ids[t] of the embedding is x_t: (steps, inputs)",
        "whole": "# the whole sequence at once: the last layer's h at every step",
        "head_every": "# the head reads h at every step",
        "many_to_one": "# many-to-one: only the last step is read out",
        "one_at_a_time": "# Feeding one step at a time, carrying the state, gives the same numbers and shows every "
                         "layer's h{and_c}.",
        "and_c": " and the cell state c",
        "state_shape": "# (num_layers, batch, size)",
        "bidirectional": "# Bidirectional: output[..., :H] is the forward direction, output[..., H:] the reverse one,\n"
                         "# which read the sequence from its end (both indexed in time order).",
        "lstm_doc": 'One LSTM step of one layer and direction; sfx picks its weights ("_l0", "_l0_reverse").',
        "gate_order": "# torch's gate order",
        "i_not_stored": ": i is not stored",
        "peepholes": "# peepholes",
        "coupled": "# coupled gates: the new content fills exactly what was forgotten",
        "o_peeks": "# o peeks at the new c_t",
        "projection": "# projection to proj_size",
        "gru_doc": "One GRU step (c is unused): torch's equations, r applied inside the candidate.",
        "rnn_doc": "One {kind} step (c is unused); h holds {recurrent}.",
        "x_steps": "# (steps, inputs)",
        "jordan": "# Jordan: the recurrent weights read the previous output y, not h.",
        "record": "# (layer, direction, t) -> the step's values",
        "reverse_reads": "# the reverse one reads from the end",
    },
    "zh": {
        "kind": {"LSTM": "LSTM", "GRU": "GRU", "Elman RNN": "Elman RNN", "Jordan RNN": "Jordan RNN",
                 "peephole LSTM": "带窥视孔的 LSTM", "coupled-gate LSTM": "输入门与遗忘门耦合的 LSTM",
                 "peephole coupled-gate LSTM": "带窥视孔、输入门与遗忘门耦合的 LSTM"},
        "no_module": "torch.nn 中没有 {kind}",
        "how_modules": "torch.nn 模块",
        "how_equations": "用纯 torch 逐条写出的公式",
        "header": "从 rnnviz 导出的 {kind}，重建方式：{how}。\n\n"
                  "用 `python {file}` 运行（只需要 PyTorch）：脚本输入下面的序列，\n"
                  "并打印每一步 t 网络算出的数值——与 rnnviz 显示的数值相同。\n\n"
                  "rnnviz 设置：{settings}\n",
        "weights_file": "# 权重太多，无法写在这里：从 {file}（rnnviz 导出的 .pt 文件）读取，\n"
                        "# 该文件必须与本脚本放在同一文件夹。\n",
        "weights_here": "# 权重，使用 torch 的参数名（与导出的 .pt 中的张量相同）。",
        "input": "# 输入序列：每行是一个时间步 x_t。\n",
        "x_batch": "# (批量=1, 步数, 输入)：batch_first=True",
        "input_ids": "# 输入序列：每步一个词元编号；嵌入矩阵中该编号的那一行就是这一步的 x_t。\n",
        "ids_batch": "# 嵌入后的编号：(批量=1, 步数, 输入)，batch_first=True",
        "ids_steps": "# 嵌入矩阵的第 ids[t] 行就是 x_t：(步数, 输入)",
        "whole": "# 一次读入整个序列：最后一层每一步的 h",
        "head_every": "# 输出层在每一步读取 h",
        "many_to_one": "# 多对一：只读出最后一步",
        "one_at_a_time": "# 每次输入一步并传递状态，得到相同的数值，并显示每一层的 h{and_c}。",
        "and_c": "和细胞状态 c",
        "state_shape": "# (层数, 批量, 大小)",
        "bidirectional": "# 双向：output[..., :H] 是正向，output[..., H:] 是反向，\n"
                         "# 反向从序列末尾开始读（两者都按时间顺序编号）。",
        "lstm_doc": '某一层、某一方向的一步 LSTM；sfx 选择所用的权重（"_l0"、"_l0_reverse"）。',
        "gate_order": "# torch 的门顺序",
        "i_not_stored": "：i 不单独存储",
        "peepholes": "# 窥视孔",
        "coupled": "# 耦合的门：新内容恰好填补被遗忘的部分",
        "o_peeks": "# o 窥视新的 c_t",
        "projection": "# 投影到 proj_size",
        "gru_doc": "一步 GRU（不使用 c）：torch 的公式，r 作用在候选值内部。",
        "rnn_doc": "一步 {kind}（不使用 c）；h 保存 {recurrent}。",
        "x_steps": "# (步数, 输入)",
        "jordan": "# Jordan：循环权重读取上一步的输出 y，而不是 h。",
        "record": "# (层, 方向, t) -> 该步的各个数值",
        "reverse_reads": "# 反向从末尾开始读",
    },
}


def _words(lang: str) -> dict:
    if lang not in _WORDS:
        raise ValueError(f"lang must be one of {', '.join(SCRIPT_LANGS)}, got {lang!r}")
    return _WORDS[lang]


# --- the state dict --------------------------------------------------------------------------------
def export_state_dict(net) -> OrderedDict[str, torch.Tensor]:
    """net.state_dict() with rnnviz's settings in _metadata (torch's slot for state-dict metadata)."""
    state = net.state_dict()
    state._metadata = OrderedDict({"": {"version": 1}, RNNVIZ_META: {"format": 1, "spec": net.spec.to_dict()}})
    return state


def state_dict_bytes(net) -> bytes:
    buffer = io.BytesIO()
    torch.save(export_state_dict(net), buffer)
    return buffer.getvalue()


def _module_call(spec: ModelSpec) -> str:
    args = f"input_size={spec.input_size}, hidden_size={spec.hidden_size}, num_layers={spec.num_layers}, " \
           f"bias={spec.bias}, batch_first=True, bidirectional={spec.bidirectional}"
    if spec.cell == "lstm":
        return f"nn.LSTM({args}, proj_size={spec.proj_size})"
    if spec.cell == "gru":
        return f"nn.GRU({args})"
    return f"nn.RNN({args}, nonlinearity={spec.nonlinearity!r})"


def _embedding_call(spec: ModelSpec) -> str:
    return f"nn.Embedding(num_embeddings={spec.vocab_size}, embedding_dim={spec.input_size})"


# The recurrent module's own tensors: everything but the head's and the embedding's.
_RNN_ONLY = '{k: v for k, v in STATE.items() if not k.startswith(("head.", "embedding."))}'
_EMBEDDING_LOAD = f'embedding.load_state_dict({{"weight": STATE["{EMBEDDING_WEIGHT}"]}})'


def _head_call(spec: ModelSpec) -> str:
    fan_in = spec.num_directions * spec.output_size
    return f"nn.Linear(in_features={fan_in}, out_features={spec.head.out_features}, bias={spec.head.bias})"


def loading_snippet(spec: ModelSpec, path: str = MODEL_FILE, lang: str = "en") -> str:
    """Python that loads the exported file into torch modules (or, for a variant, into rnnviz)."""
    w = _words(lang)
    if not spec.is_torch_native:
        comment = w["no_module"].format(kind=w["kind"][spec.kind_label])
        return (f"from rnnviz import Network\n"
                f"net = Network.from_checkpoint({path!r})  # {comment}\n")
    lines = ["import torch", "from torch import nn", "",
             f"state = torch.load({path!r}, weights_only=True)"]
    if spec.vocab_size:
        lines += [f"embedding = {_embedding_call(spec)}", _EMBEDDING_LOAD.replace("STATE", "state")]
    lines.append(f"rnn = {_module_call(spec)}")
    if spec.head is None and not spec.vocab_size:
        lines.append("rnn.load_state_dict(state)")
    else:
        lines.append(f"rnn.load_state_dict({_RNN_ONLY.replace('STATE', 'state')})")
    if spec.head is not None:
        lines += [f"head = {_head_call(spec)}",
                  'head.load_state_dict({k[len("head."):]: v for k, v in state.items() if k.startswith("head.")})']
    return "\n".join(lines) + "\n"


# --- number literals ---------------------------------------------------------------------------------
def _number(v) -> str:
    # The shortest text that reads back as the same float32 (torch.tensor rounds Python floats to float32).
    text = str(np.float32(v))
    return "0.0" if text == "-0.0" else text


def _literal(array: np.ndarray, indent: int) -> str:
    """A nested list, one row per line, long rows wrapped (whole numbers as ints: token ids)."""
    pad = " " * indent
    if array.ndim == 1:
        items = [str(int(v)) if array.dtype.kind in "iu" else _number(v) for v in array]
        lines, line = [], ""
        for item in items:
            if line and len(pad) + len(line) + len(item) > 110:
                lines.append(line.rstrip())
                line = ""
            line += item + ", "
        lines.append(line.rstrip().rstrip(","))
        return "[" + ("\n" + pad + " ").join(lines) + "]"
    rows = [_literal(row, indent + 4) for row in array]
    return "[\n" + "".join(f"{pad}    {r},\n" for r in rows) + pad + "]"


def _weights_block(net, embed: bool, w: dict) -> str:
    if not embed:
        return (w["weights_file"].format(file=MODEL_FILE) +
                "from pathlib import Path\n"
                f"weights = torch.load(Path(__file__).with_name({MODEL_FILE!r}), weights_only=True)\n")
    parts = [w["weights_here"], "WEIGHTS = {"]
    for name, tensor in net.state_dict().items():
        parts.append(f"    {name!r}: {_literal(tensor.numpy(), 4)},")
    parts.append("}")
    parts.append("weights = {name: torch.tensor(values, dtype=torch.float32) for name, values in WEIGHTS.items()}")
    return "\n".join(parts) + "\n"


def _input_block(x: np.ndarray, w: dict) -> str:
    if x.ndim == 1:  # token ids
        return w["input_ids"] + f"IDS = {_literal(x, 0)}\n"
    return (w["input"] +
            f"X = {_literal(x, 0)}\n")


_SHOW = '''

def show(label, values):
    print(f"  {label} =", " ".join(f"{v: .6f}" for v in values.tolist()))

'''


# --- the script ----------------------------------------------------------------------------------------
def pytorch_script(net, x, style: str = "auto", lang: str = "en") -> str:
    """A runnable script that rebuilds `net`, feeds the sequence x (T, input_size) and prints every step.

    style: "modules" (nn.LSTM / nn.GRU / nn.RNN, torch-native networks only), "equations" (the cell's
    equations in plain torch, any network) or "auto" (modules when torch has them).
    lang: the language of the comments ("en" or "zh"); the code and what it prints are the same.
    """
    w = _words(lang)
    spec: ModelSpec = net.spec
    if style not in ("auto", "modules", "equations"):
        raise ValueError(f"style must be auto, modules or equations, got {style!r}")
    if style == "modules" and not spec.is_torch_native:
        raise ValueError(f"torch.nn has no module for a {spec.kind_label}; use style='equations'")
    # checked like any trace input: token ids (T,) for a network with an embedding, else vectors (T, input_size)
    x, _ = coerce_token_ids(spec, x) if spec.vocab_size else coerce_sequence(spec, x)
    if x.shape[0] != 1:
        shape = "(T,) token ids" if spec.vocab_size else "(T, input_size)"
        raise ValueError(f"a script feeds one sequence {shape}; got a batch of {x.shape[0]}")
    x = x[0].numpy()
    if x.size > EMBED_INPUT_LIMIT:
        raise ValueError(f"the sequence has {x.size:,} numbers; a script embeds at most {EMBED_INPUT_LIMIT:,}")
    embed = net.num_parameters() <= EMBED_WEIGHTS_LIMIT
    use_modules = spec.is_torch_native and style != "equations"
    body = _modules_script(spec, w) if use_modules else _equations_script(spec, w)
    how = w["how_modules"] if use_modules else w["how_equations"]
    settings = json.dumps(spec.to_dict(), sort_keys=True)
    header = '"""' + w["header"].format(kind=w["kind"][spec.kind_label], how=how, file=SCRIPT_FILE,
                                        settings=settings) + '"""\n'
    imports = "import torch\nfrom torch import nn\n" if use_modules else "import torch\n"
    return "\n".join([header + imports, "torch.set_grad_enabled(False)", "",
                      _weights_block(net, embed, w), _input_block(x, w), body])


def _modules_script(spec: ModelSpec, w: dict) -> str:
    L, H_out = spec.num_layers, spec.output_size
    lines = [f"rnn = {_module_call(spec)}",
             f"rnn.load_state_dict({_RNN_ONLY.replace('STATE', 'weights')})"]
    if spec.head is not None:
        lines += [f"head = {_head_call(spec)}",
                  'head.load_state_dict({k[len("head."):]: v for k, v in weights.items() if k.startswith("head.")})']
    if spec.vocab_size:
        lines += [f"embedding = {_embedding_call(spec)}", _EMBEDDING_LOAD.replace("STATE", "weights"),
                  "x = embedding(torch.tensor(IDS).unsqueeze(0))  " + w["ids_batch"]]
    else:
        lines.append("x = torch.tensor(X, dtype=torch.float32).unsqueeze(0)  " + w["x_batch"])
    lines += [_SHOW,
              "output, final = rnn(x)  " + w["whole"]]
    if spec.head is not None:
        act = _HEAD_ACT[spec.head.activation]
        if spec.head.every_step:
            lines.append(f"y = {act.format('head(output)')}  " + w["head_every"])
        else:
            lines.append(f"y = {act.format('head(output[:, -1])')}  " + w["many_to_one"])
    if not spec.bidirectional:
        state_names = "h_t, c_t = state" if spec.cell == "lstm" else "h_t = state"
        lines += ["",
                  w["one_at_a_time"].format(and_c=w["and_c"] if spec.cell == "lstm" else ""),
                  "state = None",
                  "for t in range(x.shape[1]):",
                  "    out_t, state = rnn(x[:, t:t + 1], state)",
                  f"    {state_names}  " + w["state_shape"],
                  '    print(f"t={t}")',
                  f"    for layer in range({L}):",
                  '        show(f"h[l{layer}]", h_t[layer, 0])']
        if spec.cell == "lstm":
            lines.append('        show(f"c[l{layer}]", c_t[layer, 0])')
        if spec.head is not None and spec.head.every_step:
            lines.append('    show("y", y[0, t])')
        lines += ["    assert torch.allclose(out_t[0, 0], output[0, t], atol=1e-5)"]
    else:
        lines += ["",
                  w["bidirectional"],
                  "for t in range(x.shape[1]):",
                  '    print(f"t={t}")',
                  f'    show("h[l{L - 1}]", output[0, t, :{H_out}])',
                  f'    show("h[l{L - 1} reverse]", output[0, t, {H_out}:])']
        if spec.head is not None and spec.head.every_step:
            lines.append('    show("y", y[0, t])')
    if spec.head is not None and not spec.head.every_step:
        lines += ['print("last step")', 'show("y", y[0])']
    return "\n".join(lines) + "\n"


def _step_function(spec: ModelSpec, w: dict) -> list[str]:
    H = spec.hidden_size
    bias = spec.bias

    def affine(role_w: str, role_b: str, v: str) -> str:
        term = f'W["{role_w}" + sfx] @ {v}'
        return term + (f' + W["{role_b}" + sfx]' if bias else "")

    if spec.cell == "lstm":
        blocks = ", ".join(f"{b}_pre" for b in spec.gate_blocks)
        out = ["def step(x_t, h, c, sfx):",
               f'    """{w["lstm_doc"]}"""',
               f"    pre = {affine('weight_ih', 'bias_ih', 'x_t')} + {affine('weight_hh', 'bias_hh', 'h')}",
               f"    {blocks} = pre.split({H})  " + w["gate_order"] + (w["i_not_stored"] if spec.coupled else "")]
        peep = {}
        if spec.peephole:
            names = [b for b in spec.gate_blocks if b != "g"]
            out.append(f"    {', '.join('w_c' + b for b in names)} = W[\"weight_ch\" + sfx].split({H})  "
                       + w["peepholes"])
            peep = {b: f"w_c{b}" for b in names}
        f_in = "f_pre" + (" + w_cf * c" if "f" in peep else "")
        out.append(f"    f = torch.sigmoid({f_in})")
        if spec.coupled:
            out.append("    i = 1 - f  " + w["coupled"])
        else:
            i_in = "i_pre" + (" + w_ci * c" if "i" in peep else "")
            out.append(f"    i = torch.sigmoid({i_in})")
        out += [f"    g = {_ACT[spec.cell_activation].format('g_pre')}",
                "    c = f * c + i * g",
                f"    o = torch.sigmoid(o_pre{' + w_co * c' if 'o' in peep else ''})"
                + ("  " + w["o_peeks"] if "o" in peep else ""),
                f"    m = o * {_ACT[spec.output_activation].format('c')}"]
        if spec.proj_size:
            out.append('    h = W["weight_hr" + sfx] @ m  ' + w["projection"])
        else:
            out.append("    h = m")
        out.append('    return {"i": i, "f": f, "g": g, "o": o, "c": c, "h": h}')
        return out
    if spec.cell == "gru":
        return ["def step(x_t, h, c, sfx):",
                f'    """{w["gru_doc"]}"""',
                f"    i_r, i_z, i_n = ({affine('weight_ih', 'bias_ih', 'x_t')}).split({H})",
                f"    h_r, h_z, h_n = ({affine('weight_hh', 'bias_hh', 'h')}).split({H})",
                "    r = torch.sigmoid(i_r + h_r)",
                "    z = torch.sigmoid(i_z + h_z)",
                "    n = torch.tanh(i_n + r * h_n)",
                '    return {"r": r, "z": z, "n": n, "h": (1 - z) * n + z * h}']
    recurrent = "y_{t-1}" if spec.cell == "jordan" else "h_{t-1}"
    return ["def step(x_t, h, c, sfx):",
            '    """' + w["rnn_doc"].format(kind=w["kind"][spec.kind_label], recurrent=recurrent) + '"""',
            f"    pre = {affine('weight_ih', 'bias_ih', 'x_t')} + {affine('weight_hh', 'bias_hh', 'h')}",
            f'    return {{"h": {_ACT[spec.nonlinearity].format("pre")}}}']


def _equations_script(spec: ModelSpec, w: dict) -> str:
    D, L = spec.num_directions, spec.num_layers
    quantities = list(spec.quantities)
    head = spec.head
    x = f'W["{EMBEDDING_WEIGHT}"][torch.tensor(IDS)]  ' + w["ids_steps"] if spec.vocab_size else \
        "torch.tensor(X, dtype=torch.float32)  " + w["x_steps"]
    lines = ["W = weights",
             "x = " + x,
             "T = x.shape[0]", _SHOW, ""]
    lines += _step_function(spec, w)
    if head is not None:
        affine = 'W["head.weight"] @ h' + (' + W["head.bias"]' if head.bias else "")
        lines += ["", "", "def readout(h):", "    return " + _HEAD_ACT[head.activation].format(affine)]
    lines += ["", ""]
    if spec.cell == "jordan":
        lines += [w["jordan"],
                  f"y = torch.zeros({head.out_features})",
                  "record, ys = {}, []",
                  "for t in range(T):",
                  '    record[(0, 0, t)] = step(x[t], y, None, "_l0")',
                  '    y = readout(record[(0, 0, t)]["h"])',
                  "    ys.append(y)"]
    else:
        c0 = f"torch.zeros({spec.hidden_size})" if spec.cell == "lstm" else "None"
        lines += ["record = {}  " + w["record"],
                  "inputs = list(x)",
                  f"for layer in range({L}):",
                  f"    for direction in range({D}):",
                  '        sfx = f"_l{layer}" + ("_reverse" if direction else "")',
                  f"        h, c = torch.zeros({spec.output_size}), {c0}",
                  "        for t in (reversed(range(T)) if direction else range(T)):  " + w["reverse_reads"],
                  "            record[(layer, direction, t)] = out = step(inputs[t], h, c, sfx)",
                  '            h, c = out["h"], out.get("c")',
                  f'    inputs = [torch.cat([record[(layer, d, t)]["h"] for d in range({D})]) for t in range(T)]']
        if head is not None:
            lines.append("ys = [readout(v) for v in inputs]" if head.every_step
                         else "ys = [readout(inputs[-1])]  " + w["many_to_one"])
    layers = [(layer, d) for layer in range(L) for d in range(D)]
    lines += ["", "for t in range(T):", '    print(f"t={t}")',
              f"    for layer, direction in {layers}:",
              '        where = f"l{layer}" + (" reverse" if direction else "")',
              f"        for q in {tuple(quantities)}:",
              '            show(f"{q}[{where}]", record[(layer, direction, t)][q])']
    if head is not None and head.every_step:
        lines.append('    show("y", ys[t])')
    if head is not None and not head.every_step:
        lines += ['print("last step")', 'show("y", ys[0])']
    return "\n".join(lines) + "\n"


def parse_script_output(text: str) -> dict:
    """The numbers a generated script prints: {(t or 'last', label): [values]} (for tests and comparisons)."""
    found, t = {}, None
    for line in text.splitlines():
        if line.startswith("t="):
            t = int(line[2:])
        elif line.strip() == "last step":
            t = "last"
        elif line.startswith("  ") and " = " in line:
            label, _, numbers = line.strip().partition(" = ")
            found[(t, label)] = [float(v) for v in numbers.split()]
    return found


# --- the trace as a table --------------------------------------------------------------------------------
def trace_csv(trace) -> bytes:
    return trace.frame().to_csv(index=False).encode()


def trace_parquet(trace) -> bytes:
    buffer = io.BytesIO()
    trace.frame().to_parquet(buffer, index=False)
    return buffer.getvalue()
