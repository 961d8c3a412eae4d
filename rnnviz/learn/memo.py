"""SharedMemo: a bounded, thread-safe memo for deterministic computations many sessions ask for at once.

A class pressing "Train" on the same lesson with the same settings asks for the same seeded, deterministic
result twenty times; the memo computes it once (the others wait for that one, then get it) and hands every
caller its own deep copy, so no session can change what another sees.
"""
from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class SharedMemo:
    def __init__(self, max_entries: int):
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, got {max_entries}")
        self.max_entries = max_entries
        self._values: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict = {}  # key -> lock held while that key is computed
        self.computed = 0  # how many times compute ran (for tests and benchmarks)

    def get(self, key: Hashable, compute: Callable[[], object]):
        """A copy of the value for key, computing it (once, whoever asks first) if it is not kept."""
        while True:
            with self._lock:
                if key in self._values:
                    self._values.move_to_end(key)
                    return copy.deepcopy(self._values[key])
                busy = self._computing.get(key)
                if busy is None:
                    busy = self._computing[key] = threading.Lock()
                    busy.acquire()
                    break
            with busy:  # someone else computes it: wait, then look again (it failed if still missing)
                pass
        try:
            value = compute()
            with self._lock:
                self.computed += 1
                self._values[key] = value
                self._values.move_to_end(key)
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
            return copy.deepcopy(value)
        finally:
            with self._lock:
                del self._computing[key]
            busy.release()

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
