"""Background training jobs: same result as train() itself, Stop keeps what was learned, limits hold."""
import threading
import time

import numpy as np
import pytest
import torch

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.data.builtin import poem_dataset
from rnnviz.learn import jobs
from rnnviz.learn.jobs import RunPlan, TrainingJob
from rnnviz.learn.train import TrainConfig, train

X, Y, VOCAB = poem_dataset()
SPEC = ModelSpec("lstm", len(VOCAB), 12, head=HeadSpec(len(VOCAB), "softmax"))


def _weights(net):
    return {k: v.clone() for k, v in net.state_dict().items()}


def _same(a, b):
    return all(torch.equal(a[k], b[k]) for k in a)


def test_a_job_trains_exactly_what_train_trains():
    config = TrainConfig(epochs=30, lr=0.01, seed=3)
    direct = Network(SPEC, seed=3)
    history = train(direct, X, Y, config)
    job = TrainingJob([RunPlan("LSTM", Network(SPEC, seed=3), config)], X, Y).start()
    assert job.wait(60)
    (run,) = job.snapshot()
    assert run.status == "done" and run.epochs_run == 30
    assert run.loss == history.loss and run.accuracy == history.accuracy
    assert _same(_weights(run.net), _weights(direct))
    assert job.progress() == 1.0


def test_several_runs_train_one_after_another_on_the_same_data():
    config = TrainConfig(epochs=5, lr=0.01)
    plans = [RunPlan(cell, Network(ModelSpec(cell, len(VOCAB), 8, head=HeadSpec(len(VOCAB), "softmax")), seed=0),
                     config) for cell in ("rnn", "lstm", "gru")]
    job = TrainingJob(plans, X, Y).start()
    assert job.wait(60)
    runs = job.snapshot()
    assert [r.label for r in runs] == ["rnn", "lstm", "gru"]
    assert all(r.status == "done" and r.epochs_run == 5 for r in runs)
    assert len({round(r.loss[-1], 6) for r in runs}) == 3  # three different networks


def test_stop_keeps_the_weights_learned_so_far():
    initial = Network(SPEC, seed=0)
    before = _weights(initial)
    gate, stopped = threading.Event(), threading.Event()
    config = TrainConfig(epochs=MAX_EPOCHS_FOR_STOP, lr=0.01)
    job = TrainingJob([RunPlan("LSTM", initial, config)], X, Y)
    original = jobs.train

    def slowed(net, x, y, cfg, *, on_epoch, mask):  # epoch 4 waits until the test has pressed Stop
        def paced(epoch, loss, acc):
            if epoch == 4:
                gate.set()
                stopped.wait(30)
            return on_epoch(epoch, loss, acc)
        return original(net, x, y, cfg, on_epoch=paced, mask=mask)

    jobs.train = slowed
    try:
        job.start()
        assert gate.wait(30)
        job.stop()
        stopped.set()
        assert job.wait(30)
    finally:
        jobs.train = original
    (run,) = job.snapshot()
    assert run.status == "stopped" and run.epochs_run == 4  # epoch 4 saw Stop and was the last
    assert not _same(_weights(run.net), before)
    # The kept weights are exactly those of training for the epochs that ran.
    again = Network(SPEC, seed=0)
    train(again, X, Y, TrainConfig(epochs=run.epochs_run, lr=0.01))
    assert _same(_weights(run.net), _weights(again))


MAX_EPOCHS_FOR_STOP = 2000


def test_the_time_limit_stops_a_run_and_keeps_its_weights():
    net = Network(SPEC, seed=0)
    before = _weights(net)
    job = TrainingJob([RunPlan("LSTM", net, TrainConfig(epochs=2000, lr=0.01))], X, Y, max_seconds=0).start()
    assert job.wait(30)
    (run,) = job.snapshot()
    assert run.status == "time_limit" and run.epochs_run == 1
    assert not _same(_weights(net), before)


def test_a_setting_that_does_not_fit_fails_with_the_reason_and_the_next_run_still_trains():
    bad = RunPlan("too big a batch", Network(SPEC, seed=0), TrainConfig(epochs=2, batch_size=50))
    good = RunPlan("ok", Network(SPEC, seed=0), TrainConfig(epochs=2))
    job = TrainingJob([bad, good], X, Y).start()
    assert job.wait(30)
    first, second = job.snapshot()
    assert first.status == "failed" and "batch_size must be at most the number of sequences B=8" in first.error
    assert second.status == "done" and second.epochs_run == 2


def test_a_diverging_run_is_reported():
    spec = ModelSpec("rnn", 1, 4, nonlinearity="relu", head=HeadSpec(1))
    x = np.ones((4, 30, 1), np.float32) * 1e3
    y = np.ones((4, 30, 1), np.float32) * 1e30
    job = TrainingJob([RunPlan("RNN", Network(spec, seed=0), TrainConfig(epochs=50, lr=10.0, loss="mse"))],
                      x, y).start()
    assert job.wait(30)
    (run,) = job.snapshot()
    assert run.status == "diverged"
    assert all(torch.isfinite(v).all() for v in run.net.state_dict().values())


def test_jobs_queue_for_the_trainer_slots_and_all_finish():
    config = TrainConfig(epochs=20, lr=0.01)
    many = [TrainingJob([RunPlan("LSTM", Network(SPEC, seed=k), config)], X, Y) for k in range(jobs.TRAINER_SLOTS + 2)]
    for job in many:
        job.start()
    assert all(job.wait(60) for job in many)
    assert all(job.snapshot()[0].status == "done" for job in many)
    assert jobs.trainer_slots() == (jobs.TRAINER_SLOTS, 0)


def _until(condition, seconds: float = 30.0) -> bool:
    """Wait for a condition another thread makes true (polled; False if it never holds)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_stopping_a_queued_job_ends_it_without_training(monkeypatch):
    """Every slot is taken by a job held inside its training; a new job queues, and Stop ends it untrained."""
    release, started = threading.Event(), threading.Semaphore(0)
    original = jobs.train

    def held(net, x, y, cfg, *, on_epoch, mask):
        started.release()
        release.wait(60)
        return original(net, x, y, cfg, on_epoch=on_epoch, mask=mask)

    monkeypatch.setattr(jobs, "train", held)
    holders = [TrainingJob([RunPlan("LSTM", Network(SPEC, seed=k), TrainConfig(epochs=1))], X, Y).start()
               for k in range(jobs.TRAINER_SLOTS)]
    try:
        for _ in holders:
            assert started.acquire(timeout=60)  # each holder is inside its slot
        net = Network(SPEC, seed=0)
        before = _weights(net)
        job = TrainingJob([RunPlan("LSTM", net, TrainConfig(epochs=5))], X, Y).start()
        assert _until(lambda: jobs.trainer_slots()[1] == 1)
        assert job.running and job.snapshot()[0].status == "queued"
        job.stop()
        assert job.wait(5)
    finally:
        release.set()
        assert all(h.wait(60) for h in holders)
    assert job.snapshot()[0].status == "stopped" and _same(_weights(net), before)


def test_a_job_needs_a_run():
    with pytest.raises(ValueError, match="at least one run"):
        TrainingJob([], X, Y)
