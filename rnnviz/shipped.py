"""Where this copy of rnnviz keeps the files it ships: assets/ (the 8x8 digits, the pretrained models) and static/
(the vendored plotly.js and KaTeX, which Streamlit also serves to the app).

In the repository they are its assets/ and static/ folders; an installed package carries the same files as
rnnviz/_assets and rnnviz/_static (pyproject.toml maps the folders there)."""
from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _folder(installed: str, repository: str) -> Path:
    """The installed folder when there is one (a repository never has it), else the repository's (also when neither
    exists, so that a missing file names a real place)."""
    return next((f for f in (_HERE / installed, _HERE.parent / repository) if f.is_dir()), _HERE.parent / repository)


ASSETS = _folder("_assets", "assets")
STATIC = _folder("_static", "static")


def _found(folder: Path, relative: str) -> Path:
    path = folder / relative
    if not path.exists():
        raise FileNotFoundError(f"{relative} is not in {folder}: this copy of rnnviz ships without it")
    return path


def asset(relative: str) -> Path:
    """A shipped data file or folder, e.g. "digits_8x8.npz" or "python-code/model.safetensors"."""
    return _found(ASSETS, relative)


def static(relative: str) -> Path:
    """A vendored browser file, e.g. "plotly-cartesian.min.js" or "katex/katex.min.js"."""
    return _found(STATIC, relative)
