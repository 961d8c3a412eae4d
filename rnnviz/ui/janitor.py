"""Sessions whose browser has left give back what they hold, a bounded time after it left.

Streamlit keeps a disconnected session (its model, traces and uploads) for server.disconnectedSessionTTL
(120 s), and even then drops it only when another session disconnects later (its store expires entries
lazily); a training job keeps its trainer slot until its time limit. On a server that one lecture hall
shares, that is memory and training time nobody can use. A daemon thread (started by app.py) checks every
few seconds:

- a training job whose session has had no browser for STOP_SECONDS is stopped (its slot is free again);
- a session that has had no browser for RELEASE_SECONDS is shut down and dropped; then Python's cycle
  collector runs (the app turns Streamlit's per-run collection off) and glibc returns freed pages to the
  system (malloc_trim), so the process shrinks back instead of only freeing memory inside itself.

This is the one module that reads Streamlit's private session manager; tests/ui/test_janitor.py fails
loudly if an upgrade moves what it reads. RNNVIZ_JANITOR_LOG=<file> appends one line per action (tests).
"""
from __future__ import annotations

import ctypes
import gc
import logging
import os
import threading
import time
import weakref

log = logging.getLogger("rnnviz")


def _env_seconds(name: str, default: float) -> float:
    try:
        return max(0.5, float(os.environ.get(name, default)))
    except ValueError:
        return default


STOP_SECONDS = _env_seconds("RNNVIZ_STOP_SECONDS", 10)  # a reload or a flaky network reconnects within this
RELEASE_SECONDS = _env_seconds("RNNVIZ_RELEASE_SECONDS", 30)
INTERVAL = min(2.0, STOP_SECONDS / 2)

_jobs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # TrainingJob -> session id
_lock = threading.Lock()
_started = False


def current_session_id() -> str | None:
    """The id of the session running this script (None outside a Streamlit run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else None


def watch_job(job) -> None:
    """Stop `job` once the session that started it has had no browser for STOP_SECONDS."""
    session_id = current_session_id()
    if session_id is not None:
        with _lock:
            _jobs[job] = session_id
        _note(f"watching the training of session {session_id}")


def _session_manager():
    """Streamlit's session manager, or None when no server runs (AppTest, scripts)."""
    from streamlit import runtime
    if not runtime.exists():
        return None
    return getattr(runtime.get_instance(), "_session_mgr", None)


def _note(message: str) -> None:
    log.info("janitor: %s", message)
    path = os.environ.get("RNNVIZ_JANITOR_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{time.time():.3f} {message}\n")


def _give_memory_back() -> None:
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: freed memory stays with the process, nothing breaks
        pass


class _Janitor:
    def __init__(self, manager):
        self.manager = manager
        self.gone_since: dict[str, float] = {}  # session id -> when it was first seen without a browser

    def sweep(self, now: float) -> int:
        """Stop and release what is due; returns how many sessions were released."""
        storage = self.manager._session_storage
        active = {info.session.id for info in self.manager.list_active_sessions()}
        stored = {info.session.id: info for info in storage.list()}
        watched = {sid for sid in list(_jobs.values())}
        for sid in list(self.gone_since):
            if sid in active or (sid not in stored and sid not in watched):
                del self.gone_since[sid]  # back again, or already gone
        for sid in (set(stored) | watched) - active:
            self.gone_since.setdefault(sid, now)
        with _lock:
            jobs = list(_jobs.items())
        for job, sid in jobs:
            if sid not in active and now - self.gone_since.get(sid, now) >= STOP_SECONDS and job.running \
                    and not job.stop_requested:
                job.stop()
                _note(f"stopped the training of session {sid}: its browser left")
        released = 0
        for sid, info in stored.items():
            if now - self.gone_since.get(sid, now) >= RELEASE_SECONDS:
                try:
                    storage.delete(sid)
                except KeyError:  # expired by Streamlit meanwhile
                    pass
                info.session.shutdown()
                self.gone_since.pop(sid, None)
                released += 1
                _note(f"released session {sid}: no browser for {RELEASE_SECONDS:g} s")
        return released

    def tidy(self, now: float) -> None:
        # Memory is given back only after sweep() has returned: its locals still point at the released sessions.
        if self.sweep(now):
            _give_memory_back()

    def loop(self) -> None:
        while True:
            time.sleep(INTERVAL)
            try:
                self.tidy(time.monotonic())
            except Exception:  # noqa: BLE001 - the janitor must outlive any one odd session
                log.exception("janitor sweep failed")


def start() -> None:
    """Start the janitor once per process (app.py calls this on every run; only the first starts it)."""
    global _started
    with _lock:
        if _started:
            return
        manager = _session_manager()
        if manager is None or not hasattr(manager, "_session_storage"):
            return
        _started = True
    threading.Thread(target=_Janitor(manager).loop, name="rnnviz-janitor", daemon=True).start()
