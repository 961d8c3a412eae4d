"""Shared pytest setup: the repository root on sys.path, and hypothesis profiles.

"ci" (the default) is derandomized, so every run draws the same examples and a failure reproduces
exactly. Set HYPOTHESIS_PROFILE=dev to explore new random examples locally.
"""
import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # plain `pytest` as well as `python -m pytest` finds rnnviz
    sys.path.insert(0, str(ROOT))

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
