"""The janitor: what it reads of Streamlit's private session manager still exists (this fails loudly on an
upgrade that moves it), and its sweep stops the jobs and releases the sessions whose browser left."""
from __future__ import annotations

import types

from streamlit.runtime.app_session import AppSession
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

from rnnviz.ui import janitor


def test_the_streamlit_internals_it_reads_are_there():
    assert callable(getattr(WebsocketSessionManager, "list_active_sessions"))
    manager = WebsocketSessionManager.__new__(WebsocketSessionManager)
    manager.__init__(session_storage=MemorySessionStorage(), uploaded_file_manager=None, script_cache=None,
                     message_enqueued_callback=None)
    assert isinstance(manager._session_storage, MemorySessionStorage)
    for name in ("list", "delete"):
        assert callable(getattr(MemorySessionStorage, name))
    assert callable(getattr(AppSession, "shutdown"))


class FakeJob:
    def __init__(self):
        self.running, self.stop_requested = True, False

    def stop(self):
        self.stop_requested, self.running = True, False


class FakeSession:
    def __init__(self, sid):
        self.id, self.shut = sid, False

    def shutdown(self):
        self.shut = True


def info(session):
    return types.SimpleNamespace(session=session)


def test_a_sweep_stops_jobs_and_releases_sessions_whose_browser_left(monkeypatch):
    monkeypatch.setattr(janitor, "STOP_SECONDS", 10)
    monkeypatch.setattr(janitor, "RELEASE_SECONDS", 30)
    trimmed = []
    monkeypatch.setattr(janitor, "_give_memory_back", lambda: trimmed.append(True))
    here, gone = FakeSession("here"), FakeSession("gone")
    storage = MemorySessionStorage()
    storage.save(types.SimpleNamespace(session=gone))
    manager = types.SimpleNamespace(_session_storage=storage, list_active_sessions=lambda: [info(here)])
    mine, theirs = FakeJob(), FakeJob()
    monkeypatch.setattr(janitor, "_jobs", {mine: "here", theirs: "gone"})
    sweeper = janitor._Janitor(manager)
    sweeper.sweep(100.0)
    assert theirs.running and not gone.shut  # just left: a reload may bring it back
    sweeper.sweep(110.0)
    assert not theirs.running and mine.running  # no browser for 10 s: stopped; the connected one trains on
    sweeper.tidy(129.0)
    assert not gone.shut and not trimmed
    sweeper.tidy(130.0)
    assert gone.shut and storage.list() == [] and trimmed == [True]
    assert not here.shut


def test_a_session_that_comes_back_is_left_alone(monkeypatch):
    monkeypatch.setattr(janitor, "RELEASE_SECONDS", 30)
    monkeypatch.setattr(janitor, "_give_memory_back", lambda: None)
    monkeypatch.setattr(janitor, "_jobs", {})
    s = FakeSession("s")
    storage = MemorySessionStorage()
    storage.save(types.SimpleNamespace(session=s))
    active: list = []
    manager = types.SimpleNamespace(_session_storage=storage, list_active_sessions=lambda: list(active))
    sweeper = janitor._Janitor(manager)
    sweeper.sweep(0.0)
    storage.delete("s")  # it reconnected: Streamlit moved it back to the active sessions
    active.append(info(s))
    sweeper.sweep(20.0)
    storage.save(types.SimpleNamespace(session=s))  # and left again, later
    active.clear()
    sweeper.sweep(40.0)
    assert not s.shut  # its clock started again at 40 s
    sweeper.sweep(70.0)
    assert s.shut
