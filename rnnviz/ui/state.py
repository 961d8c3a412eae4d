"""The whole view as one serialisable object, mirrored to the URL so a link reproduces it exactly.

Pure Python (no streamlit): `to_query(view)` and `from_query(params)` are tested and fuzzed directly.
A hand-edited or truncated link never fails: each field that does not parse keeps its default and
the reason is returned, so the page can say what was ignored.
"""
from __future__ import annotations

import base64
import hashlib
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from rnnviz.data.sequences import GENERATOR_PARAMS, GENERATORS, one_hot_text
from rnnviz.data.source import SequenceSource
from rnnviz.learn.recipes import parse_recipe
from rnnviz.model.params import parameter_infos
from rnnviz.model.spec import MAX_VOCAB_SIZE, HeadSpec, ModelSpec

LANGUAGES = ("en", "zh")
# "auto" follows the operating system (prefers-color-scheme); the others force Streamlit's theme.
THEMES = ("auto", "light", "dark")
# The cell choices a person sees; the variants are LSTM specs with flags set.
CELL_KINDS = ("lstm", "peephole", "coupled", "gru", "rnn", "jordan")
# Links carry weights and table values only up to this many numbers (~22 KB of URL); larger ones
# fall back to the seed / generator and the page says so.
MAX_LINK_NUMBERS = 4096


def cell_kind(spec: ModelSpec) -> str:
    if spec.cell == "lstm":
        return "peephole" if spec.peephole else "coupled" if spec.coupled else "lstm"
    return spec.cell


DEFAULT_SPEC = ModelSpec("lstm", input_size=1, hidden_size=4)


@dataclass(frozen=True)
class View:
    lang: str = "en"
    presenter: bool = False
    theme: str = "auto"
    spec: ModelSpec = DEFAULT_SPEC
    seed: int = 0
    weights: dict | None = field(default=None, compare=False)  # name -> float32 ndarray when edited/trained
    sequence: SequenceSource = SequenceSource()
    step: int = 0
    layer: int = 0
    direction: int = 0
    batch: int = 0
    unit: int = 0  # the unit the diagram and the equations follow
    units: tuple = (0, 1, 2, 3)  # the units drawn in the line charts
    lesson: str = ""  # the lesson whose preset is open ("" = none)
    preset: int = 0
    guide: int | None = None  # the lesson's current "What to notice" item (a guided step), if any
    # A lesson recipe that trained the weights ("m2m.per_step.10.0", rnnviz.learn.recipes.recipe_name): the link
    # carries it where the weights are too many to carry, and a session opening the link trains them again.
    trained: str = ""

    def replace(self, **changes) -> View:
        return replace(self, **changes)

    def model_fingerprint(self) -> str:
        digest = hashlib.sha1(json.dumps(self.spec.to_dict(), sort_keys=True).encode())
        digest.update(str(self.seed).encode())
        for name in sorted(self.weights or {}):
            digest.update(name.encode())
            digest.update(np.ascontiguousarray(self.weights[name], dtype=np.float32).tobytes())
        return digest.hexdigest()[:16]


# --- packing numbers into a link -------------------------------------------------------------------
def pack_floats(values: np.ndarray) -> str:
    raw = np.ascontiguousarray(values, dtype="<f4").tobytes()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


# A link's packed field can be no longer than MAX_LINK_NUMBERS floats could ever compress to (zlib does
# not expand data by more than ~0.1 % plus a few bytes), in base64.
_MAX_PACKED_CHARS = (4 * MAX_LINK_NUMBERS + 64) * 4 // 3 + 4


def unpack_floats(text: str, count: int) -> np.ndarray:
    """`count` float32 numbers from pack_floats' text. Bounded before anything is expanded: the count against
    MAX_LINK_NUMBERS, the text's length, and the decompressed size (a zip bomb stops at the declared size)."""
    if not 0 < count <= MAX_LINK_NUMBERS:
        raise ValueError(f"a link carries at most {MAX_LINK_NUMBERS} numbers; this one declares {count}")
    if len(text) > _MAX_PACKED_CHARS:
        raise ValueError(f"the packed numbers are {len(text)} characters long; {count} numbers never need more "
                         f"than {_MAX_PACKED_CHARS}")
    expected = 4 * count
    try:
        inflater = zlib.decompressobj()
        packed = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
        raw = inflater.decompress(packed, expected)
        if not inflater.eof and not inflater.unconsumed_tail and len(raw) < expected:
            raise ValueError("cut short")
        more = bool(inflater.unconsumed_tail) or bool(inflater.decompress(b"", 1))
    except (ValueError, zlib.error):
        raise ValueError("the packed numbers are damaged (was the link cut short?)") from None
    if more:
        raise ValueError(f"the link declares {count} numbers but packs more")
    if len(raw) != expected:
        raise ValueError(f"expected {count} packed numbers, found {len(raw) // 4}")
    values = np.frombuffer(raw, dtype="<f4").astype(np.float32)
    if not np.isfinite(values).all():
        raise ValueError("the packed numbers include NaN or infinity")
    return values


