"""Training in the background: a TrainingJob trains one or more runs in its own thread, so the page that
started it stays responsive, shows live curves, and can stop it.

    job = TrainingJob([RunPlan("LSTM", net, config)], x, y, mask=mask)
    job.start()
    job.snapshot()          # thread-safe copies of every run's live loss/accuracy and status
    job.stop()              # the weights learned so far are kept (train() hands them over when it stops)
    job.wait()

A shared server runs every session's training through a few trainer slots (TRAINER_SLOTS, default: the
number of CPUs this process may use minus one, at least one; a container counts by its CPU quota): a class
pressing Train at once queues instead of taking every core from the sessions that are only stepping. Each job
also has a time limit (MAX_SECONDS), so one run cannot hold a slot for ever.

No streamlit here: rnnviz/ui/train_view.py draws what a snapshot holds.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from rnnviz.model.network import Network

from .cpus import available_cpus
from .train import History, TrainConfig, train

__all__ = ["RunPlan", "RunState", "TrainingJob", "TRAINER_SLOTS", "MAX_SECONDS", "STATUSES", "trainer_slots"]

log = logging.getLogger("rnnviz")


def _env_int(name: str, default: int, low: int) -> int:
    try:
        return max(low, int(os.environ.get(name, default)))
    except ValueError:
        return default


# One CPU is left for the sessions that step and draw; a container counts by its CPU quota (cpus.py).
TRAINER_SLOTS = _env_int("RNNVIZ_TRAINERS", max(1, available_cpus() - 1), 1)
MAX_SECONDS = _env_int("RNNVIZ_TRAIN_SECONDS", 180, 1)
# Every status a run can be in (RunState.status), from waiting for a slot to how it ended.
STATUSES = ("queued", "running", "done", "stopped", "time_limit", "diverged", "failed")
_slots = threading.BoundedSemaphore(TRAINER_SLOTS)
_waiting_lock = threading.Lock()
_waiting = 0  # jobs queued for a slot, process-wide (shown as "n ahead of you")


def trainer_slots() -> tuple[int, int]:
    """(slots, jobs waiting for one), process-wide."""
    return TRAINER_SLOTS, _waiting


@dataclass
class RunPlan:
    """One network to train with one config; the network's weights are replaced by the trained ones."""

    label: str
    net: Network
    config: TrainConfig


@dataclass
class RunState:
    """A run's live record. status: one of STATUSES."""

    label: str
    net: Network
    config: TrainConfig
    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)  # empty for mse
    status: str = "queued"
    error: str = ""
    seconds: float = 0.0
    history: History | None = None

    @property
    def epochs_run(self) -> int:
        return len(self.loss)

    @property
    def finished(self) -> bool:
        return self.status not in ("queued", "running")

    def copy(self) -> RunState:
        """A snapshot whose lists do not change under the reader (the network is shared, read-only)."""
        return RunState(self.label, self.net, self.config, list(self.loss), list(self.accuracy), self.status,
                        self.error, self.seconds, self.history)


class TrainingJob:
    """Runs the plans one after another (same data) in a daemon thread."""

    def __init__(self, plans: list[RunPlan], x, y, *, mask=None, max_seconds: float = MAX_SECONDS):
        if not plans:
            raise ValueError("a training job needs at least one run")
        self.runs = [RunState(p.label, p.net, p.config) for p in plans]
        self.x, self.y = x, y
        self.mask = None if mask is None else np.asarray(mask, dtype=bool)
        self.max_seconds = max_seconds
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.started_at: float | None = None

    # --- control --------------------------------------------------------------------------------------
    def start(self) -> TrainingJob:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="rnnviz-train", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job ends (True) or timeout seconds pass (False)."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def snapshot(self) -> list[RunState]:
        with self._lock:
            return [run.copy() for run in self.runs]

    def progress(self) -> float:
        """Share of all planned epochs done (a stopped run counts as complete)."""
        with self._lock:
            total = sum(run.config.epochs for run in self.runs)
            done = sum(run.config.epochs if run.finished else run.epochs_run for run in self.runs)
        return done / total

    # --- the worker -----------------------------------------------------------------------------------
    def _work(self) -> None:
        global _waiting
        with _waiting_lock:
            _waiting += 1
        try:
            while not _slots.acquire(timeout=0.1):  # queued: a Stop press still ends the wait
                if self._stop.is_set():
                    with self._lock:
                        for run in self.runs:
                            run.status = "stopped"
                    return
        finally:
            with _waiting_lock:
                _waiting -= 1
        try:
            self.started_at = time.perf_counter()
            for run in self.runs:
                if self._stop.is_set():
                    with self._lock:
                        run.status = "stopped"
                    continue
                self._train_one(run)
        finally:
            _slots.release()

    def _train_one(self, run: RunState) -> None:
        with self._lock:
            run.status = "running"
        timed_out = False

        def on_epoch(epoch: int, loss: float, accuracy: float | None):
            nonlocal timed_out
            with self._lock:
                run.loss.append(loss)
                if accuracy is not None:
                    run.accuracy.append(accuracy)
            if time.perf_counter() - self.started_at > self.max_seconds:
                timed_out = True
                return False
            return not self._stop.is_set()

        try:
            history = train(run.net, self.x, self.y, run.config, on_epoch=on_epoch, mask=self.mask)
        except ValueError as err:  # a setting that does not fit the data: shown to the user as it is
            with self._lock:
                run.status, run.error = "failed", str(err)
            return
        except Exception as err:  # noqa: BLE001 - a background thread must not die silently
            log.exception("training run %s failed", run.label)
            with self._lock:
                run.status, run.error = "failed", f"{type(err).__name__}: {err}"
            return
        with self._lock:
            run.history, run.seconds = history, history.seconds
            run.status = ("diverged" if history.diverged else "time_limit" if timed_out
                          else "stopped" if history.stopped else "done")
