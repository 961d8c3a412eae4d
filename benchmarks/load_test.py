"""Load test: N concurrent browser sessions on one server, each touring the app like a student.

    python benchmarks/load_test.py [--sessions 20] [--rounds 2] [--train-page]

Each session (its own browser context, so its own Streamlit session) opens the memory-cell lesson,
steps through it in the browser, changes the model on Build, steps on Step through, and trains the
poem when that lesson offers a Train button. With --train-page, each session also opens the Train page in
its first round (after Step through), presses Train (the poem with the page's defaults, trained in the
background on the server's trainer slots: RNNVIZ_TRAINERS, by default one fewer than the cores) and waits
for "Runs on this task"; every session trains through the same slot(s), so the run takes longer (see
benchmarks/README.md). Reports errors (exception blocks, failed waits: must be 0), p50/p95 latency of
server round trips (an action until the page is idle again) and of in-browser steps, with --train-page
the time from pressing Train on the Train page to its results (and how many sessions saw "Waiting for a
free trainer"), and the server's memory (RSS) at start, peak and end. The baselines are the same
measures with one session alone, first, in the same run.
"""
from __future__ import annotations

import argparse
import asyncio
import pathlib
import statistics
import sys
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


def rss_mb(pid: int) -> float:
    total = 0
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total = int(line.split()[1]) / 1024
    return total


async def idle(page, timeout=120_000) -> None:
    await page.wait_for_selector(IDLE, timeout=timeout)
    await page.wait_for_timeout(200)
    await page.wait_for_selector(IDLE, timeout=timeout)


async def timed(action, page, trips: list) -> None:
    t0 = time.perf_counter()
    await action()
    await idle(page)
    trips.append((time.perf_counter() - t0) * 1000)


async def train_page(page, trips: list, trains: list, queued: list) -> None:
    """Open the Train page, press Train (the page's defaults: the poem) and wait for the results table.
    trains: press -> "Runs on this task" shown and idle; queued: one entry per session that had to wait."""
    await timed(page.locator('[data-testid="stSidebarNav"] a', has_text="Train").click, page, trips)
    results = page.get_by_text("Runs on this task", exact=True)
    waiting = page.get_by_text("Waiting for a free trainer")
    t0 = time.perf_counter()
    await page.locator(".st-key-tr_train button").click()
    saw_queue = False
    while not await results.count():
        saw_queue = saw_queue or bool(await waiting.count())
        if time.perf_counter() - t0 > 300:
            raise TimeoutError("no results on the Train page within 300 s of pressing Train")
        await page.wait_for_timeout(200)
    await idle(page)
    trains.append((time.perf_counter() - t0) * 1000)
    if saw_queue:
        queued.append(1)


