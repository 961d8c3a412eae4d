"""Trainer slots follow a container's CPU quota (cgroup v2 cpu.max, v1 cfs quota), not the host's core count."""
from __future__ import annotations

import os

import pytest

from rnnviz.learn.cpus import available_cpus, cgroup_cpu_limit


def _write(root, name, text):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.mark.parametrize("text, limit", [("150000 100000\n", 1.5), ("max 100000\n", None), ("50000 100000", 0.5)])
def test_cgroup_v2_quota(tmp_path, text, limit):
    _write(tmp_path, "cpu.max", text)
    assert cgroup_cpu_limit(tmp_path) == limit


@pytest.mark.parametrize("quota, limit", [("200000", 2.0), ("-1", None)])
def test_cgroup_v1_quota(tmp_path, quota, limit):
    _write(tmp_path, "cpu/cpu.cfs_quota_us", quota)
    _write(tmp_path, "cpu/cpu.cfs_period_us", "100000")
    assert cgroup_cpu_limit(tmp_path) == limit


def test_no_cgroup_files_means_no_limit(tmp_path):
    assert cgroup_cpu_limit(tmp_path) is None


def test_available_cpus_is_capped_by_the_quota_rounded_up(tmp_path):
    cores = len(os.sched_getaffinity(0))
    _write(tmp_path, "cpu.max", "50000 100000")  # half a CPU: still one whole CPU to train on
    assert available_cpus(tmp_path) == 1
    _write(tmp_path, "cpu.max", f"{(cores + 4) * 100000} 100000")  # a quota above the cores changes nothing
    assert available_cpus(tmp_path) == cores
    _write(tmp_path, "cpu.max", "garbage")
    assert available_cpus(tmp_path) == cores