# --- View <-> query parameters ------------------------------------------------------------------------
# The link is declared once, as the table _LINK below: one row per part of the view, in the order the link
# writes them (and reads them: the weights need the model first). Scalar fields are a _Field each; the model,
# its weights and the sequence span several query keys and have a writer and a reader of their own.
_SPEC_KEYS = {"input_size": "in", "hidden_size": "hid", "num_layers": "layers", "bidirectional": "bi",
              "bias": "bias", "proj_size": "proj", "nonlinearity": "act", "cell_activation": "gact",
              "output_activation": "cact", "vocab_size": "vocab"}


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _one_value(value):
    """A query parameter's value; a key given twice (?step=1&step=5) counts as its last, as Streamlit reads it."""
    return value[-1] if isinstance(value, (list, tuple)) else value


def _int(text: str, name: str, low: int, high: int) -> int:
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number, got {text!r}") from None
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high}, got {value}")
    return value


def _bool(text: str, name: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError(f"{name} must be 0 or 1, got {text!r}")
    return text == "1"


def _choice(options: tuple):
    def read(text: str, name: str) -> str:
        if text not in options:
            raise ValueError(f"expected one of {', '.join(options)}, got {text[:20]!r}")
        return text
    return read


def _whole(low: int, high: int):
    return lambda text, name: _int(text, name, low, high)


def _lesson_name(text: str, name: str) -> str:
    if not (text.replace("-", "").isalnum() and len(text) <= 40):
        raise ValueError(f"expected a lesson name, got {text[:40]!r}")
    return text


def _recipe(text: str, name: str) -> str:
    parse_recipe(text)
    return text


def _units(text: str, name: str) -> tuple:
    units = tuple(_int(u, "unit", 0, 10**6) for u in text.split(".") if u)
    if not units:
        raise ValueError("expected unit numbers separated by dots, e.g. 0.1.2")
    return units


@dataclass(frozen=True)
class _Field:
    """One view attribute as one query key, written only when it differs from the default."""

    key: str
    attr: str
    read: Callable[[str, str], object]  # (text, key) -> value; raises ValueError saying what was expected
    write: Callable[[object], str] = str
    within: str = ""  # the attribute this one belongs to: read and written only when that is set

    def put(self, view: View, q: dict) -> None:
        value = getattr(view, self.attr)
        if value != getattr(_DEFAULT_VIEW, self.attr) and (not self.within or getattr(view, self.within)):
            q[self.key] = self.write(value)

    def take(self, q: dict, view: View) -> View:
        if self.key not in q or (self.within and not getattr(view, self.within)):
            return view
        return view.replace(**{self.attr: self.read(q[self.key], self.key)})


@dataclass(frozen=True)
class _Part:
    """A part of the view spread over several query keys (the model, its weights, the sequence)."""

    name: str  # how a problem with it is reported
    put: Callable[[View, dict], None]
    take: Callable[[dict, View], View]


def _put_spec(view: View, q: dict) -> None:
    spec = view.spec
    q["cell"] = cell_kind(spec)
    base = ModelSpec(spec.cell if spec.cell != "jordan" else "rnn", 1, 1)
    for name, key in _SPEC_KEYS.items():
        value = getattr(spec, name)
        if name in ("input_size", "hidden_size") or value != getattr(base, name):
            q[key] = _flag(value) if isinstance(value, bool) else str(value)
    if spec.head is not None:
        q["head"] = f"{spec.head.out_features}.{spec.head.activation}.{_flag(spec.head.every_step)}"


def _take_spec(q: dict, view: View) -> View:
    kind = q.get("cell", "lstm")
    if kind not in CELL_KINDS:
        raise ValueError(f"cell must be one of {', '.join(CELL_KINDS)}, got {kind!r}")
    fields: dict = {"cell": "lstm" if kind in ("peephole", "coupled") else kind,
                    "peephole": kind == "peephole", "coupled": kind == "coupled"}
    for name, key in _SPEC_KEYS.items():
        if key in q:
            default = getattr(DEFAULT_SPEC, name)
            fields[name] = _bool(q[key], key) if isinstance(default, bool) else \
                q[key] if isinstance(default, str) else _int(q[key], key, 0, 10**6)
    if "head" in q:
        parts = q["head"].split(".")
        if len(parts) != 3:
            raise ValueError(f"head must look like 2.softmax.1 (outputs.activation.every_step), got {q['head']!r}")
        fields["head"] = HeadSpec(_int(parts[0], "head outputs", 1, 10**6), parts[1],
                                  _bool(parts[2], "head every_step"))
    elif kind == "jordan":
        fields["head"] = HeadSpec(fields.get("input_size", DEFAULT_SPEC.input_size))
    fields.setdefault("input_size", DEFAULT_SPEC.input_size)
    fields.setdefault("hidden_size", DEFAULT_SPEC.hidden_size)
    return view.replace(spec=ModelSpec(**fields))


def _put_weights(view: View, q: dict) -> None:
    if view.weights is not None:
        flat = np.concatenate([np.ravel(view.weights[i.name]) for i in parameter_infos(view.spec)])
        if flat.size <= MAX_LINK_NUMBERS:
            q["w"] = pack_floats(flat)


def _take_weights(q: dict, view: View) -> View:
    return view.replace(weights=_weights_from_text(view.spec, q["w"])) if "w" in q else view


def _put_sequence(view: View, q: dict) -> None:
    seq = view.sequence
    q["seq"] = seq.kind
    if seq.kind == "generator":
        q["gen"] = seq.generator
        q["len"] = str(seq.length)
        for name, value in seq.params:
            q[f"g_{name}"] = repr(float(value)) if isinstance(value, float) else str(value)
    elif seq.kind == "text":
        q["text"] = seq.text
    elif seq.kind == "ids":
        if seq.values.size <= MAX_LINK_NUMBERS:
            q["ids"] = ".".join(map(str, seq.values.tolist()))
    elif seq.values is not None and seq.values.size <= MAX_LINK_NUMBERS:
        q["xs"] = f"{seq.values.shape[0]}.{seq.values.shape[1]}.{pack_floats(seq.values)}"


def _take_sequence(q: dict, view: View) -> View:
    kind = q.get("seq", "generator")
    if kind == "generator":
        gen = q.get("gen", "sine")
        if gen not in GENERATORS:
            raise ValueError(f"gen must be one of {', '.join(GENERATORS)}, got {gen!r}")
        params = []
        for name, default in GENERATOR_PARAMS[gen].items():
            key = f"g_{name}"
            if key in q:
                try:
                    value = type(default)(float(q[key])) if isinstance(default, int) else float(q[key])
                except ValueError:
                    raise ValueError(f"{key} must be a number, got {q[key]!r}") from None
                params.append((name, value))
        source = SequenceSource("generator", gen, _int(q.get("len", "24"), "len", 1, 20_000), tuple(params))
        source.array(1)  # let the generator check its parameters now
    elif kind == "text":
        text = q.get("text", "")
        one_hot_text(text)
        source = SequenceSource("text", text=text)
    elif kind == "ids":
        source = SequenceSource("ids", values=_token_ids(q.get("ids", "")))
    elif kind == "table":
        if "xs" not in q:
            raise ValueError("the link names a table sequence but carries no values")
        parts = q["xs"].split(".", 2)
        if len(parts) != 3:
            raise ValueError("xs must look like T.I.<packed numbers>")
        T, I = _int(parts[0], "xs steps", 1, 20_000), _int(parts[1], "xs inputs", 1, 4096)
        source = SequenceSource("table", values=unpack_floats(parts[2], T * I).reshape(T, I))
    else:
        raise ValueError(f"seq must be generator, text, table or ids, got {kind!r}")
    return view.replace(sequence=source)


# A link's token ids: at most MAX_LINK_NUMBERS of them, each below MAX_VOCAB_SIZE, separated by dots.
_MAX_IDS_CHARS = MAX_LINK_NUMBERS * (len(str(MAX_VOCAB_SIZE)) + 1)


def _token_ids(text: str) -> np.ndarray:
    if not text:
        raise ValueError("the link names a sequence of token ids but carries none")
    if len(text) > _MAX_IDS_CHARS:  # bounded before it is split
        raise ValueError(f"ids is {len(text):,} characters long; a link carries at most {MAX_LINK_NUMBERS} token ids")
    parts = text.split(".")
    if len(parts) > MAX_LINK_NUMBERS:
        raise ValueError(f"ids holds {len(parts):,} token ids; a link carries at most {MAX_LINK_NUMBERS}")
    return np.array([_int(p, "token id", 0, MAX_VOCAB_SIZE - 1) for p in parts], dtype=np.int64)


_DEFAULT_VIEW = View()
_INDEX = _whole(0, 10**6)
_LINK = (
    _Field("lang", "lang", _choice(LANGUAGES)),
    _Field("present", "presenter", _bool, _flag),
    _Field("theme", "theme", _choice(THEMES)),
    _Part("model", _put_spec, _take_spec),
    _Field("seed", "seed", _whole(0, 2**31 - 1)),
    _Part("weights", _put_weights, _take_weights),
    _Field("trained", "trained", _recipe),
    _Part("sequence", _put_sequence, _take_sequence),
    _Field("step", "step", _INDEX),
    _Field("layer", "layer", _INDEX),
    _Field("direction", "direction", _INDEX),
    _Field("batch", "batch", _INDEX),
    _Field("unit", "unit", _INDEX),
    _Field("units", "units", _units, lambda units: ".".join(map(str, units))),
    _Field("lesson", "lesson", _lesson_name),
    _Field("preset", "preset", _whole(0, 20), within="lesson"),
    _Field("guide", "guide", _whole(0, 50), within="lesson"),
)


def to_query(view: View) -> dict[str, str]:
    """Only what differs from the defaults, so links stay short and readable."""
    q: dict[str, str] = {}
    for row in _LINK:
        row.put(view, q)
    return q


def still_trained(old: View | None, new: View) -> View:
    """`new`, without its recipe (View.trained) when the model changed since `old` named it: edited or other
    weights, another spec or seed are no longer what the recipe trains. Setting a new recipe keeps it."""
    if new.trained and old is not None and new.trained == old.trained and (
            new.spec != old.spec or new.seed != old.seed or new.weights is not old.weights):
        return new.replace(trained="")
    return new


def link_is_complete(view: View) -> bool:
    """False when weights or table values were too many to put in the link."""
    q = to_query(view)
    carried_in = {"table": "xs", "ids": "ids"}.get(view.sequence.kind)  # values a link may be unable to carry
    return (view.weights is None or "w" in q or bool(view.trained)) and (carried_in is None or carried_in in q)


def from_query(params) -> tuple[View, list[str]]:
    """Parse a (possibly hand-edited) link. Returns the view and one message per ignored part."""
    q = {str(k): str(_one_value(v)) for k, v in dict(params).items()}
    view, problems = View(), []
    for row in _LINK:
        try:
            view = row.take(q, view)
        except (ValueError, TypeError) as err:
            problems.append(f"{row.name if isinstance(row, _Part) else row.key}: {err}")
    return clamp(view), problems


def _weights_from_text(spec: ModelSpec, text: str) -> dict:
    infos = parameter_infos(spec)
    total = sum(int(np.prod(i.shape)) for i in infos)
    flat = unpack_floats(text, total)
    weights, offset = {}, 0
    for info in infos:
        n = int(np.prod(info.shape))
        weights[info.name] = flat[offset:offset + n].reshape(info.shape)
        offset += n
    return weights


def clamp(view: View, num_steps: int | None = None) -> View:
    """Keep every index inside the model and sequence (after a spec change or an odd link)."""
    spec = view.spec
    H = spec.hidden_size
    changes = {
        "layer": min(view.layer, spec.num_layers - 1),
        "direction": min(view.direction, spec.num_directions - 1),
        "unit": min(view.unit, H - 1),
        "units": tuple(u for u in dict.fromkeys(view.units) if u < H) or (0,),
    }
    if num_steps is not None:
        changes["step"] = min(view.step, num_steps - 1)
        changes["batch"] = 0
    return view.replace(**changes)
