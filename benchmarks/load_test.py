"""Load test: N concurrent browser sessions on one server, each touring the app like a student.

    python benchmarks/load_test.py [--sessions 20] [--rounds 2] [--ramp 20] [--think 2] [--browser-nice 10]
                                   [--probe] [--pin] [--train-page]

Each session (its own browser context, so its own Streamlit session) opens the memory-cell lesson,
steps through it in the browser, changes the model on Build, steps on Step through, and trains the
poem on the poem lesson; in its last round it also visits the pages the path does not need (Home,
Interpret, Import/Export), so every page has run in every session. With --train-page, each session
also opens the Train page in its first round (after Step through), presses Train (the poem with the
page's defaults, trained in the background on the server's trainer slots: RNNVIZ_TRAINERS, by default
one fewer than the cores) and waits for "Runs on this task"; every session trains through the same
slot(s), so that run takes longer (see benchmarks/README.md).

A class, not a stampede (the defaults; --ramp 0 --think 0 --browser-nice 0 gives the stampede):
- sessions arrive over --ramp seconds (a class opening a link), not in the same millisecond;
- each waits --think seconds (x0.5-1.5, seeded per session) before each action, as a person reads;
- a student's browser runs on the student's laptop, but here all N run on the server's two cores: the
  class's browsers run at a lower CPU priority (nice --browser-nice 10) than the server.

N Chromiums rendering Streamlit pages take nearly all of the two cores (the server itself needs ~10% of
one; see the CPU lines), so every time the class measures includes its own starved browser. With
--probe, one more session measures what a student on a machine of their own sees: from when the whole
class is in until it is done it tours again and again in its own browser at the server's priority
(--probe-nice 0, like the baseline). The server's own view comes from the app's run log
(RNNVIZ_RUN_LOG): each script run's wall time on the server (including waits for other sessions' runs
holding the interpreter lock) and CPU time.

Reports errors (exception blocks, failed waits: must be 0); the in-browser step (press "next" until the
frame is painted: what stepping costs, no server involved); round trips (an action until the page is
idle and has stopped changing, measured in the browser); full page loads; with --train-page the time
from pressing Train to its results; the server's run times, its CPU and the machine's; its memory (RSS)
at the start of the load, its peak, and 2 s after the browsers closed. Baselines: the same tour by one
session alone, after an untimed warm-up tour (the first visit of a page in a fresh process pays its
imports), in the same run.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import pathlib
import random
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from playwright.async_api import async_playwright  # noqa: E402

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, IDLE, streamlit_server  # noqa: E402

STEP_JS = """async () => {
  const b = document.querySelector('.rnnviz-stepper button[data-action="next"]');
  if (!b) return null;
  const t0 = performance.now(); b.click();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
}"""
WAIT_MS = 120_000  # a wait longer than this is an error of the run
# Installed in every document before the app's own scripts: notes the browser-clock time of the last change
# to the page (any element, attribute or text), so an action ends when the page last changed, not when a poll
# noticed it. Streamlit's "running" state alone cannot tell: React may apply "running" and "notRunning" of a
# fast run in one render, so the page never shows "running".
RECORD_CHANGES_JS = """
window.__rnnvizLastChange = -1;
new MutationObserver(() => { window.__rnnvizLastChange = performance.now(); })
  .observe(document, {attributes: true, childList: true, characterData: true, subtree: true});
