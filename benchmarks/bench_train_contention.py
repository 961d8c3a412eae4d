"""Does one session training slow down another one stepping? Two browser sessions on one server.

    python benchmarks/bench_train_contention.py [--train-seconds 20] [--away-seconds 15] [--baseline-trips 8]
                                                [--trainers 1]

Starts the app (with RNNVIZ_TRAINERS=--trainers, so the queueing in (c) happens on any machine; 1 is also
the default on a 2-core machine) and opens session A and session B in two browser contexts of headless
Chromium. B is on Step through with an LSTM of hidden size 32 over 200 steps (as bench_explorer_browser.py).
A is on Train with the English text task and the task's recommended LSTM (hidden 64), Epochs 5000, set
through the page's widgets. Measured in B:

- server round trip: with the diagram's unit list open, choose another unit, until the diagram shows that
  unit's value (B's script reruns on the server and the stepper is redrawn); the next one starts when B's
  script run has ended;
- in-browser step: press "next" in the stepper until the next frame is painted (no server involved).

Phases: (a) B alone: the baseline; (b) A trains with its live progress and curves on screen (redrawn
twice a second) for --train-seconds; (b') A goes to Home while its job trains on, for --away-seconds; then
A comes back and presses Stop; (a') B alone again (how far the machine's other load moved during the run).
Prints n, p50 and p95 of each phase, their ratio to the baseline, and the epochs A trained in (b) and (b').
(c) A and B press Train at nearly the same time (A: English, 300 epochs; B: the poem with its default
settings): B must show "Waiting for a free trainer" and both must finish with their runs in "Runs on this
task" (should A still train 25 s after B's click, the bench presses A's Stop, and says so). Prints
errors (failed waits, exception blocks, (c) not finishing: must be 0). About three minutes.
"""
from __future__ import annotations

import argparse
import pathlib
import re
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, CLICK_NEXT_JS, streamlit_server, table_rows, wait_idle  # noqa: E402

STEP_URL = "/step_through?cell=lstm&in=1&hid=32&len=200&units=0.1.2.3"
CHARTS_READY = "() => document.querySelectorAll('.rnnviz-stepper .rnnviz-figure .main-svg').length >= 2"
UNITS = 8  # the round trips cycle through units 0..7 of the diagram
LONG_EPOCHS = 5000
QUEUE_EPOCHS = 300
QUEUE_LIMIT = 25  # seconds
TRIP_TIMEOUT = 30  # seconds


