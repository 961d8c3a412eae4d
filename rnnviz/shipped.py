"""Where this copy of rnnviz keeps the data it ships (the 8x8 digits, the pretrained models).

In the repository that is its assets/ folder; an installed package carries the same files as rnnviz/_assets
(pyproject.toml maps the folder there), as rnnviz.web.vendored() finds static/ in either place."""
from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent
_PLACES = (_HERE / "_assets", _HERE.parent / "assets")  # installed first: a repository never has rnnviz/_assets

# The first folder that exists (the repository's when neither does, so that a missing file names a real place).
ASSETS = next((folder for folder in _PLACES if folder.is_dir()), _PLACES[-1])


def asset(relative: str) -> Path:
    """A shipped file or folder, e.g. "digits_8x8.npz" or "python-code/model.safetensors"."""
    path = ASSETS / relative
    if not path.exists():
        raise FileNotFoundError(f"{relative} is not in {ASSETS}: this copy of rnnviz ships without it")
    return path
