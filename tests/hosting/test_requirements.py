"""What Community Cloud installs, checked offline: the CPU build of torch for every supported Python on Linux
x86_64 (PyPI's is the CUDA build there), PyPI's torch elsewhere, and an install script that falls back quickly
(and says so) when PyTorch's index cannot be reached, or refuses to when asked for the CPU build only."""
from __future__ import annotations

import importlib.util
import pathlib
import socket
import tomllib
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
LOCAL_CPU_WHEELS = pathlib.Path("/opt/wheels")  # where this machine's pip finds torch's +cpu wheel

spec = importlib.util.spec_from_file_location("install_requirements", ROOT / "scripts" / "install_requirements.py")
install = importlib.util.module_from_spec(spec)
spec.loader.exec_module(install)

LINES = install.requirement_lines(ROOT / "requirements.txt")


def environment(python: str, system: str = "linux", machine: str = "x86_64") -> dict:
    return {"python_version": python, "python_full_version": python + ".0", "sys_platform": system,
            "platform_machine": machine, "platform_system": {"linux": "Linux", "darwin": "Darwin",
                                                            "win32": "Windows"}[system],
            "os_name": "nt" if system == "win32" else "posix", "implementation_name": "cpython"}


@pytest.mark.parametrize("python", ["3.11", "3.12", "3.13"])
def test_linux_x86_64_gets_the_cpu_wheel_of_its_python(python):
    line = install.torch_line(LINES, environment(python))
    url = install.Requirement(line).url
    tag = "cp" + python.replace(".", "")
    assert url == (f"https://download.pytorch.org/whl/cpu/torch-2.13.0%2Bcpu-{tag}-{tag}-manylinux_2_28_x86_64.whl")


@pytest.mark.parametrize("system, machine", [("darwin", "arm64"), ("win32", "AMD64"), ("linux", "aarch64")])
def test_other_platforms_get_pypis_torch(system, machine):
    for python in ("3.11", "3.12", "3.13"):
        assert install.torch_line(LINES, environment(python, system, machine)) == \
            'torch==2.13.0 ; sys_platform != "linux" or platform_machine != "x86_64"'


def test_nothing_that_community_cloud_reads_first_shadows_requirements_txt():
    """Community Cloud takes the first of uv.lock, Pipfile, environment.yml, requirements.txt, pyproject.toml."""
    assert not [name for name in ("uv.lock", "Pipfile", "environment.yml") if (ROOT / name).exists()]


def test_pyproject_toml_changes_nothing_community_cloud_installs():
    """pyproject.toml (the library: `pip install .`) is last in that order, and requirements.txt sits beside app.py,
    where Community Cloud looks first. It installs requirements.txt with `uv pip install`, which reads a
    pyproject.toml only for its [tool.uv] table: that table holds `managed = false` alone (uv's project commands
    leave the repository alone), so no index, source or setting of uv's reaches the app's install."""
    assert (ROOT / "app.py").is_file() and (ROOT / "requirements.txt").is_file()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["uv"] == {"managed": False}
    assert "poetry" not in pyproject["tool"]  # Community Cloud's reader of pyproject.toml, were it ever reached


def test_no_cuda_package_is_asked_for():
    assert not [line for line in LINES if line.lower().startswith(("nvidia", "triton", "cuda"))]


@pytest.mark.skipif(not LOCAL_CPU_WHEELS.is_dir(), reason="no local wheel folder on this machine")
def test_the_named_wheel_is_the_cpu_build_and_asks_for_no_cuda():
    """This machine has the cp311 CPU wheel under its real name: the address requirements.txt gives ends in that
    name, and the wheel's own metadata asks for no nvidia-* or triton package (the CUDA build asks for 15)."""
    url = install.Requirement(install.torch_line(LINES, environment("3.11"))).url
    wheel = LOCAL_CPU_WHEELS / url.rsplit("/", 1)[-1].replace("%2B", "+")
    assert wheel.exists(), f"{wheel.name} is not in {LOCAL_CPU_WHEELS}"
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        needs = [line for line in archive.read(metadata).decode().splitlines() if line.startswith("Requires-Dist:")]
    assert needs and not [n for n in needs if "nvidia" in n or "triton" in n], needs


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_index_falls_back_to_the_same_version_and_says_so(monkeypatch, capsys):
    installed = []
    monkeypatch.setattr(install, "pip", lambda *args: installed.append(args))
    line = f"torch @ http://127.0.0.1:{_closed_port()}/whl/cpu/torch-2.13.0%2Bcpu-cp311-cp311-manylinux_2_28_x86_64.whl"
    install.install_torch(line, cpu_only=False)
    assert installed == [("torch==2.13.0",)]
    assert "does not answer; installing torch==2.13.0" in capsys.readouterr().err


def test_cpu_only_refuses_the_fallback(monkeypatch):
    monkeypatch.setattr(install, "pip", lambda *args: pytest.fail("nothing may be installed"))
    line = f"torch @ http://127.0.0.1:{_closed_port()}/whl/cpu/torch-2.13.0%2Bcpu-cp311-cp311-manylinux_2_28_x86_64.whl"
    with pytest.raises(SystemExit, match="refusing to fall back to PyPI's torch==2.13.0"):
        install.install_torch(line, cpu_only=True)


def test_a_reachable_index_installs_the_named_wheel(monkeypatch):
    installed = []
    monkeypatch.setattr(install, "pip", lambda *args: installed.append(args))
    monkeypatch.setattr(install, "reachable", lambda url, seconds=5: True)
    line = install.torch_line(LINES, environment("3.12"))
    install.install_torch(line, cpu_only=True)
    assert installed == [(line,)]


def test_the_installed_torch_is_the_pinned_version():
    """The version requirements.txt pins; a +cpu build carries no CUDA (on another Python this machine's fallback
    is PyPI's CUDA build, which the version check alone accepts)."""
    import torch
    assert torch.__version__.split("+")[0] == "2.13.0"
    if torch.__version__.endswith("+cpu"):
        assert torch.version.cuda is None