async def tour(browser, base: str, rounds: int, loads: list, trips: list, steps: list, errors: list,
               index: int, trains: list | None = None, queued: list | None = None) -> None:
    """loads: full page loads (a new session); trips: reruns of an open session (a click or an edit);
    trains, queued: see train_page (None: the tour leaves the Train page out, the default)."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    try:
        await timed(lambda: page.goto(base + "/lessons?lesson=memory-cell"), page, loads)
        for round_ in range(rounds):
            await page.wait_for_selector(".rnnviz-stepper button[data-action='next']", timeout=120_000)
            for _ in range(4):
                ms = await page.evaluate(STEP_JS)
                if ms is not None:
                    steps.append(ms)
                await page.wait_for_timeout(100)
            await timed(page.locator('[data-testid="stSidebarNav"] a', has_text="Build").click, page, trips)
            hidden = page.get_by_label("hidden_size")
            await hidden.fill(str(2 + index % 3))

            async def change():
                await hidden.press("Enter")
            await timed(change, page, trips)
            link = page.locator('[data-testid="stSidebarNav"] a', has_text="Step through")
            await timed(link.click, page, trips)
            await page.wait_for_selector(".rnnviz-stepper", timeout=120_000)
            ms = await page.evaluate(STEP_JS)
            if ms is not None:
                steps.append(ms)
            if trains is not None and round_ == 0:
                await train_page(page, trips, trains, queued)
            await timed(lambda: page.goto(base + "/lessons?lesson=poem"), page, loads)
            train = page.get_by_role("button", name="Train", exact=False)
            if await train.count():
                await timed(train.first.click, page, trips)
            if await page.locator('[data-testid="stException"]').count():
                errors.append(f"session {index}: exception block")
    except Exception as err:  # noqa: BLE001 — a failed wait is an error of the run, counted and reported
        errors.append(f"session {index}: {type(err).__name__}: {str(err)[:160]}")
    finally:
        await context.close()


async def run(sessions: int, rounds: int, with_train_page: bool = False) -> None:
    with streamlit_server() as base:
        import subprocess
        pid = int(subprocess.check_output(["pgrep", "-n", "-f", "streamlit run app.py"]).split()[0])
        memory = [rss_mb(pid)]
        stop = asyncio.Event()

        async def sample():
            while not stop.is_set():
                memory.append(rss_mb(pid))
                await asyncio.sleep(0.5)

        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            sampler = asyncio.create_task(sample())
            alone_loads, alone_trips, alone_steps, alone_errors = [], [], [], []
            alone_trains, trains, queued = ([], [], []) if with_train_page else (None, None, None)
            await tour(browser, base, 1, alone_loads, alone_trips, alone_steps, alone_errors, 0, alone_trains, [])
            start_mb = rss_mb(pid)
            loads, trips, steps, errors = [], [], [], []
            t0 = time.perf_counter()
            await asyncio.gather(*(tour(browser, base, rounds, loads, trips, steps, errors, k, trains, queued)
                                   for k in range(sessions)))
            wall = time.perf_counter() - t0
            stop.set()
            await sampler
            await browser.close()
        await asyncio.sleep(2)
        end_mb = rss_mb(pid)

    def pct(values, q):
        return sorted(values)[min(len(values) - 1, int(q * (len(values) - 1)))] if values else float("nan")

    print(f"{sessions} concurrent sessions x {rounds} rounds, {wall:.0f} s, on this machine")
    print(f"errors: {len(errors) + len(alone_errors)}")
    for e in (alone_errors + errors)[:10]:
        print("  ", e)
    base_p50 = statistics.median(alone_trips) if alone_trips else float("nan")
    load_p50 = statistics.median(alone_loads) if alone_loads else float("nan")
    print(f"{'rerun (click/edit -> idle), one session alone (baseline) p50':60s} {base_p50:8.0f} ms")
    print(f"{'rerun under load p50 / p95':60s} {pct(trips, .5):8.0f} / {pct(trips, .95):.0f} ms "
          f"({pct(trips, .5) / base_p50:.1f}x / {pct(trips, .95) / base_p50:.1f}x baseline)")
    print(f"{'full page load (new session), alone p50':60s} {load_p50:8.0f} ms")
    print(f"{'full page load under load p50 / p95':60s} {pct(loads, .5):8.0f} / {pct(loads, .95):.0f} ms")
    print(f"{'in-browser step under load p50 / p95':60s} {pct(steps, .5):8.1f} / {pct(steps, .95):.1f} ms")
    if with_train_page:
        alone_train = statistics.median(alone_trains) if alone_trains else float("nan")
        print(f"{'Train page: press Train -> results, alone p50':60s} {alone_train:8.0f} ms")
        print(f"{'Train page: press Train -> results under load p50 / p95':60s} {pct(trains, .5):8.0f} / "
              f"{pct(trains, .95):.0f} ms ({len(trains)} runs, {len(queued)} sessions saw the queue)")
    print(f"{'server memory: start of load / peak / end':60s} {start_mb:6.0f} / {max(memory):.0f} / {end_mb:.0f} MB")
    print(f"{'per session at peak (over start)':60s} {(max(memory) - start_mb) / sessions:8.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--train-page", action="store_true",
                        help="each session also trains the poem on the Train page (Train, then wait for the results)")
    args = parser.parse_args()
    asyncio.run(run(args.sessions, args.rounds, args.train_page))


if __name__ == "__main__":
    main()
