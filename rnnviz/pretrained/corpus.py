"""The python-code model's corpus: the standard library's own source, as every Python installation carries it.

Trained on every .py file of the stdlib except test suites; the json, email and http packages are held out
(never trained on, used for every interpretation figure)."""
from __future__ import annotations

import hashlib
import sysconfig
from pathlib import Path

HELD_OUT_PACKAGES = ("json", "email", "http")
# Test suites are not the language as written (huge generated literals, deliberately broken code).
SKIPPED_DIRS = ("test", "tests", "site-packages", "__pycache__")
FILE_SEPARATOR = "\n"


def stdlib_root() -> Path:
    return Path(sysconfig.get_paths()["stdlib"])


def stdlib_files(root: Path | None = None) -> tuple[list[Path], list[Path]]:
    """(training files, held-out files), each sorted by path relative to the stdlib root."""
    root = root or stdlib_root()
    train, held = [], []
    for path in sorted(root.rglob("*.py"), key=lambda p: p.relative_to(root).as_posix()):
        parts = path.relative_to(root).parts
        if any(part in SKIPPED_DIRS for part in parts[:-1]):
            continue
        (held if parts[0] in HELD_OUT_PACKAGES else train).append(path)
    return train, held


def read_source(path: Path) -> str:
    """A file's text; the few undecodable bytes in the stdlib become U+FFFD."""
    return path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")


def join_files(paths) -> str:
    return FILE_SEPARATOR.join(read_source(p) for p in paths)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# The held-out files the interpretation figures are measured on (246,176 characters on CPython 3.11.7): all of
# json, and the largest modules of http and email, so that every package is read. They ship in assets/ (the
# stdlib of another Python version differs), each read from its own start.
INTERPRETATION_FILES = (
    "json/__init__.py", "json/decoder.py", "json/encoder.py", "json/scanner.py", "json/tool.py",
    "http/__init__.py", "http/client.py", "http/server.py",
    "email/message.py", "email/feedparser.py", "email/utils.py",
)


def interpretation_files(root: Path | None = None) -> dict[str, str]:
    root = root or stdlib_root()
    return {name: read_source(root / name) for name in INTERPRETATION_FILES}
