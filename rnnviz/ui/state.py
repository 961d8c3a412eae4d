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
from dataclasses import dataclass, field, replace

import numpy as np

from rnnviz.data.sequences import GENERATOR_PARAMS, GENERATORS, one_hot_text
from rnnviz.data.source import SequenceSource
from rnnviz.model.params import parameter_infos
from rnnviz.model.spec import HeadSpec, ModelSpec

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
_SPEC_KEYS = {"input_size": "in", "hidden_size": "hid", "num_layers": "layers", "bidirectional": "bi",
              "bias": "bias", "proj_size": "proj", "nonlinearity": "act", "cell_activation": "gact",
              "output_activation": "cact"}


def _flag(value: bool) -> str:
    return "1" if value else "0"


def to_query(view: View) -> dict[str, str]:
    """Only what differs from the defaults, so links stay short and readable."""
    q: dict[str, str] = {}
    default = View()
    if view.lang != default.lang:
        q["lang"] = view.lang
    if view.presenter:
        q["present"] = "1"
    if view.theme != default.theme:
        q["theme"] = view.theme
    spec = view.spec
    q["cell"] = cell_kind(spec)
    base = ModelSpec(spec.cell if spec.cell != "jordan" else "rnn", 1, 1)
    for name, key in _SPEC_KEYS.items():
        value = getattr(spec, name)
        if name in ("input_size", "hidden_size") or value != getattr(base, name):
            q[key] = _flag(value) if isinstance(value, bool) else str(value)
    if spec.head is not None:
        q["head"] = f"{spec.head.out_features}.{spec.head.activation}.{_flag(spec.head.every_step)}"
    if view.seed:
        q["seed"] = str(view.seed)
    if view.weights is not None:
        flat = np.concatenate([np.ravel(view.weights[i.name]) for i in parameter_infos(spec)])
        if flat.size <= MAX_LINK_NUMBERS:
            q["w"] = pack_floats(flat)
    seq = view.sequence
    q["seq"] = seq.kind
    if seq.kind == "generator":
        q["gen"] = seq.generator
        q["len"] = str(seq.length)
        for name, value in seq.params:
            q[f"g_{name}"] = repr(float(value)) if isinstance(value, float) else str(value)
    elif seq.kind == "text":
        q["text"] = seq.text
    elif seq.values is not None and seq.values.size <= MAX_LINK_NUMBERS:
        q["xs"] = f"{seq.values.shape[0]}.{seq.values.shape[1]}.{pack_floats(seq.values)}"
    for name in ("step", "layer", "direction", "batch", "unit"):
        if getattr(view, name) != getattr(default, name):
            q[name] = str(getattr(view, name))
    if view.units != default.units:
        q["units"] = ".".join(map(str, view.units))
    if view.lesson:
        q["lesson"] = view.lesson
        if view.preset:
            q["preset"] = str(view.preset)
        if view.guide is not None:
            q["guide"] = str(view.guide)
    return q


def link_is_complete(view: View) -> bool:
    """False when weights or table values were too many to put in the link."""
    q = to_query(view)
    return (view.weights is None or "w" in q) and (view.sequence.kind != "table" or "xs" in q)


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


def _spec_from_query(q: dict) -> ModelSpec:
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
    return ModelSpec(**fields)


def _sequence_from_query(q: dict) -> SequenceSource:
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
        return source
    if kind == "text":
        text = q.get("text", "")
        one_hot_text(text)
        return SequenceSource("text", text=text)
    if kind == "table":
        if "xs" not in q:
            raise ValueError("the link names a table sequence but carries no values")
        parts = q["xs"].split(".", 2)
        if len(parts) != 3:
            raise ValueError("xs must look like T.I.<packed numbers>")
        T, I = _int(parts[0], "xs steps", 1, 20_000), _int(parts[1], "xs inputs", 1, 4096)
        return SequenceSource("table", values=unpack_floats(parts[2], T * I).reshape(T, I))
    raise ValueError(f"seq must be generator, text or table, got {kind!r}")


def from_query(params) -> tuple[View, list[str]]:
    """Parse a (possibly hand-edited) link. Returns the view and one message per ignored part."""
    q = {str(k): str(_one_value(v)) for k, v in dict(params).items()}
    view, problems = View(), []

    def attempt(what: str, fn):
        try:
            return fn()
        except (ValueError, TypeError) as err:
            problems.append(f"{what}: {err}")
            return None

    if "lang" in q:
        if q["lang"] in LANGUAGES:
            view = view.replace(lang=q["lang"])
        else:
            problems.append(f"lang: expected one of {', '.join(LANGUAGES)}, got {q['lang']!r}")
    if "theme" in q:
        if q["theme"] in THEMES:
            view = view.replace(theme=q["theme"])
        else:
            problems.append(f"theme: expected one of {', '.join(THEMES)}, got {q['theme'][:20]!r}")
    if "present" in q:
        present = attempt("present", lambda: _bool(q["present"], "present"))
        if present is not None:
            view = view.replace(presenter=present)
    spec = attempt("model", lambda: _spec_from_query(q))
    if spec is not None:
        view = view.replace(spec=spec)
    if "seed" in q:
        seed = attempt("seed", lambda: _int(q["seed"], "seed", 0, 2**31 - 1))
        if seed is not None:
            view = view.replace(seed=seed)
    if "w" in q:
        weights = attempt("weights", lambda: _weights_from_text(view.spec, q["w"]))
        if weights is not None:
            view = view.replace(weights=weights)
    sequence = attempt("sequence", lambda: _sequence_from_query(q))
    if sequence is not None:
        view = view.replace(sequence=sequence)
    for name in ("layer", "direction", "batch", "unit"):
        if name in q:
            value = attempt(name, lambda: _int(q[name], name, 0, 10**6))
            if value is not None:
                view = view.replace(**{name: value})
    if "step" in q:
        step = attempt("step", lambda: _int(q["step"], "step", 0, 10**6))
        if step is not None:
            view = view.replace(step=step)
    if "lesson" in q:
        if q["lesson"].replace("-", "").isalnum() and len(q["lesson"]) <= 40:
            view = view.replace(lesson=q["lesson"])
        else:
            problems.append(f"lesson: expected a lesson name, got {q['lesson'][:40]!r}")
        if "preset" in q:
            preset = attempt("preset", lambda: _int(q["preset"], "preset", 0, 20))
            if preset is not None:
                view = view.replace(preset=preset)
        if "guide" in q:
            guide = attempt("guide", lambda: _int(q["guide"], "guide", 0, 50))
            if guide is not None:
                view = view.replace(guide=guide)
    if "units" in q:
        units = attempt("units", lambda: tuple(_int(u, "unit", 0, 10**6) for u in q["units"].split(".") if u))
        if units:
            view = view.replace(units=units)
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
