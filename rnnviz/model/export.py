"""Take your work away: the weights as a torch state dict, and a runnable PyTorch script.

state_dict_bytes(net): torch.save of net.state_dict() - torch's own names (weight_ih_l0, ...) at the top
level, so the file loads straight into the matching nn.LSTM / nn.GRU / nn.RNN with load_state_dict; a head
sits under "head." (load it into nn.Linear after stripping the prefix; loading_snippet() writes both out).
rnnviz's own settings ride along in the state dict's _metadata, where torch keeps its version numbers and
load_state_dict never looks for them: a file exported here and imported again is the same network, even the
parts a state dict cannot say (activations, many-to-one, the LSTM variants).

pytorch_script(net, x): a self-contained script that rebuilds the network, feeds x and prints h (and c, y,
and for the written-out equations every gate) at every step, to six decimals. Torch-native networks are
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
from .inputs import coerce_sequence
from .spec import ModelSpec

EMBED_WEIGHTS_LIMIT = 50_000  # more numbers than this: the script loads the .pt next to it instead
EMBED_INPUT_LIMIT = 50_000  # the sequence is always embedded; longer ones are refused
MODEL_FILE = "rnnviz_model.pt"
SCRIPT_FILE = "rnnviz_model.py"
_ACT = {"tanh": "torch.tanh({})", "sigmoid": "torch.sigmoid({})", "relu": "torch.relu({})", "identity": "{}"}
_HEAD_ACT = {"identity": "{}", "sigmoid": "torch.sigmoid({})", "softmax": "torch.softmax({}, dim=-1)"}


# --- the state dict --------------------------------------------------------------------------------
def export_state_dict(net) -> "OrderedDict[str, torch.Tensor]":
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


def _head_call(spec: ModelSpec) -> str:
    fan_in = spec.num_directions * spec.output_size
    return f"nn.Linear(in_features={fan_in}, out_features={spec.head.out_features}, bias={spec.head.bias})"


def loading_snippet(spec: ModelSpec, path: str = MODEL_FILE) -> str:
    """Python that loads the exported file into torch modules (or, for a variant, into rnnviz)."""
    if not spec.is_torch_native:
        return (f"from rnnviz import Network\n"
                f"net = Network.from_checkpoint({path!r})  # torch.nn has no {spec.kind_label}\n")
    lines = ["import torch", "from torch import nn", "",
             f"state = torch.load({path!r}, weights_only=True)",
             f"rnn = {_module_call(spec)}"]
    if spec.head is None:
        lines.append("rnn.load_state_dict(state)")
    else:
        lines += ['rnn.load_state_dict({k: v for k, v in state.items() if not k.startswith("head.")})',
                  f"head = {_head_call(spec)}",
                  'head.load_state_dict({k[len("head."):]: v for k, v in state.items() if k.startswith("head.")})']
    return "\n".join(lines) + "\n"


# --- number literals ---------------------------------------------------------------------------------
def _number(v) -> str:
    # The shortest text that reads back as the same float32 (torch.tensor rounds Python floats to float32).
    text = str(np.float32(v))
    return "0.0" if text == "-0.0" else text


def _literal(array: np.ndarray, indent: int) -> str:
    """A nested list, one row per line, long rows wrapped."""
    pad = " " * indent
    if array.ndim == 1:
        items = [_number(v) for v in array]
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


def _weights_block(net, embed: bool) -> str:
    if not embed:
        return (f"# The weights are too many to print here: they load from {MODEL_FILE} (the .pt rnnviz exports),\n"
                "# which must sit next to this script.\n"
                "from pathlib import Path\n"
                f"weights = torch.load(Path(__file__).with_name({MODEL_FILE!r}), weights_only=True)\n")
    parts = ["# The weights, by torch's names (the same tensors as the exported .pt).", "WEIGHTS = {"]
    for name, tensor in net.state_dict().items():
        parts.append(f"    {name!r}: {_literal(tensor.numpy(), 4)},")
    parts.append("}")
    parts.append("weights = {name: torch.tensor(values, dtype=torch.float32) for name, values in WEIGHTS.items()}")
    return "\n".join(parts) + "\n"


def _input_block(x: np.ndarray) -> str:
    return ("# The input sequence: one row per step x_t.\n"
            f"X = {_literal(x, 0)}\n")


_SHOW = '''

def show(label, values):
    print(f"  {label} =", " ".join(f"{v: .6f}" for v in values.tolist()))

'''


# --- the script ----------------------------------------------------------------------------------------
def pytorch_script(net, x, style: str = "auto") -> str:
    """A runnable script that rebuilds `net`, feeds the sequence x (T, input_size) and prints every step.

    style: "modules" (nn.LSTM / nn.GRU / nn.RNN, torch-native networks only), "equations" (the cell's
    equations in plain torch, any network) or "auto" (modules when torch has them).
    """
    spec: ModelSpec = net.spec
    if style not in ("auto", "modules", "equations"):
        raise ValueError(f"style must be auto, modules or equations, got {style!r}")
    if style == "modules" and not spec.is_torch_native:
        raise ValueError(f"torch.nn has no module for a {spec.kind_label}; use style='equations'")
    x, _ = coerce_sequence(spec, x)  # checked like any trace input
    if x.shape[0] != 1:
        raise ValueError(f"a script feeds one sequence (T, input_size); got a batch of {x.shape[0]}")
    x = x[0].numpy()
    if x.size > EMBED_INPUT_LIMIT:
        raise ValueError(f"the sequence has {x.size:,} numbers; a script embeds at most {EMBED_INPUT_LIMIT:,}")
    embed = net.num_parameters() <= EMBED_WEIGHTS_LIMIT
    use_modules = spec.is_torch_native and style != "equations"
    body = _modules_script(spec) if use_modules else _equations_script(spec)
    how = "torch.nn modules" if use_modules else "its equations written out in plain torch"
    settings = json.dumps(spec.to_dict(), sort_keys=True)
    header = (f'"""{spec.kind_label} exported from rnnviz, rebuilt with {how}.\n\n'
              f"Run it with `python {SCRIPT_FILE}` (it needs only PyTorch): it feeds the sequence below and\n"
              "prints, for every step t, what the network computes - the same numbers rnnviz shows.\n\n"
              f"rnnviz settings: {settings}\n"
              '"""\n')
    imports = "import torch\nfrom torch import nn\n" if use_modules else "import torch\n"
    return "\n".join([header + imports, "torch.set_grad_enabled(False)", "",
                      _weights_block(net, embed), _input_block(x), body])


