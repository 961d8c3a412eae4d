"""Install requirements.txt into the running interpreter, torch first and on its own.

    python scripts/install_requirements.py [--dev] [--cpu-only] [--part all|torch|rest]

requirements.txt is what Streamlit Community Cloud installs: on Linux x86_64 it names PyTorch's CPU wheel by
its address on download.pytorch.org, because PyPI serves only the CUDA build there (several GB). This script
installs that wheel when its host answers within a few seconds. When the host cannot be reached (a closed
network, such as the machines that run our CI), it says so and installs torch of the same version from the
indexes pip is configured with instead (a local +cpu wheel where there is one, else PyPI), unless --cpu-only
(the Dockerfile) asks to fail instead. Then everything else in requirements.txt, and requirements-dev.txt with
--dev. Runs on a bare interpreter: it reads requirements with pip's own copy of `packaging`.
"""
from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

try:
    from packaging.requirements import Requirement
except ImportError:  # a fresh venv has only pip
    from pip._vendor.packaging.requirements import Requirement

ROOT = pathlib.Path(__file__).resolve().parents[1]
PROBE_SECONDS = 5


def requirement_lines(path: pathlib.Path) -> list[str]:
    """The requirement lines of a requirements file: comments and blank lines dropped."""
    lines = []
    for raw in path.read_text().splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def applies(line: str, environment: dict | None = None) -> bool:
    """Whether a requirement line is meant for this interpreter (or for `environment`, e.g. another Python)."""
    marker = Requirement(line).marker
    return marker is None or marker.evaluate(environment)


def torch_line(lines: list[str], environment: dict | None = None) -> str:
    """The one torch requirement that applies here; requirements.txt must have exactly one for each platform."""
    chosen = [line for line in lines if Requirement(line).name == "torch" and applies(line, environment)]
    if len(chosen) != 1:
        raise SystemExit(f"requirements.txt has {len(chosen)} torch lines for this platform; expected exactly one")
    return chosen[0]


def reachable(url: str, seconds: float = PROBE_SECONDS) -> bool:
    """Whether the server behind `url` answers at all within `seconds` (any HTTP status counts)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=seconds):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *args], check=True)


def install_torch(line: str, cpu_only: bool) -> None:
    requirement = Requirement(line)
    if not requirement.url:
        pip(line)
        return
    if reachable(requirement.url):
        pip(line)
        return
    version = requirement.url.rsplit("/", 1)[-1].split("-")[1].replace("%2B", "+").split("+")[0]
    if cpu_only:
        raise SystemExit(f"cannot reach {requirement.url} within {PROBE_SECONDS} s; refusing to fall back to "
                         f"PyPI's torch=={version}, which on Linux x86_64 is the CUDA build of several GB")
    print(f"note: {requirement.url.split('/whl/')[0]} does not answer; installing torch=={version} from pip's "
          "configured indexes instead (a local +cpu wheel where there is one; from PyPI on Linux x86_64 that is "
          "the CUDA build)", file=sys.stderr)
    pip(f"torch=={version}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="also install requirements-dev.txt (the test tools)")
    parser.add_argument("--cpu-only", action="store_true",
                        help="fail when the CPU wheel cannot be fetched, "
                             "instead of installing torch from pip's indexes")
    parser.add_argument("--part", choices=("all", "torch", "rest"), default="all",
                        help="torch alone, everything but torch, or both (a Dockerfile installs them as two layers)")
    args = parser.parse_args()
    lines = requirement_lines(ROOT / "requirements.txt")
    if args.part in ("all", "torch"):
        install_torch(torch_line(lines), args.cpu_only)
    if args.part == "torch":
        return
    rest = [line for line in lines if Requirement(line).name != "torch"]
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as others:
        others.write("\n".join(rest) + "\n")
        others.flush()
        pip("-r", others.name, *(["-r", str(ROOT / "requirements-dev.txt")] if args.dev else []))


if __name__ == "__main__":
    main()
