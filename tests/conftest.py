"""Shared pytest setup: the repository root on sys.path, hypothesis profiles, one torch thread.

"ci" (the default) is derandomized, so every run draws the same examples and a failure reproduces
exactly. Set HYPOTHESIS_PROFILE=dev to explore new random examples locally.
"""
import os
import sys
from pathlib import Path

import pytest
import torch
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # plain `pytest` as well as `python -m pytest` finds rnnviz
    sys.path.insert(0, str(ROOT))

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session", autouse=True)
def single_torch_thread():
    """Tests run many tiny tensor ops: one intra-op thread is faster and far steadier on a busy 2-core
    machine (with two, each op waits for both threads to be scheduled), and it is how the app runs
    (rnnviz/ui/runtime.py)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="session")
def script_runner():
    """Runs generated scripts each in a process of its own, importing torch once for all (tests/script_runner.py)."""
    from tests.script_runner import ScriptRunner
    runner = ScriptRunner()
    yield runner
    runner.close()
