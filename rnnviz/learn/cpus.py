"""How many CPUs this process may really use: a container's CPU quota, not the host's core count.

os.cpu_count() reports the host's cores; a container limited to 1.5 CPUs (docker --cpus, a Kubernetes limit)
sees all of them there, and sizing trainer slots by it lets training starve the sessions that only step.
"""
from __future__ import annotations

import math
import os
import pathlib


def cgroup_cpu_limit(root: str | os.PathLike = "/sys/fs/cgroup") -> float | None:
    """The CPU quota in CPUs (1.5 for `--cpus 1.5`), or None when there is none or it cannot be read.

    cgroup v2: `cpu.max` holds "<quota> <period>" or "max <period>"; cgroup v1: cpu/cpu.cfs_quota_us (-1: none)
    over cpu/cpu.cfs_period_us."""
    base = pathlib.Path(root)
    try:
        quota, period = (base / "cpu.max").read_text().split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    try:
        quota = int((base / "cpu" / "cpu.cfs_quota_us").read_text())
        period = int((base / "cpu" / "cpu.cfs_period_us").read_text())
        return None if quota <= 0 or period <= 0 else quota / period
    except (OSError, ValueError):
        return None


def available_cpus(root: str | os.PathLike = "/sys/fs/cgroup") -> int:
    """Whole CPUs this process may use: the cores it may run on, capped by a cgroup quota (rounded up, at least 1)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    limit = cgroup_cpu_limit(root)
    if limit is not None:
        cores = min(cores, math.ceil(limit))
    return max(1, cores)
