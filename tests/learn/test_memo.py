"""SharedMemo: computed once per key however many threads ask at once; copies; bounded; failures retried."""
from __future__ import annotations

import threading
import time

import pytest

from rnnviz.learn.memo import SharedMemo


def test_many_threads_asking_at_once_compute_once_and_get_equal_copies():
    memo = SharedMemo(max_entries=4)
    calls = []

    def compute():
        calls.append(1)
        time.sleep(0.2)  # long enough that every thread asks while the first computes
        return {"weights": [1.0, 2.0, 3.0]}

    results = [None] * 20
    start = threading.Barrier(20)

    def ask(k):
        start.wait()
        results[k] = memo.get("poem", compute)

    threads = [threading.Thread(target=ask, args=(k,)) for k in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and memo.computed == 1
    assert all(r == {"weights": [1.0, 2.0, 3.0]} for r in results)
    assert len({id(r) for r in results}) == 20  # every caller its own copy


def test_a_callers_changes_do_not_reach_the_kept_value():
    memo = SharedMemo(max_entries=2)
    mine = memo.get("k", lambda: {"w": [0.0]})
    mine["w"][0] = 99.0
    assert memo.get("k", lambda: pytest.fail("kept, so not computed again")) == {"w": [0.0]}


def test_bounded_least_recently_used_goes_first():
    memo = SharedMemo(max_entries=2)
    memo.get("a", lambda: 1)
    memo.get("b", lambda: 2)
    memo.get("a", lambda: pytest.fail("a is kept"))
    memo.get("c", lambda: 3)  # evicts b, the least recently used
    assert len(memo) == 2
    assert memo.get("b", lambda: 22) == 22 and memo.computed == 4


def test_a_failed_computation_is_not_kept_and_the_next_caller_computes_again():
    memo = SharedMemo(max_entries=2)

    def broken():
        raise RuntimeError("diverged")

    with pytest.raises(RuntimeError, match="diverged"):
        memo.get("k", broken)
    assert memo.get("k", lambda: 5) == 5 and len(memo) == 1


def test_waiters_on_a_failed_computation_compute_for_themselves():
    memo = SharedMemo(max_entries=2)
    started = threading.Event()
    outcome = []

    def slow_failure():
        started.set()
        time.sleep(0.2)
        raise RuntimeError("first one failed")

    def first():
        with pytest.raises(RuntimeError):
            memo.get("k", slow_failure)

    thread = threading.Thread(target=first)
    thread.start()
    started.wait()
    outcome.append(memo.get("k", lambda: "second computed it"))
    thread.join()
    assert outcome == ["second computed it"]


def test_max_entries_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        SharedMemo(0)
