"""`pip install .` without Streamlit, for real: the wheel is built from a copy of the repository (offline, with the
venv's setuptools), its file list and metadata are read, and it is installed into a folder of its own that a fresh
Python, started outside the repository with streamlit and anywidget made unimportable, uses to trace a network,
write the stand-alone page and run the pretrained model."""
from __future__ import annotations

import ast
import email.parser
import importlib.util
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tomllib
import zipfile

import pytest

try:
    from packaging.requirements import Requirement
    from packaging.version import Version
except ImportError:  # pip's own copy, as scripts/install_requirements.py does
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.version import Version

ROOT = pathlib.Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Not part of a build: the venvs, git, caches and whatever a build leaves behind.
_NOT_COPIED = shutil.ignore_patterns(".git", ".venv*", "__pycache__", "*.pyc", "build", "dist", "*.egg-info",
                                     ".pytest_cache", ".hypothesis", "tmp", "screenshots", "node_modules")
_PIP = ("--disable-pip-version-check", "--no-input", "--no-index", "--quiet")  # --no-index: nothing downloaded
IMPORT_TO_DIST = {"re2": "google-re2"}  # where an import's name is not its distribution's


def _pip(*args: str, cwd: pathlib.Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", *args, *_PIP], cwd=cwd, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> pathlib.Path:
    """The wheel, built as `pip install .` builds it, from a copy (a build writes build/ and *.egg-info)."""
    if importlib.util.find_spec("setuptools") is None:
        pytest.fail("setuptools is missing: requirements-dev.txt installs it (the wheel is built without isolation)")
    work = tmp_path_factory.mktemp("build")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=_NOT_COPIED)
    _pip("wheel", str(source), "--no-deps", "--no-build-isolation", "--wheel-dir", str(work / "dist"), cwd=work)
    (wheel,) = (work / "dist").glob("rnnviz-*.whl")
    return wheel


@pytest.fixture(scope="module")
def names(built) -> set[str]:
    with zipfile.ZipFile(built) as archive:
        return set(archive.namelist())


