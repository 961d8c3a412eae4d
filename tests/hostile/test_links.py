"""A hand-made link cannot make the server expand data: counts are checked against the caps, the packed
text's length is bounded, and decompression stops at the declared size."""
from __future__ import annotations

import base64
import json
import subprocess
import sys
import zlib

import numpy as np
import pytest

from rnnviz.ui.state import MAX_LINK_NUMBERS, from_query, pack_floats, unpack_floats


def packed(raw: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def test_round_trip_up_to_the_cap():
    values = np.random.default_rng(0).normal(size=MAX_LINK_NUMBERS).astype(np.float32)
    assert np.array_equal(unpack_floats(pack_floats(values), MAX_LINK_NUMBERS), values)


@pytest.mark.parametrize("xs, reason", [
    ("20000.1200." + packed(b"\0" * 1000), "at most 4096 numbers; this one declares 24000000"),
    ("1.1." + "A" * 30_000, "30000 characters long"),
    ("1.1." + packed(b"\0" * 12_000_000), "declares 1 numbers but packs more"),  # a bomb within the length cap
    ("2.2." + packed(b"\0" * 8), "expected 4 packed numbers, found 2"),
    ("2.2.!!!", "damaged"),
])
def test_hostile_table_links_are_refused_and_the_default_kept(xs, reason):
    view, problems = from_query({"seq": "table", "xs": xs, "cell": "lstm", "in": "2"})
    assert len(problems) == 1 and reason in problems[0], problems
    assert view.sequence.kind == "generator"  # the default input, nothing half-loaded


def test_hostile_weights_link_is_refused():
    view, problems = from_query({"cell": "lstm", "in": "1200", "hid": "256", "w": packed(b"\0" * 12_000_000)})
    assert view.weights is None
    assert any("at most 4096 numbers" in p for p in problems), problems


def test_a_zip_bomb_link_does_not_grow_the_process():
    """Measured in a fresh interpreter: the peak resident size parsing the bomb against parsing nothing."""
    bomb = "1.1." + packed(b"\0" * 12_000_000)
    script = f"""
import json, resource, sys
from rnnviz.ui.state import from_query
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for _ in range(5):
    from_query({{"seq": "table", "xs": {bomb!r}}})
print(json.dumps((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024))
"""
    grown_mb = json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                         check=True).stdout)
    assert grown_mb < 5, f"parsing the link grew the process by {grown_mb} MB"
