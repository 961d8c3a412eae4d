"""A 20 MB CSV of millions of rows is refused after reading 20,001 of them, without a list of every row first."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rnnviz.data.sequences import parse_csv


def test_more_rows_than_the_cap_is_refused():
    with pytest.raises(ValueError, match="more than 20000 rows"):
        parse_csv("x0\n" + "1\n" * 20_001, 1)
    assert parse_csv("x0\n" + "1\n" * 20_000, 1).shape == (20_000, 1)


def test_a_20_mb_csv_costs_little_memory():
    """Measured in a fresh interpreter: the peak resident growth while refusing 6.6 million rows (the text itself,
    ~20 MB, is made before the measurement starts, as the upload is)."""
    script = """
import json, resource
from rnnviz.data.sequences import parse_csv
text = "0.5,1.5\\n" * 2_600_000
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    parse_csv(text, 2)
except ValueError as err:
    message = str(err)
print(json.dumps([message, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024]))
"""
    message, grown_mb = json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                                  check=True).stdout)
    assert "more than 20000 rows" in message
    assert grown_mb < 40, f"refusing the file grew the process by {grown_mb} MB"
