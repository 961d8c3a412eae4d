"""Models that ship with rnnviz, trained on text that ships with Python: open them without training.

    from rnnviz import pretrained
    net, vocab = pretrained.load("python-code")
    trace = net.trace(vocab.encode("def f(x):\\n    return (x + 1)"))
    vocab.decode(trace["y"][0].argmax(-1).tolist())   # what it expects next, character by character

"python-code" is a character-level LSTM trained on CPython's standard library (scripts/train_python_code.py;
its figures in assets/python-code/README.md). held_out_reading() reads the held-out source it was never
trained on, once per process, for the Interpret page.
"""
from __future__ import annotations

import gzip
import json
import threading
from functools import cache
from pathlib import Path

import torch

from rnnviz import shipped
from rnnviz.checks import expect
from rnnviz.data.vocabulary import Vocabulary
from rnnviz.model.network import Network

ASSETS = shipped.ASSETS  # the models' folders (the app reads measured.json there)
NAMES = ("python-code",)
_reading_lock = threading.Lock()


def _folder(name: str) -> Path:
    expect(name in NAMES, f"pretrained models: {', '.join(NAMES)}; got {name!r}")
    return shipped.asset(name)


@cache
def _loaded(name: str) -> tuple[Network, Vocabulary]:
    folder = _folder(name)
    data = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
    vocab = Vocabulary(tuple(data["tokens"]), split=data["split"], unknown=data["unknown"])
    net = Network.from_checkpoint(folder / "model.safetensors")
    return net, vocab


def shared(name: str = "python-code") -> tuple[Network, Vocabulary]:
    """The one loaded copy every caller shares: for reading only (the Interpret page)."""
    return _loaded(name)


def load(name: str = "python-code") -> tuple[Network, Vocabulary]:
    """(network, vocabulary): the network is the caller's own copy (edit its weights freely)."""
    net, vocab = _loaded(name)
    return net.copy(), vocab


def card(name: str = "python-code") -> dict:
    """How it was trained and what was measured (assets/<name>/training.json)."""
    return json.loads((_folder(name) / "training.json").read_text(encoding="utf-8"))


@cache
def held_out_files(name: str = "python-code") -> dict[str, str]:
    """The held-out files every interpretation figure is measured on (never trained on): name -> source."""
    with gzip.open(_folder(name) / "held_out.json.gz", "rt", encoding="utf-8") as f:
        return json.load(f)["files"]


def held_out_text(name: str = "python-code") -> tuple[str, list[int]]:
    """The held-out files one after another, and where each starts."""
    files = held_out_files(name)
    starts = [0]
    for source in files.values():
        starts.append(starts[-1] + len(source))
    return "".join(files.values()), starts[:-1]


_readings: dict = {}
_key_locks: dict = {}  # (name, file) -> the lock its reading is made under (a few keys: the held-out files)
_KEPT_FILE_READINGS = 2  # single files read for sessions, besides the whole (each up to ~60 MB)


def has_reading(name: str = "python-code", file: str | None = None) -> bool:
    """Whether held_out_reading(name, file) is made already (it returns at once)."""
    return (name, file) in _readings


def held_out_reading(name: str = "python-code", file: str | None = None, progress=None):
    """The network read over its held-out files (long_text.LongReading), each file from its own start: all of
    them (file None), made once per process and shared (the first caller waits about 7 s on one core), or
    one file (about a second for the largest), the last few kept. Each reading has its own lock: a session
    reading one file never waits for another reading all of them."""
    from rnnviz.learn.long_text import read_long
    files = held_out_files(name)  # (checks the name)
    expect(file is None or file in files, f"held-out files: {', '.join(files)}; got {file!r}")
    key = (name, file)  # known names only, so the locks stay few
    with _reading_lock:
        lock = _key_locks.setdefault(key, threading.Lock())
    with lock:  # two sessions asking for the same reading make it once
        found = _readings.get(key)
        if found is not None:
            return found
        net, vocab = _loaded(name)
        if file is None:
            text, starts = held_out_text(name)
        else:
            text, starts = files[file], []
        ids = torch.tensor(vocab.encode_long(text), dtype=torch.long)
        reading = read_long(net, ids, text, progress=progress, starts=starts)
        with _reading_lock:
            kept_files = [k for k in _readings if k[1] is not None]
            while file is not None and len(kept_files) >= _KEPT_FILE_READINGS:
                _readings.pop(kept_files.pop(0))
            _readings[key] = reading
        return reading
