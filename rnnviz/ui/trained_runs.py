"""The session's store of training: the job being trained and the runs it finished.

Read by the Train page (ui/train_view.py), the Interpret page (ui/interpret_view.py) and the lost-runs notice
(ui/lost_runs.py); written only here. Everything stays in this session (st.session_state), bounded: at most
MAX_RUNS runs over at most MAX_RUN_TASKS data sets.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from rnnviz.learn.jobs import RunState, TrainingJob
from rnnviz.learn.tasks import Task
from rnnviz.model.network import Network
from rnnviz.ui import session, session_keys

MAX_RUNS = 8  # finished runs kept per session (memory stays bounded)
MAX_RUN_TASKS = 2  # the data sets those runs hold (each up to MAX_TASK_MB): runs of older ones are let go


@dataclass
class FinishedRun:
    """A trained network with what it was trained on and how it went."""

    id: int
    label: str
    task_key: str  # the task's fingerprint: runs on the same task are compared
    task: Task
    state: RunState
    evaluation: dict | None
    writes: object = field(default=None, repr=False)  # its greedy generation, made once (train_view)

    @property
    def net(self) -> Network:
        return self.state.net


def next_number(counter: str = session_keys.RUN_COUNTER) -> int:
    number = st.session_state.get(counter, 0) + 1
    st.session_state[counter] = number
    return number


# --- the job --------------------------------------------------------------------------------------------------
def current_job() -> tuple[str, Task, TrainingJob] | None:
    return st.session_state.get(session_keys.JOB)


def keep_job(fingerprint: str, task: Task, job: TrainingJob) -> None:
    st.session_state.pop(session_keys.TRAIN_NOTES, None)
    st.session_state[session_keys.JOB] = (fingerprint, task, job)


def notes() -> list[str]:
    """Why the last job's runs left nothing to show; kept until the next job."""
    return st.session_state.get(session_keys.TRAIN_NOTES, [])


def clear_notes() -> None:
    st.session_state.pop(session_keys.TRAIN_NOTES, None)


def collect_finished() -> None:
    """Move the runs of a finished job into the session's list of runs (also after the learner left the page)."""
    entry = current_job()
    if entry is None or entry[2].running:
        return
    fingerprint, task, job = entry
    runs = st.session_state.setdefault(session_keys.RUNS, [])
    for state in job.snapshot():
        if state.status == "failed" or state.epochs_run == 0:
            said = st.session_state.setdefault(session_keys.TRAIN_NOTES, [])
            if state.error:
                said.append(session.t("tr_bad_settings", error=state.error))
            elif state.status == "diverged":  # undone at once: there is no epoch to show, but it must be said
                said.append(session.t("tr_diverged_at_once", label=state.label))
            continue
        evaluation = task.evaluate(state.net)
        run = FinishedRun(next_number(session_keys.RUN_IDS), state.label, fingerprint, task, state, evaluation)
        runs.append(run)
        st.session_state[session_keys.SELECTED_RUN] = run.id
    del runs[:-MAX_RUNS]
    newest_tasks = list(dict.fromkeys(r.task_key for r in reversed(runs)))[:MAX_RUN_TASKS]
    runs[:] = [r for r in runs if r.task_key in newest_tasks]
    del st.session_state[session_keys.JOB]


# --- the finished runs ------------------------------------------------------------------------------------------
def all_runs() -> list[FinishedRun]:
    return list(st.session_state.get(session_keys.RUNS, []))


def runs_for(fingerprint: str) -> list[FinishedRun]:
    return [r for r in all_runs() if r.task_key == fingerprint]


def forget_runs_for(fingerprint: str) -> None:
    st.session_state[session_keys.RUNS] = [r for r in all_runs() if r.task_key != fingerprint]


def selected_run() -> FinishedRun | None:
    runs = all_runs()
    wanted = st.session_state.get(session_keys.SELECTED_RUN)
    return next((r for r in runs if r.id == wanted), runs[-1] if runs else None)


def run_selector(label: str, runs: list[FinishedRun], key: str, describe) -> FinishedRun:
    """A choice among runs that always shows the session's selected run (the newest one when it finishes,
    or the last one chosen on either page) and makes a new choice the selected run."""
    by_id = {r.id: r for r in runs}
    current = selected_run()
    st.session_state[key] = current.id if current is not None and current.id in by_id else runs[-1].id

    def chosen():
        st.session_state[session_keys.SELECTED_RUN] = st.session_state[key]

    picked = st.selectbox(label, list(by_id), key=key, format_func=lambda i: describe(by_id[i]), on_change=chosen)
    return by_id[picked]
