"""Bring your own model: read a PyTorch checkpoint without running code from it, and work out its network.

A .pt/.pth file from torch.save is a zip archive holding a pickle. Unpickling can call any Python
function the file names, so a checkpoint is never unpickled the ordinary way here:

1. read_checkpoint() checks the bytes first: a size cap, the zip format torch.save writes (the legacy
   format is refused: it sizes tensors from the file's own claims before reading them), no TorchScript
   code, a bounded unpacked size and intact checksums;
2. then torch.load(weights_only=True), whose unpickler only builds tensors and plain containers;
3. then every tensor is checked again: real floating-point numbers, finite, shapes that fit one network.
Every refusal is a ValueError saying what the file holds and what to save instead.
A .safetensors file (named tensors and nothing else) is read by rnnviz/model/safetensors_file.py instead of 1-2.

infer_spec() reads the network from the tensor names and shapes alone (torch's names: weight_ih_l0,
weight_hh_l0, bias_ih_l0, bias_hh_l0, *_reverse, weight_hr_l0), wherever they sit in the file
("lstm.", "model.rnn.", {"model_state_dict": ...}); what a state dict cannot say (an RNN's
nonlinearity, the head's activation, many-to-one or not) is listed as ambiguous, with a default.
An nn.Embedding in front of the recurrent module (a (vocab_size, input_size) weight with no bias, whatever its
name: encoder, embedding, word_embeddings, ...) becomes the network's embedding input stage.
"""
from __future__ import annotations

import io
import os
import pickle
import pickletools
import re
import warnings
import zipfile
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

import torch

from .safetensors_file import looks_like_safetensors, read_safetensors
from .spec import HeadSpec, ModelSpec

# Matches .streamlit/config.toml (server.maxUploadSize = 20, in MB).
MAX_BYTES = 20 * 1024 * 1024
AUTO = "auto"  # infer_spec(head=AUTO): the best-fitting Linear layer, if any
RNNVIZ_META = "rnnviz"  # the key export.py writes into the state dict's _metadata (torch ignores it)

_ROLES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr", "weight_ch")
_RNN_KEY = re.compile(r"^(?P<prefix>(?:.*\.)?)(?P<role>" + "|".join(_ROLES) + r")"
                      r"(?P<suffix>_l(?P<layer>\d+)(?P<reverse>_reverse)?)?$")
# Names training scripts give a readout layer, best first; an embedding is never a head.
_HEAD_HINTS = ("head", "linear", "fc", "out", "output", "decoder", "classifier", "readout", "dense", "proj")
# Words in the names training scripts give an nn.Embedding (word_embeddings, tok_emb, wte, encoder, src_embed).
_EMBEDDING_WORDS = ("emb", "encoder", "enc", "wte", "tok", "token", "lookup")
_MAX_DEPTH = 8


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _shape(t: torch.Tensor) -> str:
    return " × ".join(map(str, t.shape)) if t.dim() else "a single number"


# --- reading the file ------------------------------------------------------------------------------
def _read_bytes(source, max_bytes: int) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        try:
            size = os.path.getsize(source)
        except OSError as err:
            raise ValueError(f"cannot read the checkpoint {os.fspath(source)!r}: {err.strerror or err}") from None
        if size > max_bytes:
            raise ValueError(f"the file is {_mb(size)}; checkpoints of at most {_mb(max_bytes)} are read")
        with open(source, "rb") as f:
            data = f.read(max_bytes + 1)
    elif hasattr(source, "read"):  # an open binary file or Streamlit's UploadedFile
        data = source.read(max_bytes + 1)
        if not isinstance(data, bytes):
            raise ValueError("the checkpoint must be opened in binary mode ('rb')")
    else:
        raise ValueError(f"a checkpoint is read from bytes, a path or a binary file, got {type(source).__name__}")
    if len(data) > max_bytes:
        raise ValueError(f"the file is larger than {_mb(max_bytes)}; checkpoints of at most {_mb(max_bytes)} are read")
    if not data:
        raise ValueError("the file is empty")
    return data


_RESAVE = "save the weights with torch.save(model.state_dict(), 'model.pt') instead"