def _metadata(wheel: pathlib.Path):
    with zipfile.ZipFile(wheel) as archive:
        (path,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(archive.read(path).decode("utf-8"))


def _files(folder: pathlib.Path) -> list[pathlib.Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]


def test_the_wheel_holds_the_package_its_browser_files_and_its_data(names):
    expected = {"rnnviz/" + p.relative_to(ROOT / "rnnviz").as_posix() for p in _files(ROOT / "rnnviz")}
    expected |= {"rnnviz/_static/" + p.relative_to(ROOT / "static").as_posix() for p in _files(ROOT / "static")}
    expected |= {"rnnviz/_assets/" + p.relative_to(ROOT / "assets").as_posix() for p in _files(ROOT / "assets")}
    assert not expected - names, sorted(expected - names)  # every module, subpackage and data file of rnnviz/
    for name in ("rnnviz/web/stepper.js", "rnnviz/_static/plotly-cartesian.min.js", "rnnviz/_static/katex/katex.min.js",
                 "rnnviz/_static/katex/fonts/KaTeX_Main-Regular.woff2", "rnnviz/_assets/python-code/model.safetensors",
                 "rnnviz/_assets/python-code/held_out.json.gz", "rnnviz/_assets/digits_8x8.npz"):
        assert name in names
    # The app, the tests and the tools stay in the repository.
    outside = {n for n in names if not n.startswith(("rnnviz/", "rnnviz-"))}
    assert not outside, sorted(outside)
    assert not [n for n in names if n.startswith(("tests/", "pages/", "scripts/")) or n == "app.py"]


def test_the_metadata_asks_for_streamlit_and_anywidget_only_as_extras(built):
    metadata = _metadata(built)
    requirements = [Requirement(line) for line in metadata.get_all("Requires-Dist")]

    def wanted_by(requirement) -> set[str]:  # "" for the core
        marker = requirement.marker
        return {e for e in ("", "app", "notebook") if marker is None or marker.evaluate({"extra": e})}

    wanted = {}
    for requirement in requirements:
        assert wanted_by(requirement), requirement  # no extra but these
        wanted.setdefault(requirement.name, set()).update(wanted_by(requirement))
    assert wanted["streamlit"] == {"app"} and wanted["anywidget"] == {"notebook"}, wanted
    assert sorted(metadata.get_all("Provides-Extra")) == ["app", "notebook"]
    assert metadata["Requires-Python"] == ">=3.11"


def _third_party_imports(paths) -> set[str]:
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return {IMPORT_TO_DIST.get(n, n) for n in found if n not in sys.stdlib_module_names and n != "rnnviz"}


def _pins() -> dict[str, Version]:
    """The exact versions requirements.txt gives the app (torch's from its wheel's address)."""
    pins = {}
    for raw in (ROOT / "requirements.txt").read_text().splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            requirement = Requirement(line)
            if requirement.url:
                pins[requirement.name] = Version(requirement.url.rsplit("/", 1)[-1].split("-")[1].replace("%2B", "+"))
            else:
                (spec,) = requirement.specifier
                pins[requirement.name] = Version(spec.version)
    return pins


def test_the_core_requirements_are_what_the_core_imports_and_admit_the_apps_pins():
    core = [p for p in (ROOT / "rnnviz").rglob("*.py") if "ui" not in p.relative_to(ROOT / "rnnviz").parts]
    ui = [*(ROOT / "rnnviz" / "ui").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]
    dependencies = {Requirement(line).name: Requirement(line) for line in PYPROJECT["project"]["dependencies"]}
    extras = PYPROJECT["project"]["optional-dependencies"]
    app, notebook = ({Requirement(line).name for line in extras[name]} for name in ("app", "notebook"))
    # The notebook widget's imports (anywidget) are the notebook extra's; the rest of the core's are the core's own.
    imported = _third_party_imports(core)
    assert imported - notebook == set(dependencies), {"undeclared": imported - set(dependencies) - notebook,
                                                      "not imported": set(dependencies) - imported}
    assert _third_party_imports(ui) <= set(dependencies) | app, _third_party_imports(ui) - set(dependencies) - app
    pins = _pins()
    for name, requirement in dependencies.items():
        assert requirement.specifier.contains(pins[name]), (name, requirement, pins[name])
    for line in PYPROJECT["project"]["optional-dependencies"]["app"]:
        requirement = Requirement(line)
        assert requirement.specifier.contains(pins[requirement.name]), (requirement, pins[requirement.name])


# Runs in a fresh interpreter (-I: no PYTHONPATH, no current folder on sys.path) with the install folder in front of
# the venv's site-packages; every import of streamlit or anywidget fails and is recorded.
_INSTALLED_RUN = r"""
import json, sys
target = sys.argv[1]
sys.path.insert(0, target)
tried = []

class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("streamlit", "anywidget"):
            tried.append(name)
            raise ImportError(f"{name} is blocked: the core must not need it")
        return None

sys.meta_path.insert(0, Blocked())

import rnnviz
from rnnviz import ModelSpec, Network, pretrained, shipped, web
from rnnviz.data.digits import load_digits
from rnnviz.lessons.catalogue import LESSONS
from rnnviz.standalone import standalone_html

net = Network(ModelSpec("lstm", input_size=3, hidden_size=4), seed=0)
trace = net.trace([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
page = standalone_html(trace)

model, vocab = pretrained.load("python-code")
text = "def f(x):\n    return (x + 1)\n"
ids = vocab.encode(text)
reading = model.trace(ids)

print(json.dumps({
    "rnnviz": rnnviz.__file__, "assets": str(shipped.ASSETS), "plotly": str(web.vendored(web.PLOTLY_BUNDLE)),
    "katex_font": str(web.vendored("katex/fonts/KaTeX_Main-Regular.woff2")),
    "page_bytes": len(page.encode("utf-8")), "data_element": 'id="rnnviz-data"' in page,
    "plotly_inline": "plotly.js (cartesian - minified)" in page, "katex_inline": "katex" in page.lower(),
    "fonts_inline": page.count("data:font/woff2;base64,"),
    "round_trip": vocab.decode(ids) == text, "steps": int(reading.num_steps), "digits": len(load_digits()[1]),
    "lessons": len(LESSONS), "tried": tried,
    "streamlit_loaded": sorted(m for m in sys.modules if m.split(".")[0] in ("streamlit", "anywidget")),
    "path": sys.path,
}))
"""


def test_the_installed_wheel_runs_without_streamlit(built, tmp_path):
    target = tmp_path / "site"
    _pip("install", str(built), "--no-deps", "--target", str(target), cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run([sys.executable, "-I", "-c", _INSTALLED_RUN, str(target)], cwd=elsewhere, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-4000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    venv = pathlib.Path(sys.prefix).resolve()  # (make's venv lives in the repository: its packages are not rnnviz)
    assert not [p for p in out["path"] if p and pathlib.Path(p).resolve().is_relative_to(ROOT)
                and not pathlib.Path(p).resolve().is_relative_to(venv)], out["path"]
    for key in ("rnnviz", "assets", "plotly", "katex_font"):  # the installed copy, not the repository's
        assert pathlib.Path(out[key]).is_relative_to(target), (key, out[key])
    assert out["page_bytes"] > 1_000_000 and out["data_element"] and out["plotly_inline"] and out["katex_inline"]
    assert out["fonts_inline"] == len(list((ROOT / "static" / "katex" / "fonts").glob("*.woff2")))
    assert out["round_trip"] and out["steps"] == len("def f(x):\n    return (x + 1)\n")
    assert out["digits"] == 1797 and out["lessons"] >= 12
    assert out["tried"] == [] and out["streamlit_loaded"] == []


def test_the_repository_keeps_its_own_layout():
    """`make run` and the tests read the repository's assets/ and static/ in place: nothing is copied there."""
    from rnnviz import pretrained, shipped, web
    assert shipped.ASSETS == ROOT / "assets" and pretrained.ASSETS == ROOT / "assets"
    assert web.vendored(web.PLOTLY_BUNDLE) == ROOT / "static" / web.PLOTLY_BUNDLE
    assert not (ROOT / "rnnviz" / "_assets").exists() and not (ROOT / "rnnviz" / "_static").exists()