def nav(page, name: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a', has_text=name).click()  # same session, as a person clicks
    wait_idle(page, 60_000)


def set_number(page, key: str, value: int) -> None:
    """Type a value into the number input with this widget key, as a person does, and wait for the rerun;
    once more if a rerun still under way drew the widget again over the typed value."""
    box = page.locator(f".st-key-{key} input")
    for _ in range(2):
        box.fill(str(value))
        box.press("Enter")
        wait_idle(page, 60_000)
        if box.input_value() == str(value):
            return
    raise RuntimeError(f"{key} shows {box.input_value()!r}, not {value}")


def english_lstm(page) -> None:
    """Text task, English source; the page then redraws Model and Training from the task's recommendation
    (LSTM, hidden 64). A widget change that reaches the server before that redraw reached the browser brings
    the poem's settings back (see the README), so check the widgets and choose them by hand if needed."""
    page.locator('[data-testid="stRadio"] label', has_text="English (Alice)").click()
    wait_idle(page, 60_000)
    try:
        page.wait_for_function("""() => { const e = document.querySelector('.st-key-tr_s_cell input');
            return e && e.value === 'LSTM'; }""", timeout=10_000)
    except Exception:  # noqa: BLE001
        page.locator(".st-key-tr_s_cell input").click()
        page.get_by_role("option", name="LSTM", exact=True).click()
        wait_idle(page, 60_000)
    if page.locator(".st-key-tr_s_hidden input").input_value() != "64":
        set_number(page, "tr_s_hidden", 64)


def progress_text(page) -> str:
    bar = page.locator('[data-testid="stProgress"]')
    return bar.first.inner_text() if bar.count() else ""


class Stepper:
    """Session B on Step through: round trips (unit changes) and in-browser steps."""

    def __init__(self, page):
        self.page = page
        self.unit = 0
        self.errors: list[str] = []
        self.slow = 0  # round trips that had not shown the new unit after TRIP_TIMEOUT (counted as that long)

    def round_trip(self) -> float | None:
        page = self.page
        self.unit = (self.unit + 1) % UNITS
        before = page.locator('.rnnviz-value[data-key="c"]').first.get_attribute("data-value")
        try:
            page.get_by_label("unit (diagram, equations)").click()
            option = page.get_by_role("option", name=str(self.unit), exact=True)
            option.wait_for(timeout=30_000)
            t0 = time.perf_counter()  # the list is open: from choosing the unit to seeing its value
            option.click()
        except Exception as err:  # noqa: BLE001 - a failed wait is an error of the run, counted and reported
            self.errors.append(f"round trip: {type(err).__name__}: {str(err)[:120]}")
            return None
        try:
            page.wait_for_function(f"""() => {{
                const e = document.querySelector('.rnnviz-value[data-key="c"]');
                return e && e.getAttribute('data-value') !== {before!r}; }}""", timeout=TRIP_TIMEOUT * 1000)
        except Exception:  # noqa: BLE001 - slower than TRIP_TIMEOUT: counted at that (a lower bound)
            self.slow += 1
        ms = (time.perf_counter() - t0) * 1000
        wait_idle(page, 120_000)
        return ms

    def clicks(self, n: int) -> list[float]:
        """n in-browser steps; then wait until the stepper has reported the step to the server (it does so
        after a short pause, and the server writes it into the link), so that rerun does not overlap the
        next round trip."""
        page = self.page
        times = []
        for _ in range(n):
            times.append(page.evaluate(CLICK_NEXT_JS))
            page.wait_for_timeout(30)
        step = re.search(r"\d+", page.locator(".rnnviz-t").first.inner_text()).group()
        try:
            page.wait_for_function(f"() => new URLSearchParams(window.location.search).get('step') === '{step}'",
                                   timeout=30_000)
        except Exception:  # noqa: BLE001 - not measured; the next round trip still waits for its own result
            pass
        wait_idle(page, 120_000)
        return times

    def measure(self, keep_going) -> tuple[list[float], list[float]]:
        """A round trip and 3 in-browser steps, again while keep_going(round trips so far) is true."""
        trips, clicks, attempts = [], [], 0
        while keep_going(attempts):
            attempts += 1
            ms = self.round_trip()
            if ms is not None:
                trips.append(ms)
            clicks += self.clicks(3)
        return trips, clicks


def epoch_now(page) -> int:
    """The epoch the live progress shows ("Training #1 LSTM 64: epoch 123 of 5000, ...")."""
    page.get_by_text("Training #").first.wait_for(timeout=60_000)
    match = re.search(r"epoch (\d+) of", progress_text(page))
    return int(match.group(1)) if match else 0


def pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * (len(values) - 1)))] if values else float("nan")