def _check_archive(data: bytes, max_bytes: int) -> None:
    """Refuse before unpickling anything: not a torch.save zip, TorchScript, zip bombs, damaged archives."""
    if not data.startswith(b"PK\x03\x04"):
        if data[:1] == b"\x80" or data[:2] in (b"(d", b"}q"):
            what = "a plain Python pickle or a checkpoint in PyTorch's legacy (before 1.6) format"
        else:
            what = "not a PyTorch checkpoint"
        raise ValueError(f"this file is {what}. rnnviz reads the zip format torch.save has written since "
                         f"PyTorch 1.6 (.pt/.pth) and safetensors files; {_RESAVE}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise ValueError(f"the file is damaged or cut short (not a complete zip archive: {err})") from None
    names = [info.filename for info in infos]
    inner = [n.split("/", 1)[1] if "/" in n else n for n in names]
    if any(n.startswith("code/") or n == "constants.pkl" for n in inner):
        raise ValueError("this is a TorchScript archive (torch.jit.save): it holds compiled code, not just "
                         f"weights, and is not loaded; {_RESAVE}")
    if "data.pkl" not in inner:
        raise ValueError(f"this zip archive is not a torch.save checkpoint (it has no data.pkl); {_RESAVE}")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > max_bytes:
        raise ValueError(f"the archive unpacks to {_mb(unpacked)}; at most {_mb(max_bytes)} is read")
    try:
        bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as err:
        raise ValueError(f"the file is damaged or cut short ({err})") from None
    if bad is not None:
        raise ValueError(f"the file is damaged: {bad} fails its checksum")


def _pickles_a_module(data: bytes) -> bool:
    """Whether the checkpoint's pickle builds an nn.Module: read its opcodes as data, without running them."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        name = next(n for n in archive.namelist() if n.endswith("data.pkl"))
        strings = {arg for _, arg, _ in pickletools.genops(archive.read(name)) if isinstance(arg, str)}
    except Exception:  # noqa: BLE001 - only a better message is at stake
        return False
    return {"_parameters", "_modules"} <= strings


def _explain_unpickling(err: Exception, data: bytes) -> str:
    text = str(err)
    found = re.search(r"GLOBAL ([\w.]+)", text)
    if found:
        name = found.group(1)
        if name.startswith("torch.nn.") or _pickles_a_module(data):
            return (f"this file holds a whole pickled model object ({name}), not just its weights. Unpickling "
                    f"it would run code from the file, so it is refused; {_RESAVE}")
        return (f"this file holds a pickled Python object ({name}) besides tensors. Unpickling it could run "
                f"code from the file, so it is refused; {_RESAVE}")
    detail = next((line.strip() for line in text.splitlines() if "Unsupported" in line), "")
    return ("this file's pickle holds something other than tensors, numbers, strings and containers, so it is "
            f"refused{f' ({detail})' if detail else ''}; {_RESAVE}")


def _torch_load(data: bytes):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # protocol and TorchScript warnings: the outcome is reported below
            return torch.load(io.BytesIO(data), weights_only=True, map_location="cpu")
    except pickle.UnpicklingError as err:
        raise ValueError(_explain_unpickling(err, data)) from None
    except Exception as err:  # noqa: BLE001 - torch raises RuntimeError, EOFError, KeyError ... on bad files
        first = (str(err).strip().splitlines() or [type(err).__name__])[0][:200]
        if "TorchScript" in first:
            raise ValueError(f"this is a TorchScript archive (torch.jit.save); {_RESAVE}") from None
        raise ValueError("the file could not be read as a PyTorch checkpoint (damaged or cut short?): "
                         f"{first}") from None


def _is_optimizer_state(obj) -> bool:
    return isinstance(obj, Mapping) and "state" in obj and "param_groups" in obj


def _collect(obj, path: str, depth: int, tensors: dict, notes: list, meta: dict) -> None:
    found = getattr(obj, "_metadata", None)
    if isinstance(found, Mapping) and isinstance(found.get(RNNVIZ_META), Mapping) and "prefix" not in meta:
        meta.update(found[RNNVIZ_META], prefix=path)
    skipped = []
    for key, value in obj.items():
        if not isinstance(key, str):
            skipped.append(repr(key))
            continue
        name = path + key
        if isinstance(value, torch.Tensor):
            if value.is_meta:  # saved from a model built on the "meta" device: shapes without numbers
                raise ValueError(f"{name!r} has a shape but no numbers (a tensor on PyTorch's meta device); save "
                                 "the state dict of a model whose weights were initialised or trained")
            tensors[name] = value
        elif isinstance(value, Mapping):
            if _is_optimizer_state(value):
                notes.append(f"skipped an optimizer state under {name!r}")
            elif depth < _MAX_DEPTH:
                _collect(value, name + ".", depth + 1, tensors, notes, meta)
        else:
            skipped.append(name)
    if skipped:
        shown = ", ".join(skipped[:6]) + (", ..." if len(skipped) > 6 else "")
        notes.append(f"ignored entries that are not tensors: {shown}")


def read_checkpoint(source, max_bytes: int = MAX_BYTES) -> tuple[OrderedDict[str, torch.Tensor], list[str]]:
    """Every tensor in a checkpoint (bytes, a path or a binary file) by dotted name, and notes on what was skipped.

    Nothing in the file is executed. Nested checkpoints ({"model_state_dict": ..., "epoch": 3}) are searched;
    optimizer states inside are skipped. A safetensors file is read as its flat names. Raises ValueError for
    everything that is not weights.
    """
    data = _read_bytes(source, max_bytes)
    if looks_like_safetensors(data):
        return read_safetensors(data), []
    _check_archive(data, max_bytes)
    obj = _torch_load(data)
    if isinstance(obj, torch.Tensor):
        raise ValueError("this file holds a single tensor, not a state dict of named tensors; "
                         f"{_RESAVE}")
    if not isinstance(obj, Mapping):
        raise ValueError(f"this file holds a {type(obj).__name__}, not a state dict of named tensors; {_RESAVE}")
    if _is_optimizer_state(obj):
        raise ValueError("this is an optimizer's state (optimizer.state_dict()): its tensors are momentum and "
                         f"statistics, not the model's weights; {_RESAVE}")
    tensors: OrderedDict[str, torch.Tensor] = OrderedDict()
    notes: list[str] = []
    meta: dict = {}
    _collect(obj, "", 0, tensors, notes, meta)
    if not tensors:
        raise ValueError(f"this file holds no tensors; {_RESAVE}")
    if meta:
        tensors._metadata = OrderedDict({RNNVIZ_META: meta})  # torch's own place for state-dict metadata
    return tensors, notes


# --- which network the tensors make up -------------------------------------------------------------------
@dataclass(frozen=True)
class Inference:
    """What a checkpoint holds, as rnnviz reads it.

    spec        the network (ambiguous parts at their defaults, or as chosen)
    weights     torch's / rnnviz's names -> float32 tensors, ready for Network.load_state_dict
    module      where the recurrent module sits in the file ("" = top level, "lstm.", "model.rnn.")
    head        where the Linear read-out sits ("linear.", "fc."), or None
    modules     every recurrent module found (a choice when there are several)
    heads       every Linear layer that fits the chosen module as its head
    embedding   where the nn.Embedding in front sits ("encoder.", "word_embeddings."), or None
    embeddings  every tensor that fits the chosen module as its embedding
    ambiguous   what the tensors cannot say, in the order to ask: module, head, embedding, cell, nonlinearity,
                head_activation, every_step, cell_activation, output_activation
    evidence    setting -> the tensor names and shapes that show it
    notes       what was skipped, converted or ignored
    from_rnnviz whether rnnviz wrote the file (then its saved spec settles every ambiguity)
    """

    spec: ModelSpec
    weights: dict
    module: str
    head: str | None
    modules: tuple[str, ...]
    heads: tuple[str, ...]
    ambiguous: tuple[str, ...]
    evidence: dict
    notes: tuple[str, ...]
    from_rnnviz: bool = False
    embedding: str | None = None
    embeddings: tuple[str, ...] = ()

    def network(self):
        from .network import Network
        net = Network(self.spec, seed=0)
        net.load_state_dict(self.weights)
        return net


def _recurrent_groups(tensors: Mapping) -> OrderedDict[str, dict]:
    """prefix -> {name in torch's form (weight_ih_l0 ...): file name}, for every weight_ih + weight_hh pair."""
    groups: OrderedDict[str, dict] = OrderedDict()
    for name in tensors:
        m = _RNN_KEY.match(name)
        if m is None:
            continue
        suffix = m.group("suffix") or ""
        groups.setdefault(m.group("prefix"), {})[m.group("role") + suffix] = name
    usable = OrderedDict()
    for prefix, names in groups.items():
        cell_form = "weight_ih" in names and "weight_hh" in names  # nn.LSTMCell / GRUCell / RNNCell
        if cell_form:
            if any(k not in _ROLES for k in names):
                raise ValueError(f"{prefix or 'the file'} mixes a cell's names (weight_ih) "
                                 "with a layer's (weight_ih_l0)")
            usable[prefix] = {f"{k}_l0": v for k, v in names.items()}
        elif "weight_ih_l0" in names and "weight_hh_l0" in names:
            usable[prefix] = names
    return usable


def recurrent_modules(tensors: Mapping) -> tuple[str, ...]:
    """The prefixes of every recurrent module in the tensors, in file order ("" = top level)."""
    return tuple(_recurrent_groups(tensors))


def _float_tensor(file_name: str, tensor, notes: list) -> torch.Tensor:
    if not isinstance(tensor, torch.Tensor):
        raise ValueError(f"{file_name} is not a tensor")
    if tensor.layout != torch.strided:
        raise ValueError(f"{file_name} is a {tensor.layout} tensor; weights must be dense")
    if not tensor.is_floating_point():
        raise ValueError(f"{file_name} holds {str(tensor.dtype).replace('torch.', '')} numbers; a network's "
                         "weights are floating-point numbers")
    out = tensor.detach().to("cpu", torch.float32).contiguous()
    if tensor.dtype != torch.float32:
        notes.append(f"{file_name}: converted from {str(tensor.dtype).replace('torch.', '')} to float32")
    if not torch.isfinite(out).all():
        raise ValueError(f"{file_name} holds NaN or infinity (or numbers too large for float32)")
    return out


def _module_label(prefix: str) -> str:
    return prefix.rstrip(".") or "(top level)"


def _head_candidates(tensors: Mapping, taken: set, in_features: int, out_features: int | None) -> list[str]:
    """Prefixes q with a 2-D q+'weight' of in_features columns (and out_features rows, for Jordan)."""
    found = []
    for order, (name, tensor) in enumerate(tensors.items()):
        if not name.endswith("weight") or name in taken:
            continue
        prefix = name[: -len("weight")]
        if prefix and not prefix.endswith("."):
            continue
        if "embed" in prefix.lower() or _embedding_named(prefix) or not isinstance(tensor, torch.Tensor) \
                or tensor.dim() != 2:
            continue
        if tensor.shape[1] != in_features or (out_features is not None and tensor.shape[0] != out_features):
            continue
        bias = tensors.get(prefix + "bias")
        if bias is not None and (not isinstance(bias, torch.Tensor) or tuple(bias.shape) != (tensor.shape[0],)):
            continue
        last = prefix.rstrip(".").rsplit(".", 1)[-1].lower()
        hinted = next((k for k, h in enumerate(_HEAD_HINTS) if last.startswith(h)), len(_HEAD_HINTS))
        found.append(((hinted, bias is None, order), prefix))
    return [prefix for _, prefix in sorted(found)]


def _last_name(prefix: str) -> str:
    return prefix.rstrip(".").rsplit(".", 1)[-1].lower()


def _embedding_named(prefix: str) -> bool:
    """Whether a layer's own name reads as an embedding's: a word of it (split at _) is one of _EMBEDDING_WORDS
    or starts with "emb", and none reads as a readout's (src_embed is one; sentence_classifier, token_classifier
    and embedding_proj are not)."""
    words = _last_name(prefix).split("_")
    return any(w in _EMBEDDING_WORDS or w.startswith("emb") for w in words) and \
        not any(w.startswith(_HEAD_HINTS) for w in words)


def _embedding_candidates(tensors: Mapping, taken: set, input_size: int) -> list[str]:
    """Prefixes q of a 2-D q+'weight' of input_size columns and no q+'bias' (an nn.Embedding's (V, E)), best first.

    One named like an embedding counts wherever it sits; another only ahead of the recurrent module in the file
    (where models register their embedding) and never one named like a readout."""
    first_taken = min((k for k, name in enumerate(tensors) if name in taken), default=len(tensors))
    found = []
    for order, (name, tensor) in enumerate(tensors.items()):
        if not name.endswith("weight") or name in taken:
            continue
        prefix = name[: -len("weight")]
        if not prefix.endswith(".") or not isinstance(tensor, torch.Tensor) or tensor.dim() != 2:
            continue
        if tensor.shape[1] != input_size or prefix + "bias" in tensors:
            continue
        named = _embedding_named(prefix)
        if not named and (order > first_taken or _last_name(prefix).startswith(_HEAD_HINTS)):
            continue
        found.append(((not named, order), prefix))
    return [prefix for _, prefix in sorted(found)]


def _layout(names: dict, tensors: Mapping, prefix: str):
    """The number of layers and whether there is a reverse direction; layer 0's weights must be matrices."""
    layers = sorted({int(_RNN_KEY.match(k).group("layer")) for k in names})
    if layers != list(range(len(layers))):
        raise ValueError(f"{_module_label(prefix)}: layers {layers} are not numbered 0, 1, 2, ... without gaps")
    reverse = {k for k in names if k.endswith("_reverse")}
    bidirectional = bool(reverse)
    w_ih, w_hh = tensors[names["weight_ih_l0"]], tensors[names["weight_hh_l0"]]
    for key, t in (("weight_ih_l0", w_ih), ("weight_hh_l0", w_hh)):
        if not isinstance(t, torch.Tensor) or t.dim() != 2:
            raise ValueError(f"{names[key]} must be a matrix; it has shape {tuple(getattr(t, 'shape', ()))}")
    return len(layers), bidirectional


def infer_spec(tensors: Mapping, *, module: str | None = None, head=AUTO, embedding=AUTO, cell: str | None = None,
               coupled: bool | None = None, nonlinearity: str | None = None, head_activation: str | None = None,
               every_step: bool | None = None, cell_activation: str | None = None,
               output_activation: str | None = None) -> Inference:
    """Work out the network from tensor names and shapes; the keyword arguments settle what the file cannot.

    module: which recurrent module when there are several (its prefix, e.g. "encoder.lstm.");
    head: AUTO (the best-fitting Linear layer), None (no head) or a Linear layer's prefix ("linear.").
    embedding: AUTO (the nn.Embedding in front, if any), None (read vectors) or its prefix ("encoder.").
    cell / coupled: read a 3-block file as rnnviz's coupled-gate LSTM (cell="lstm") instead of a GRU, or a
    1-block file as a Jordan network (cell="jordan"). The rest are the ModelSpec / HeadSpec fields of the name.
    """
    if not isinstance(tensors, Mapping):
        raise ValueError(f"infer_spec takes a mapping of names to tensors, got {type(tensors).__name__}")
    groups = _recurrent_groups(tensors)
    if not groups:
        sample = ", ".join(list(tensors)[:8])
        raise ValueError("no recurrent layer found: an nn.LSTM, nn.GRU or nn.RNN stores weight_ih_l0 and "
                         f"weight_hh_l0 (possibly under a prefix such as 'lstm.'); this file has {sample}")
    modules = tuple(groups)
    if module is None:  # the module rnnviz saved, else the first in the file
        meta = getattr(tensors, "_metadata", {}).get(RNNVIZ_META, {})
        module = meta["prefix"] if meta.get("prefix") in groups else modules[0]
    elif module not in groups and module + "." in groups:
        module += "."
    if module not in groups:
        raise ValueError(f"no recurrent module {module!r} in the file; it has "
                         f"{', '.join(_module_label(m) for m in modules)}")
    names = groups[module]
    notes: list[str] = []
    L, bidirectional = _layout(names, tensors, module)
    saved = _saved_spec(tensors, module, notes)
    if saved is not None:
        overrides = {k: v for k, v in dict(cell=cell, coupled=coupled, nonlinearity=nonlinearity,
                                           cell_activation=cell_activation,
                                           output_activation=output_activation).items() if v is not None}
        spec = saved.replace(**overrides) if overrides else saved
        head_prefix = (module + "head." if saved.head is not None else None) if head == AUTO else head
        embedding_prefix = (module + "embedding." if saved.vocab_size else None) if embedding == AUTO else embedding
        try:
            return _finish(tensors, spec.replace(vocab_size=0), names, module, modules, head_prefix,
                           embedding_prefix, head_activation, every_step, notes, from_rnnviz=True)
        except ValueError as err:
            notes.append(f"rnnviz's saved settings do not fit the tensors ({err}); read from the shapes instead")
    spec = _spec_from_shapes(tensors, names, module, L, bidirectional, cell, coupled, nonlinearity,
                             cell_activation, output_activation, head)
    return _finish(tensors, spec, names, module, modules, head, embedding, head_activation, every_step, notes)


def _saved_spec(tensors: Mapping, module: str, notes: list) -> ModelSpec | None:
    meta = getattr(tensors, "_metadata", {}).get(RNNVIZ_META)
    if not isinstance(meta, Mapping) or meta.get("prefix", "") != module or not isinstance(meta.get("spec"), Mapping):
        return None
    try:
        return ModelSpec.from_dict(dict(meta["spec"]))
    except (ValueError, TypeError) as err:
        notes.append(f"ignored rnnviz's saved settings: {err}")
        return None


def _spec_from_shapes(tensors, names, module, L, bidirectional, cell, coupled, nonlinearity, cell_activation,
                      output_activation, head) -> ModelSpec:
    w_ih, w_hh = tensors[names["weight_ih_l0"]], tensors[names["weight_hh_l0"]]
    w_hr, w_ch = tensors.get(names.get("weight_hr_l0", "")), tensors.get(names.get("weight_ch_l0", ""))
    rows, cols = w_hh.shape
    if cell not in (None, "lstm", "gru", "rnn", "jordan"):
        raise ValueError(f"cell must be lstm, gru, rnn or jordan, got {cell!r}")
    proj = 0
    jordan_asked = cell == "jordan"
    if w_hr is not None:
        if w_hr.dim() != 2:
            raise ValueError(f"{names['weight_hr_l0']} must be a matrix; it has shape {tuple(w_hr.shape)}")
        proj, hidden = int(w_hr.shape[0]), int(w_hr.shape[1])
    elif jordan_asked or (cell is None and rows not in (cols, 3 * cols, 4 * cols)
                          and _head_candidates(tensors, set(names.values()), int(rows), int(cols))):
        hidden = int(rows)  # Jordan: weight_hh reads y_{t-1}, so its columns are the head's outputs
        cell = "jordan"
    else:
        hidden = int(cols)
    if hidden == 0 or rows % hidden:
        raise ValueError(f"{names['weight_hh_l0']} is {_shape(w_hh)}: an LSTM, GRU or RNN stacks 4, 3 or 1 blocks "
                         f"of hidden_size ({hidden}) rows; {rows} rows fit none of them")
    blocks = rows // hidden
    if coupled and cell is None:
        cell = "lstm"
    if w_ch is not None:  # rnnviz's peephole LSTM: one weight per unit for i, f, o (f, o when coupled)
        if cell not in (None, "lstm"):
            raise ValueError(f"{names['weight_ch_l0']} holds peephole weights, which only an LSTM has")
        cell, coupled = "lstm", blocks == 3 if coupled is None else coupled
    guessed = {4: "lstm", 3: "lstm" if cell == "lstm" else "gru",
               1: "jordan" if cell == "jordan" else "rnn"}.get(blocks)
    if guessed is None:
        raise ValueError(f"{names['weight_hh_l0']} is {_shape(w_hh)}: {rows} rows are {blocks} × hidden_size "
                         f"({hidden}); an LSTM has 4 blocks, a GRU 3, an RNN 1")
    if cell is not None and cell != guessed:
        raise ValueError(f"a {cell.upper()} does not fit: {names['weight_hh_l0']} is {_shape(w_hh)}, "
                         f"{blocks} blocks of hidden_size {hidden}, which makes a {guessed.upper()}")
    cell = guessed
    is_lstm = cell == "lstm"
    if is_lstm and coupled is None:
        coupled = blocks == 3
    if is_lstm and (blocks == 3) != bool(coupled):
        raise ValueError(f"{names['weight_hh_l0']} has {blocks} gate blocks; a "
                         f"{'coupled-gate' if coupled else 'standard'} LSTM has {3 if coupled else 4}")
    head_spec = None
    if cell == "jordan":
        found = _head_candidates(tensors, set(names.values()), hidden, int(cols))
        if not found:
            raise ValueError(f"a Jordan network reads y back through {names['weight_hh_l0']} ({_shape(w_hh)}), "
                             f"so it needs a Linear head of {int(cols)} × {hidden}; none fits")
        head_spec = HeadSpec(int(cols))
    fields = dict(cell=cell, input_size=int(w_ih.shape[1]), hidden_size=hidden, num_layers=L,
                  bidirectional=bidirectional, bias="bias_ih_l0" in names or "bias_hh_l0" in names, proj_size=proj,
                  head=head_spec)
    if is_lstm:
        fields.update(peephole=w_ch is not None, coupled=bool(coupled), cell_activation=cell_activation or "tanh",
                      output_activation=output_activation or "tanh")
    if cell in ("rnn", "jordan"):
        fields["nonlinearity"] = nonlinearity or "tanh"
    try:
        return ModelSpec(**fields)
    except ValueError as err:
        raise ValueError(f"the network in the file is outside what rnnviz handles: {err}") from None


def _finish(tensors, spec: ModelSpec, names, module, modules, head, embedding, head_activation, every_step, notes,
            from_rnnviz: bool = False) -> Inference:
    """Choose the head and the embedding, apply the user's choices, and check every tensor against the spec's
    exact layout."""
    fan_in = spec.num_directions * spec.output_size
    taken = set(names.values())
    heads = tuple(_head_candidates(tensors, taken, fan_in, spec.recurrent_size if spec.cell == "jordan" else None))
    if head == AUTO:
        head = heads[0] if heads else None
    elif head is not None:
        head = head if head.endswith(".") or head == "" else head + "."
        if head not in heads:
            fits = ", ".join(h.rstrip(".") for h in heads) or "none"
            raise ValueError(f"{head.rstrip('.') or 'the top level'} is not a Linear layer with {fan_in} inputs "
                             f"in the file; the ones that fit: {fits}")
    if spec.cell == "jordan" and head is None:
        raise ValueError("a Jordan network feeds its head's output back, so it needs a head")
    head_spec = None
    if head is not None:
        weight = tensors[head + "weight"]
        base = spec.head or HeadSpec(int(weight.shape[0]))
        try:
            head_spec = HeadSpec(int(weight.shape[0]), head_activation or base.activation,
                                 True if spec.cell == "jordan" else (base.every_step if every_step is None
                                                                      else every_step),
                                 bias=head + "bias" in tensors)
        except ValueError as err:
            raise ValueError(f"the head in the file is outside what rnnviz handles: {err}") from None
    try:
        spec = spec.replace(head=head_spec)
    except ValueError as err:
        raise ValueError(f"that choice does not make a network: {err}") from None
    taken |= {head + "weight", head + "bias"} if head is not None else set()
    embeddings = tuple(_embedding_candidates(tensors, taken, spec.input_size))
    spec, embedding = _with_embedding(tensors, spec, embedding, embeddings, taken, notes)
    weights = _fit_tensors(tensors, spec, names, head, embedding, notes)
    used = taken | ({embedding + "weight"} if embedding is not None else set())
    ignored = [f"{n} ({_shape(t)})" for n, t in tensors.items() if n not in used and isinstance(t, torch.Tensor)]
    if ignored:
        notes.append("not part of this network, ignored: " + ", ".join(ignored[:8])
                     + (", ..." if len(ignored) > 8 else ""))
    ambiguous = _ambiguities(spec, modules, heads, embeddings, from_rnnviz)
    return Inference(spec=spec, weights=weights, module=module, head=head, modules=modules, heads=heads,
                     ambiguous=ambiguous, evidence=_evidence(spec, tensors, names, head, embedding, module),
                     notes=tuple(notes), from_rnnviz=from_rnnviz, embedding=embedding, embeddings=embeddings)


def _with_embedding(tensors, spec: ModelSpec, embedding, embeddings, taken: set, notes: list):
    """The spec with the chosen embedding in front (vocab_size = its rows), and the embedding's prefix or None.

    Chosen by AUTO, one that the caps refuse is left out with a note (the network then reads vectors); chosen by
    name, it must fit: a 2-D weight of input_size columns that is not already the module's or the head's."""
    if embedding == AUTO:
        embedding, chosen = (embeddings[0] if embeddings else None), False
    else:
        chosen = True
        if embedding is not None and not embedding.endswith("."):
            embedding += "."
    if embedding is None:
        return spec, None
    weight = tensors.get(embedding + "weight")
    if embedding + "weight" in taken or not isinstance(weight, torch.Tensor) or weight.dim() != 2 \
            or weight.shape[1] != spec.input_size:
        fits = ", ".join(e.rstrip(".") for e in embeddings) or "none"
        raise ValueError(f"{embedding.rstrip('.') or 'the top level'} is not an embedding of {spec.input_size} "
                         f"columns (the recurrent module's input_size) in the file; the ones that fit: {fits}")
    try:
        return spec.replace(vocab_size=int(weight.shape[0])), embedding
    except ValueError as err:
        if chosen:
            raise ValueError(f"the embedding in the file is outside what rnnviz handles: {err}") from None
        notes.append(f"{embedding}weight ({_shape(weight)}) looks like an embedding but is outside what rnnviz "
                     f"handles ({err}); read without it, so the network reads vectors of input_size "
                     f"{spec.input_size}")
        return spec, None


def _fit_tensors(tensors, spec: ModelSpec, names, head, embedding, notes) -> dict:
    from .params import EMBEDDING_WEIGHT, parameter_infos
    expected = parameter_infos(spec)
    file_name = dict(names)
    if head is not None:
        file_name.update({"head.weight": head + "weight", "head.bias": head + "bias"})
    if embedding is not None:
        file_name[EMBEDDING_WEIGHT] = embedding + "weight"
    wanted = {i.name for i in expected}
    extra = sorted(file_name[k] for k in names if k not in wanted)
    if extra:
        raise ValueError(f"these tensors do not belong in a {_describe(spec)}: {', '.join(extra)}")
    weights, misfits, missing = {}, [], []
    for info in expected:
        source = file_name.get(info.name)
        if source is None or source not in tensors:
            missing.append(source or info.name)
            continue
        tensor = _float_tensor(source, tensors[source], notes)
        if tuple(tensor.shape) != tuple(info.shape):
            misfits.append(f"{source} is {_shape(tensor)} but should be {' × '.join(map(str, info.shape))}")
        weights[info.name] = tensor
    if missing:
        raise ValueError(f"the tensors do not make up a whole {_describe(spec)}: missing {', '.join(missing)}")
    if misfits:
        raise ValueError(f"the tensors' shapes do not fit together as one {_describe(spec)}: {'; '.join(misfits)}")
    return weights


def _describe(spec: ModelSpec) -> str:
    parts = [f"input_size={spec.input_size}", f"hidden_size={spec.hidden_size}", f"num_layers={spec.num_layers}"]
    if spec.vocab_size:
        parts.insert(0, f"vocab_size={spec.vocab_size}")
    if spec.bidirectional:
        parts.append("bidirectional")
    if spec.proj_size:
        parts.append(f"proj_size={spec.proj_size}")
    return f"{spec.kind_label} ({', '.join(parts)})"


def _ambiguities(spec: ModelSpec, modules, heads, embeddings, from_rnnviz: bool) -> tuple[str, ...]:
    if from_rnnviz:  # rnnviz saved every setting; only a choice between modules can remain
        return ("module",) if len(modules) > 1 else ()
    found = []
    if len(modules) > 1:
        found.append("module")
    if len(heads) > 1:
        found.append("head")
    if len(embeddings) > 1:
        found.append("embedding")
    if len(spec.gate_blocks) == 3 and not spec.peephole:
        found.append("cell")  # a GRU and rnnviz's coupled-gate LSTM both stack 3 blocks
    if spec.cell in ("rnn", "jordan"):
        found.append("nonlinearity")
    if spec.head is not None:
        found.append("head_activation")
        if spec.cell != "jordan":
            found.append("every_step")
    if spec.cell == "lstm":
        found += ["cell_activation", "output_activation"]
    return tuple(found)


def _evidence(spec: ModelSpec, tensors, names, head, embedding, module) -> dict:
    """setting -> the tensor names and shapes in the file that show it ("" where the file says nothing)."""
    def show(key):  # names inside the module (the module row says where it sits)
        return f"{names[key][len(module):]}: {_shape(tensors[names[key]])}" if key in names else ""

    hh, rows = show("weight_hh_l0"), tensors[names["weight_hh_l0"]].shape[0]
    blocks = len(spec.gate_blocks)
    last = spec.num_layers - 1
    evidence = {
        "module": _module_label(module),
        "cell": (f"{hh} → {rows} = {blocks} × {spec.hidden_size}"
                 + (f"; {show('weight_ch_l0')}" if spec.peephole else "")),
        "input_size": show("weight_ih_l0"),
        "hidden_size": show("weight_hr_l0") if spec.proj_size else hh,
        "num_layers": f"weight_ih_l0 … weight_ih_l{last}" if last else "weight_ih_l0",
        "bidirectional": show("weight_ih_l0_reverse") if spec.bidirectional else "no *_reverse",
        "bias": show("bias_ih_l0") if spec.bias else "no bias_ih_l0",
        "proj_size": show("weight_hr_l0") if spec.proj_size else "no weight_hr_l0",
    }
    if head is not None:
        evidence["head"] = f"{head}weight: {_shape(tensors[head + 'weight'])}"
    if embedding is not None:
        evidence["embedding"] = f"{embedding}weight: {_shape(tensors[embedding + 'weight'])}"
    return evidence


def load_checkpoint(source, *, max_bytes: int = MAX_BYTES, **choices):
    """Network.from_checkpoint: read, infer and load in one call. `choices` are infer_spec's keyword arguments."""
    tensors, _ = read_checkpoint(source, max_bytes=max_bytes)
    return infer_spec(tensors, **choices).network()