def _modules_script(spec: ModelSpec) -> str:
    L, H_out = spec.num_layers, spec.output_size
    lines = [f"rnn = {_module_call(spec)}",
             'rnn.load_state_dict({k: v for k, v in weights.items() if not k.startswith("head.")})']
    if spec.head is not None:
        lines += [f"head = {_head_call(spec)}",
                  'head.load_state_dict({k[len("head."):]: v for k, v in weights.items() if k.startswith("head.")})']
    lines += ["x = torch.tensor(X, dtype=torch.float32).unsqueeze(0)  # (batch=1, steps, inputs): batch_first=True",
              _SHOW,
              "output, final = rnn(x)  # the whole sequence at once: the last layer's h at every step"]
    if spec.head is not None:
        act = _HEAD_ACT[spec.head.activation]
        if spec.head.every_step:
            lines.append(f"y = {act.format('head(output)')}  # the head reads h at every step")
        else:
            lines.append(f"y = {act.format('head(output[:, -1])')}  # many-to-one: only the last step is read out")
    if not spec.bidirectional:
        state_names = "h_t, c_t = state" if spec.cell == "lstm" else "h_t = state"
        lines += ["",
                  "# Feeding one step at a time, carrying the state, gives the same numbers and shows every layer's h"
                  + (" and the cell state c" if spec.cell == "lstm" else "") + ".",
                  "state = None",
                  "for t in range(x.shape[1]):",
                  "    out_t, state = rnn(x[:, t:t + 1], state)",
                  f"    {state_names}  # (num_layers, batch, size)",
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
                  "# Bidirectional: output[..., :H] is the forward direction, output[..., H:] the reverse one,",
                  "# which read the sequence from its end (both indexed in time order).",
                  "for t in range(x.shape[1]):",
                  '    print(f"t={t}")',
                  f'    show("h[l{L - 1}]", output[0, t, :{H_out}])',
                  f'    show("h[l{L - 1} reverse]", output[0, t, {H_out}:])']
        if spec.head is not None and spec.head.every_step:
            lines.append('    show("y", y[0, t])')
    if spec.head is not None and not spec.head.every_step:
        lines += ['print("last step")', 'show("y", y[0])']
    return "\n".join(lines) + "\n"