def wait_for_run(page, status: str, count: int, timeout: float = 90.0) -> list[dict]:
    """Wait until the page's runs table holds `count` runs, the newest with this status."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if page.get_by_text("Runs on this task", exact=True).count():
            try:
                rows = table_rows(page)
            except Exception:  # noqa: BLE001 - the table is still being drawn
                rows = []
            if len(rows) >= count and rows[-1].get("status") == status:
                return rows
        page.wait_for_timeout(200)
    raise TimeoutError(f"no run with status {status!r} (#{count}) within {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-seconds", type=float, default=20.0,
                        help="how long B steps while A trains and watches its live curves")
    parser.add_argument("--away-seconds", type=float, default=15.0,
                        help="how long B steps while A trains on with A on another page")
    parser.add_argument("--baseline-trips", type=int, default=8, help="round trips measured alone")
    parser.add_argument("--trainers", type=int, default=1, help="RNNVIZ_TRAINERS of the server")
    args = parser.parse_args()
    t_start = time.perf_counter()
    errors: list[str] = []
    with streamlit_server(env={"RNNVIZ_TRAINERS": str(args.trainers)}) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        a = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        b = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()

        try:
            # A: the Train page, English text, the recommended LSTM, 5000 epochs (all set through the widgets)
            a.goto(base + "/train")
            wait_idle(a, 60_000)
            english_lstm(a)
            set_number(a, "tr_s_epochs", LONG_EPOCHS)
            task_line = a.get_by_text("sequences ×").first.inner_text()

            # B: Step through, warmed up (the first round trips pay for imports and caches)
            b.goto(base + STEP_URL)
            wait_idle(b, 60_000)
            b.wait_for_function(CHARTS_READY, timeout=60_000)
            stepper = Stepper(b)
            for _ in range(2):
                stepper.round_trip()
            stepper.clicks(5)
            stepper.slow = 0

            # (a) the baseline: B alone
            n = args.baseline_trips
            alone_trips, alone_clicks = stepper.measure(lambda done: done < n)
            slow = {"a": stepper.slow}

            # (b) A trains and watches; B steps
            a.locator(".st-key-tr_train button").click()
            a.get_by_text("Training #").first.wait_for(timeout=60_000)  # the live progress: A's run has a trainer
            t_train = time.perf_counter()
            busy_trips, busy_clicks = stepper.measure(lambda done: time.perf_counter() - t_train < args.train_seconds)
            slow["b"] = stepper.slow - slow["a"]
            epochs_b, seconds_b = epoch_now(a), time.perf_counter() - t_train

            # (b') A goes to Home (its job trains on, nothing redraws); B steps
            nav(a, "Home")
            t_away = time.perf_counter()
            away_trips, away_clicks = stepper.measure(lambda done: time.perf_counter() - t_away < args.away_seconds)
            slow["b'"] = stepper.slow - slow["a"] - slow["b"]
            nav(a, "Train")
            if a.locator('[data-testid="stProgress"]').count():  # still training: Stop (a fast machine may be done)
                a.locator(".st-key-tr_stop button").click()
                rows = wait_for_run(a, "stopped (weights so far kept)", 1)
            else:
                rows = wait_for_run(a, "done", 1)
            long_run = rows[-1]
            # (b') from the run's own count and clock: from the end of (b) to Stop, the two page changes included
            epochs_away = int(long_run["epochs"]) - epochs_b
            seconds_away = float(long_run["seconds"]) - seconds_b

            # (a') B alone again: how far the machine's other load moved during the run
            after_trips, after_clicks = stepper.measure(lambda done: done < max(3, n // 2))
            slow["a'"] = stepper.slow - sum(slow.values())

            # (c) both press Train: A English (QUEUE_EPOCHS), B the poem with its defaults. Should A not have
            # finished QUEUE_LIMIT s after B's click (a very slow machine), the bench presses A's Stop.
            set_number(a, "tr_s_epochs", QUEUE_EPOCHS)
            nav(b, "Train")
            t0 = time.perf_counter()
            a.locator(".st-key-tr_train button").click()
            a.get_by_text("Training #").first.wait_for(timeout=60_000)
            b.locator(".st-key-tr_train button").click()
            t_b = time.perf_counter()
            queued_text, t_queued = "", float("nan")
            try:
                b.get_by_text("Waiting for a free trainer").first.wait_for(timeout=10_000)
                queued_text, t_queued = progress_text(b), time.perf_counter() - t_b
            except Exception as err:  # noqa: BLE001
                errors.append(f"(c) B never showed 'Waiting for a free trainer': {str(err)[:120]}")
            try:
                a_rows = wait_for_run(a, "done", 2, timeout=max(1.0, QUEUE_LIMIT - (time.perf_counter() - t_b)))
            except TimeoutError:
                a.locator(".st-key-tr_stop button").click()
                a_rows = wait_for_run(a, "stopped (weights so far kept)", 2)
            a_done = time.perf_counter() - t0
            b_rows = wait_for_run(b, "done", 1)
            b_done = time.perf_counter() - t_b
            for page, name in ((a, "A"), (b, "B")):
                blocks = page.locator('[data-testid="stException"]')
                if blocks.count():
                    errors.append(f"session {name}: exception block: {blocks.first.inner_text()[:160]}")
        except Exception:  # keep what the pages showed, then fail
            for page, name in ((a, "A"), (b, "B")):
                shot = pathlib.Path(tempfile.gettempdir()) / f"bench_train_contention_{name}.png"
                page.screenshot(path=str(shot), full_page=True)
                print(f"session {name} at the failure: {shot}", file=sys.stderr)
            raise
        browser.close()
    errors += stepper.errors
    total = time.perf_counter() - t_start

    print(f"Session B steps (LSTM hidden 32, 200 steps) while session A trains; trainer slots {args.trainers}; "
          f"headless Chromium on this machine, {total:.0f} s in all")
    print(f"A: text, English (Alice): {task_line} {long_run['Run']}, Adam, full batch")
    print(f"{'measure (session B)':52s} {'n':>4s} {'p50':>9s} {'p95':>9s}  {'vs baseline p50 / p95':>21s}")
    table = [("server round trip", "(a) B alone (baseline)", alone_trips, alone_trips, slow["a"]),
             ("server round trip", "(b) A trains, live curves on", busy_trips, alone_trips, slow["b"]),
             ("server round trip", "(b') A trains, A on another page", away_trips, alone_trips, slow["b'"]),
             ("server round trip", "(a') B alone again", after_trips, alone_trips, slow["a'"]),
             ("in-browser step", "(a) B alone (baseline)", alone_clicks, alone_clicks, 0),
             ("in-browser step", "(b) A trains, live curves on", busy_clicks, alone_clicks, 0),
             ("in-browser step", "(b') A trains, A on another page", away_clicks, alone_clicks, 0),
             ("in-browser step", "(a') B alone again", after_clicks, alone_clicks, 0)]
    for what, phase, values, baseline, over in table:
        ratio = f"{pct(values, .5) / pct(baseline, .5):.2f}x / {pct(values, .95) / pct(baseline, .95):.2f}x"
        note = f"  ({over} over {TRIP_TIMEOUT} s, counted as {TRIP_TIMEOUT} s)" if over else ""
        print(f"{what + ', ' + phase:52s} {len(values):4d} {pct(values, .5):7.0f}ms {pct(values, .95):7.0f}ms  "
              f"{ratio:>21s}{note}")
    epochs, seconds = int(long_run["epochs"]), float(long_run["seconds"])
    print(f"A trained {epochs} of {LONG_EPOCHS} epochs in {seconds:.1f} s, status {long_run['status']!r}: "
          f"(b) {epochs_b} epochs in {seconds_b:.0f} s ({epochs_b / seconds_b:.0f}/s), "
          f"(b') and the page changes {epochs_away} in {seconds_away:.0f} s ({epochs_away / seconds_away:.0f}/s)")
    a_run, b_run = a_rows[-1], b_rows[-1]
    b_waited = b_done - float(b_run["seconds"])
    print(f"(c) A ({a_run['Run']}, {QUEUE_EPOCHS} epochs) and B ({b_run['Run']}, {b_run['epochs']} epochs) press "
          f"Train together: B shows {queued_text!r} {t_queued:.1f} s after its click; A ends "
          f"{a_done:.1f} s after its click, {a_run['status']!r} after {a_run['epochs']} epochs "
          f"({int(a_run['epochs']) / float(a_run['seconds']):.0f} epochs/s); B ends {b_done:.1f} s after its click, "
          f"{b_run['status']!r} ({b_run['seconds']} s training, so ~{b_waited:.0f} s queued or drawing)")
    both = a_run["status"] in ("done", "stopped (weights so far kept)") and b_run["status"] == "done"
    print(f"(c) both finished: {'yes' if both else 'NO'}"
          + ("" if a_run["status"] == "done" else f" (A stopped by the bench {QUEUE_LIMIT} s after B's click)"))
    if not both:
        errors.append(f"(c) not both finished: A {a_run['status']!r}, B {b_run['status']!r}")
    print(f"errors: {len(errors)}")
    for e in errors[:10]:
        print("  ", e)


if __name__ == "__main__":
    main()
