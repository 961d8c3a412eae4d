"""A student's regular expression cannot freeze the server: patterns run in linear time (RE2), are
bounded in length, and a page's reruns do not compute the same feature again."""
from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from rnnviz.learn import interpret as ip
from rnnviz.learn.probe import Probe

EVIL = "(a+)+$"
TEXT = ("a" * 22 + "b") * 30  # with Python's re, (a+)+$ backtracks 2^22 times per block: ~0.3 s each


def test_catastrophic_pattern_is_linear_and_correct():
    cover = ip.text_feature(TEXT, "regex", pattern=EVIL)
    assert cover.sum() == 0  # every run of a's is followed by b: no match
    text = "b" + "a" * 30
    assert ip.text_feature(text, "regex", pattern=EVIL).tolist() == [0] + [1] * 30


def test_a_hostile_pattern_leaves_another_thread_running():
    """The longest pause of a thread ticking every millisecond while the pattern runs over 100k characters."""
    gaps, done = [], threading.Event()

    def tick():
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        for pattern in (EVIL, "(a|aa)+$", "(a*)*b$", "(x+x+)+y"):
            ip.text_feature(("a" * 26 + "c") * 3700, "regex", pattern=pattern)
    finally:
        done.set()
        ticker.join()
    assert max(gaps) < 0.5, f"another thread stalled {max(gaps):.2f} s"


@pytest.mark.parametrize("pattern, reason", [
    ("(a", "missing \\)"), ("(?=a)b", "lookarounds .* are not supported"), ("(a)\\1", "backreferences"),
    ("a" * 501, "at most 500"), (None, "needs a pattern"),
])
def test_bad_patterns_are_refused_with_the_reason(pattern, reason):
    with pytest.raises(ValueError, match=reason):
        ip.text_feature("abc", "regex", pattern=pattern)


def test_a_probe_computes_each_feature_once_per_pattern():
    probe = Probe(x=np.zeros((1, 3, 2), np.float32), valid=np.ones((1, 3), bool), texts=("abc",))
    first = probe.feature("regex", pattern="b")
    assert first.tolist() == [0, 1, 0]
    assert probe.feature("regex", pattern="b") is first  # a rerun: the same array, not computed again
    assert probe.feature("regex", pattern="c").tolist() == [0, 0, 1]
    for k in range(20):  # bounded memo
        probe.feature("regex", pattern=f"x{k}")
    assert len(probe._computed) <= 8