def _step_function(spec: ModelSpec) -> list[str]:
    H = spec.hidden_size
    bias = spec.bias

    def affine(role_w: str, role_b: str, v: str) -> str:
        term = f'W["{role_w}" + sfx] @ {v}'
        return term + (f' + W["{role_b}" + sfx]' if bias else "")

    if spec.cell == "lstm":
        blocks = ", ".join(f"{b}_pre" for b in spec.gate_blocks)
        out = ["def step(x_t, h, c, sfx):",
               f'    """One LSTM step of one layer and direction; sfx picks its weights ("_l0", "_l0_reverse")."""',
               f"    pre = {affine('weight_ih', 'bias_ih', 'x_t')} + {affine('weight_hh', 'bias_hh', 'h')}",
               f"    {blocks} = pre.split({H})  # torch's gate order" + (": i is not stored" if spec.coupled else "")]
        peep = {}
        if spec.peephole:
            names = [b for b in spec.gate_blocks if b != "g"]
            out.append(f"    {', '.join('w_c' + b for b in names)} = W[\"weight_ch\" + sfx].split({H})  # peepholes")
            peep = {b: f"w_c{b}" for b in names}
        f_in = "f_pre" + (" + w_cf * c" if "f" in peep else "")
        out.append(f"    f = torch.sigmoid({f_in})")
        if spec.coupled:
            out.append("    i = 1 - f  # coupled gates: the new content fills exactly what was forgotten")
        else:
            i_in = "i_pre" + (" + w_ci * c" if "i" in peep else "")
            out.append(f"    i = torch.sigmoid({i_in})")
        out += [f"    g = {_ACT[spec.cell_activation].format('g_pre')}",
                "    c = f * c + i * g",
                f"    o = torch.sigmoid(o_pre{' + w_co * c' if 'o' in peep else ''})"
                + ("  # o peeks at the new c_t" if "o" in peep else ""),
                f"    m = o * {_ACT[spec.output_activation].format('c')}"]
        if spec.proj_size:
            out.append('    h = W["weight_hr" + sfx] @ m  # projection to proj_size')
        else:
            out.append("    h = m")
        out.append('    return {"i": i, "f": f, "g": g, "o": o, "c": c, "h": h}')
        return out
    if spec.cell == "gru":
        return ["def step(x_t, h, c, sfx):",
                '    """One GRU step (c is unused): torch\'s equations, r applied inside the candidate."""',
                f"    i_r, i_z, i_n = ({affine('weight_ih', 'bias_ih', 'x_t')}).split({H})",
                f"    h_r, h_z, h_n = ({affine('weight_hh', 'bias_hh', 'h')}).split({H})",
                "    r = torch.sigmoid(i_r + h_r)",
                "    z = torch.sigmoid(i_z + h_z)",
                "    n = torch.tanh(i_n + r * h_n)",
                '    return {"r": r, "z": z, "n": n, "h": (1 - z) * n + z * h}']
    recurrent = "y_{t-1}" if spec.cell == "jordan" else "h_{t-1}"
    return ["def step(x_t, h, c, sfx):",
            f'    """One {spec.kind_label} step (c is unused); h holds {recurrent}."""',
            f"    pre = {affine('weight_ih', 'bias_ih', 'x_t')} + {affine('weight_hh', 'bias_hh', 'h')}",
            f'    return {{"h": {_ACT[spec.nonlinearity].format("pre")}}}']


def _equations_script(spec: ModelSpec) -> str:
    D, L = spec.num_directions, spec.num_layers
    quantities = list(spec.quantities)
    head = spec.head
    lines = ["W = weights",
             "x = torch.tensor(X, dtype=torch.float32)  # (steps, inputs)",
             "T = x.shape[0]", _SHOW, ""]
    lines += _step_function(spec)
    if head is not None:
        affine = 'W["head.weight"] @ h' + (' + W["head.bias"]' if head.bias else "")
        lines += ["", "", "def readout(h):", "    return " + _HEAD_ACT[head.activation].format(affine)]
    lines += ["", ""]
    if spec.cell == "jordan":
        lines += ["# Jordan: the recurrent weights read the previous output y, not h.",
                  f"y = torch.zeros({head.out_features})",
                  "record, ys = {}, []",
                  "for t in range(T):",
                  '    record[(0, 0, t)] = step(x[t], y, None, "_l0")',
                  '    y = readout(record[(0, 0, t)]["h"])',
                  "    ys.append(y)"]
    else:
        c0 = f"torch.zeros({spec.hidden_size})" if spec.cell == "lstm" else "None"
        lines += ["record = {}  # (layer, direction, t) -> the step's values",
                  "inputs = list(x)",
                  f"for layer in range({L}):",
                  f"    for direction in range({D}):",
                  '        sfx = f"_l{layer}" + ("_reverse" if direction else "")',
                  f"        h, c = torch.zeros({spec.output_size}), {c0}",
                  "        for t in (reversed(range(T)) if direction else range(T)):  # the reverse one reads from the end",
                  "            record[(layer, direction, t)] = out = step(inputs[t], h, c, sfx)",
                  '            h, c = out["h"], out.get("c")',
                  f'    inputs = [torch.cat([record[(layer, d, t)]["h"] for d in range({D})]) for t in range(T)]']
        if head is not None:
            lines.append("ys = [readout(v) for v in inputs]" if head.every_step
                         else "ys = [readout(inputs[-1])]  # many-to-one: only the last step is read out")
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