"""
# The page changed at or after t0 and Streamlit is not running the script: the time of the last change.
CHANGED_SINCE_JS = """t0 => {
  const app = document.querySelector('[data-testid="stApp"]');
  const idle = app && app.getAttribute('data-test-script-state') === 'notRunning';
  return idle && window.__rnnvizLastChange >= t0 ? window.__rnnvizLastChange : null;
}"""
SETTLE_MS = 300  # the page has not changed for this long and is idle: the action is done



def rss_mb(pid: int) -> float:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat: everything but idle and iowait)."""
    fields = [int(v) for v in pathlib.Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def server_runs(log: pathlib.Path, since: float) -> list[tuple[str, float, float]]:
    """(page, wall ms, CPU ms) of each script run that ended after `since` (the app's RNNVIZ_RUN_LOG)."""
    runs = []
    for line in log.read_text().splitlines() if log.exists() else []:
        end, page, wall, cpu = line.split()
        if float(end) >= since:
            runs.append((page, float(wall), float(cpu)))
    return runs


def pin_process(pid: int, cores: set[int]) -> None:
    """Every thread of a process (threads it starts later inherit it) onto these cores."""
    for task in pathlib.Path(f"/proc/{pid}/task").iterdir():
        os.sched_setaffinity(int(task.name), cores)


def chromium_launcher(niceness: int, cores: set[int] | None, folder: str) -> str:
    """A launcher that runs Chromium (and so its renderers) at the given niceness, on the given cores."""
    if niceness == 0 and not cores:
        return CHROMIUM
    pin = f"taskset -c {','.join(map(str, sorted(cores)))} " if cores else ""
    path = pathlib.Path(folder) / f"chromium-nice{niceness}"
    path.write_text(f'#!/bin/sh\nexec {pin}nice -n {niceness} {CHROMIUM} "$@"\n')
    path.chmod(0o755)
    return str(path)


class Log:
    """What one group of tours measured."""

    def __init__(self):
        self.loads, self.trips, self.steps, self.trains, self.errors = [], [], [], [], []
        self.queued = 0


async def settled(page, t0: float) -> float:
    """Wait until the page changed at or after t0 (browser clock, ms), is idle, and stays unchanged for
    SETTLE_MS; returns when it last changed (browser clock, ms)."""
    while True:
        handle = await page.wait_for_function(CHANGED_SINCE_JS, arg=t0, timeout=WAIT_MS, polling=50)
        changed = await handle.json_value()
        await page.wait_for_timeout(SETTLE_MS)
        if await page.evaluate(CHANGED_SINCE_JS, t0) == changed:
            return changed


async def timed(action, page, into: list) -> None:
    """An action in an open page, until its rerun(s) ended."""
    t0 = await page.evaluate("performance.now()")
    await action()
    into.append(await settled(page, t0) - t0)


async def load(page, url: str, into: list) -> None:
    """A full page load (a new session), from navigation start until the page is idle and stops changing."""
    await page.goto(url, timeout=WAIT_MS)
    into.append(await settled(page, 0.0))


def nav_link(page, name: str):
    return page.locator('[data-testid="stSidebarNav"] a', has_text=name)


async def train_page(page, log: Log, think) -> None:
    """Open the Train page, press Train (the page's defaults: the poem) and wait for the results table."""
    await think()
    await timed(nav_link(page, "Train").click, page, log.trips)
    results = page.get_by_text("Runs on this task", exact=True)
    waiting = page.get_by_text("Waiting for a free trainer")
    await think()
    t0 = time.perf_counter()
    await page.locator(".st-key-tr_train button").click()
    saw_queue = False
    while not await results.count():
        saw_queue = saw_queue or bool(await waiting.count())
        if time.perf_counter() - t0 > 300:
            raise TimeoutError("no results on the Train page within 300 s of pressing Train")
        await page.wait_for_timeout(200)
    await page.wait_for_selector(IDLE, timeout=WAIT_MS)
    log.trains.append((time.perf_counter() - t0) * 1000)
    log.queued += saw_queue


async def tour(browser, base: str, rounds: int, log: Log, index: int, think_s: float, train: bool,
               start_after: float = 0.0) -> None:
    rng = random.Random(index)

    async def think():
        if think_s > 0:
            await asyncio.sleep(think_s * rng.uniform(0.5, 1.5))

    await asyncio.sleep(start_after)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    await context.add_init_script(RECORD_CHANGES_JS)
    page = await context.new_page()
    page.set_default_timeout(WAIT_MS)
    try:
        await load(page, base + "/lessons?lesson=memory-cell", log.loads)
        for round_ in range(rounds):
            await page.wait_for_selector(".rnnviz-stepper button[data-action='next']", timeout=WAIT_MS)
            await think()
            for _ in range(4):
                ms = await page.evaluate(STEP_JS)
                if ms is not None:
                    log.steps.append(ms)
                await page.wait_for_timeout(150)
            await think()
            await timed(nav_link(page, "Build").click, page, log.trips)
            hidden = page.get_by_label("hidden_size")
            await think()
            await hidden.fill(str(2 + (index + round_) % 3))
            await timed(lambda: hidden.press("Enter"), page, log.trips)
            await think()
            await timed(nav_link(page, "Step through").click, page, log.trips)
            await page.wait_for_selector(".rnnviz-stepper button[data-action='next']", timeout=WAIT_MS)
            ms = await page.evaluate(STEP_JS)
            if ms is not None:
                log.steps.append(ms)
            if train and round_ == 0:
                await train_page(page, log, think)
            await think()
            await load(page, base + "/lessons?lesson=poem", log.loads)
            button = page.get_by_role("button", name="Train", exact=False)
            if await button.count():
                await think()
                await timed(button.first.click, page, log.trips)
            if round_ == rounds - 1:
                for name in ("Home", "Interpret", "Import"):
                    await think()
                    await timed(nav_link(page, name).click, page, log.trips)
            if await page.locator('[data-testid="stException"]').count():
                log.errors.append(f"session {index}: exception block")
    except Exception as err:  # noqa: BLE001 — a failed wait is an error of the run, counted and reported
        log.errors.append(f"session {index}: {type(err).__name__}: {str(err).splitlines()[0][:160]}")
    finally:
        await context.close()


def pct(values, q):
    return sorted(values)[min(len(values) - 1, int(q * (len(values) - 1)))] if values else float("nan")


async def run(args) -> None:
    with tempfile.TemporaryDirectory() as folder:
        await measure(args, folder)


async def measure(args, folder: str) -> None:
    run_log = pathlib.Path(folder) / "runs.log"
    with streamlit_server(env={"RNNVIZ_RUN_LOG": str(run_log)}) as base:
        pid = int(subprocess.check_output(["pgrep", "-n", "-f", "streamlit run app.py"]).split()[0])
        memory = [rss_mb(pid)]
        stop = asyncio.Event()

        async def sample():
            while not stop.is_set():
                memory.append(rss_mb(pid))
                await asyncio.sleep(0.5)

        cores = sorted(os.sched_getaffinity(0))
        browser_cores = None
        if args.pin and len(cores) >= 2:
            pin_process(pid, {cores[0]})
            browser_cores = set(cores[1:])
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=chromium_launcher(args.browser_nice, browser_cores, folder), args=CHROMIUM_ARGS)
            own = await pw.chromium.launch(
                executable_path=chromium_launcher(args.probe_nice, browser_cores, folder), args=CHROMIUM_ARGS)
            warm, alone, crowd, probe = Log(), Log(), Log(), Log()
            await tour(own, base, 1, warm, -1, 0.0, args.train_page)
            await tour(own, base, 1, alone, -2, 0.0, args.train_page)
            start_mb, cpu0, busy0, since = rss_mb(pid), cpu_seconds(pid), machine_busy_seconds(), time.time()
            sampler = asyncio.create_task(sample())

            async def probing():
                """The probe student: the alone tour over and over, from when the whole class is in."""
                await asyncio.sleep(args.ramp)
                for k in itertools.count():
                    await tour(own, base, 1, probe, 1000 + k, args.think, False)

            prober = asyncio.create_task(probing()) if args.probe else None
            t0 = time.perf_counter()
            await asyncio.gather(*(tour(browser, base, args.rounds, crowd, k, args.think, args.train_page,
                                        start_after=k * args.ramp / max(1, args.sessions))
                                   for k in range(args.sessions)))
            wall = time.perf_counter() - t0
            cpu, busy = cpu_seconds(pid) - cpu0, machine_busy_seconds() - busy0
            if prober is not None:
                prober.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await prober
            stop.set()
            await sampler
            await browser.close()
            await own.close()
        await asyncio.sleep(2)
        end_mb = rss_mb(pid)

    errors = warm.errors + alone.errors + crowd.errors + [e for e in probe.errors if "CancelledError" not in e]
    where = (f"server on core {cores[0]}, browsers on {','.join(map(str, sorted(browser_cores)))}" if browser_cores
             else "server and browsers on every core")
    print(f"{args.sessions} sessions x {args.rounds} rounds, arriving over {args.ramp:g} s, think {args.think:g} s; "
          f"{where}: {wall:.0f} s on this machine ({os.cpu_count()} cores)")
    print(f"errors: {len(errors)}")
    for e in errors[:10]:
        print("  ", e)
    rows = [("in-browser step (next -> painted)", alone.steps, crowd.steps, ".1f"),
            ("round trip (click/edit -> page done)", alone.trips, crowd.trips, ".0f"),
            ("full page load (new session)", alone.loads, crowd.loads, ".0f")]
    if args.train_page:
        rows.append(("Train page: press Train -> results", alone.trains, crowd.trains, ".0f"))
    if args.probe:
        rows += [("probe: in-browser step", alone.steps, probe.steps, ".1f"),
                 ("probe: round trip", alone.trips, probe.trips, ".0f"),
                 ("probe: full page load", alone.loads, probe.loads, ".0f")]
    print(f"{'':42s} {'alone p50':>10s} {'load p50':>10s} {'load p95':>10s} {'n':>5s}   (ms; the class at nice "
          f"{args.browser_nice}, alone{' and the probe' if args.probe else ''} at nice {args.probe_nice})")
    for name, base_values, values, fmt in rows:
        base_p50 = statistics.median(base_values) if base_values else float("nan")
        print(f"{name:42s} {base_p50:10{fmt}} {pct(values, .5):10{fmt}} {pct(values, .95):10{fmt}} {len(values):5d}"
              f"   p95 = {pct(values, .95) / base_p50:.1f}x alone")
    if args.train_page:
        print(f"{'sessions that saw the trainer queue':42s} {crowd.queued}")
    runs = server_runs(run_log, since)
    walls, cpus = [w for _, w, _ in runs], [c for _, _, c in runs]
    print(f"{'server: script runs during the load':42s} {len(runs):10d}   ({len(runs) / wall:.1f} per second)")
    print(f"{'server: a script run, wall p50 / p95':42s} {pct(walls, .5):10.0f} {pct(walls, .95):10.0f} ms"
          "   (on the server, incl. waits for other sessions' runs)")
    print(f"{'server: a script run, CPU p50 / p95':42s} {pct(cpus, .5):10.0f} {pct(cpus, .95):10.0f} ms")
    by_page = {}
    for page_name, w, _ in runs:
        by_page.setdefault(page_name, []).append(w)
    print("   wall p95 by page: " + ", ".join(f"{name} {pct(ws, .95):.0f} ms (n={len(ws)})"
                                            for name, ws in sorted(by_page.items())))
    print(f"{'server process CPU during the load':42s} {cpu:8.1f} s ({cpu / wall * 100:.0f}% of one core)")
    print(f"{'machine CPU busy during the load':42s} {busy:8.1f} s ({busy / wall / os.cpu_count() * 100:.0f}% of "
          f"{os.cpu_count()} cores; the rest of it is the browsers and this driver)")
    mean_cpu = statistics.fmean(cpus) if cpus else float("nan")
    print(f"{'server: mean CPU per script run':42s} {mean_cpu:8.1f} ms -> one core runs ~{1000 / mean_cpu:.0f} "
          "a second (Python runs one script at a time)")
    print(f"{'server memory: start / peak / end':42s} {start_mb:.0f} / {max(memory):.0f} / {end_mb:.0f} MB")
    print(f"{'per session (peak over start)':42s} {(max(memory) - start_mb) / max(1, args.sessions):8.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which the sessions arrive")
    parser.add_argument("--think", type=float, default=2.0, help="seconds a session waits before each action")
    parser.add_argument("--browser-nice", type=int, default=10, help="niceness of the class's browsers")
    parser.add_argument("--probe", action="store_true",
                        help="one more session, at the server's priority, touring while the class is in (see above)")
    parser.add_argument("--probe-nice", type=int, default=0,
                        help="niceness of the probe's (and the baseline's) browser")
    parser.add_argument("--pin", action="store_true",
                        help="the server alone on the first core, every browser on the others (on two cores the "
                             "class's browsers then starve: page loads time out)")
    parser.add_argument("--train-page", action="store_true",
                        help="each session also trains the poem on the Train page (Train, then wait for the results)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
