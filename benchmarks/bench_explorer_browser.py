"""How the explorer feels in a real browser (headless Chromium), measured against a server round trip.

    python benchmarks/bench_explorer_browser.py [--clicks 30] [--play-seconds 3]

Prints, for an LSTM with hidden 32 on 200 steps:
- click -> diagram and charts updated (the next painted frame), vs. the baseline: a server round trip
  (changing the diagram's unit with a Streamlit selectbox, which reruns the script and redraws the stepper:
  how every choice worked before the stepper made them; measured on a second server whose choice budget is
  0, so Step through keeps those widgets);
- choose another unit / layer / the charts' units inside the stepper -> diagram and charts painted;
- playback at 10 steps/s: steps shown per second and steps skipped;
- first render of the Step view after a model change on the Build page.
Targets (issue 3): click <= 100 ms, 10 steps/s with none skipped, first render <= 1.5 s.
"""
from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, CLICK_NEXT_JS, streamlit_server, wait_idle  # noqa: E402

STEP_URL = "/step_through?cell=lstm&in=1&hid=32&len=200&units=0.1.2.3"
# Choices on 2-layer bidirectional LSTMs: hidden 32 x 200 steps (equations too many to template: the server renders
# them), and hidden 8 x 60 steps (the equations are rendered in the browser with the diagram: KaTeX).
CHOICE_URLS = {"h32x200": "/step_through?cell=lstm&in=1&hid=32&layers=2&bi=1&len=200&units=0.1.2.3",
               "h8x60+eq": "/step_through?cell=lstm&in=1&hid=8&layers=2&bi=1&len=60&units=0.1.2.3"}

# Choose in the stepper's own controls and time it until the browser has painted twice.
CHOOSE_JS = """async ([what, value]) => {
  const root = document.querySelector('.rnnviz-stepper');
  const t0 = performance.now();
  if (what === 'chip') {
    root.querySelector(`.rnnviz-chip[data-unit="${value}"]`).click();
  } else {
    const select = root.querySelector(`.rnnviz-choice select[aria-label^="${what}"]`);
    select.value = String(value);
    select.dispatchEvent(new Event('change'));
  }
  const painted = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  // The diagram is rebuilt synchronously: it is painted in the frame whose callbacks run next (the charts'
  // Plotly redraw is queued after that frame, so a second frame would wait for it).
  await new Promise(r => requestAnimationFrame(r));
  const diagram = performance.now() - t0;
  const want = root.getAttribute('data-choice');
  while (JSON.stringify(JSON.parse(want), ['layer', 'direction', 'units']) !==
         JSON.stringify(JSON.parse(root.getAttribute('data-charts') || '{}'), ['layer', 'direction', 'units'])) {
    await new Promise(r => setTimeout(r, 2));
  }
  await painted();  // and the charts
  return [diagram, performance.now() - t0];
}"""


def charts_ready(page) -> None:
    page.wait_for_function("() => document.querySelectorAll('.rnnviz-stepper .rnnviz-figure .main-svg').length >= 2",
                           timeout=60_000)


def click_latency(page, clicks: int) -> list[float]:
    times = []
    for _ in range(clicks):
        times.append(page.evaluate(CLICK_NEXT_JS))
        page.wait_for_timeout(30)
    return times


def server_round_trip(page, repeats: int = 5) -> list[float]:
    """Baseline: choose another unit for the diagram: the script reruns and the stepper redraws."""
    times = []
    for k in range(repeats):
        before = page.locator('.rnnviz-value[data-key="c"]').first.get_attribute("data-value")
        t0 = time.perf_counter()
        page.get_by_label("unit (diagram, equations)").click()
        page.get_by_role("option", name=str((k % 5) + 1), exact=True).click()
        page.wait_for_function(f"""() => {{
            const e = document.querySelector('.rnnviz-value[data-key="c"]');
            return e && e.getAttribute('data-value') !== {before!r}; }}""", timeout=30_000)
        times.append((time.perf_counter() - t0) * 1000)
        wait_idle(page)
    return times


def choice_latency(page, what: str, values: list[int]) -> list[float]:
    """Choose in the stepper (no server round trip): [to the diagram painted, to the charts painted] per choice."""
    times = []
    for value in values:
        times.append(page.evaluate(CHOOSE_JS, [what, value]))
        page.wait_for_timeout(400)  # past the 300 ms report: the rerun it causes is not in the next figure
        wait_idle(page)
    return times


def playback(page, seconds: float) -> tuple[float, int, int]:
    page.locator(".rnnviz-speed select").select_option("10")
    page.locator('.rnnviz-stepper button[data-action="first"]').click()
    page.locator('.rnnviz-stepper button[data-action="play"]').click()
    page.wait_for_timeout(seconds * 1000)
    page.locator('.rnnviz-stepper button[data-action="play"]').click()
    log = page.evaluate("() => document.querySelector('.rnnviz-stepper').__rnnvizState.playLog")
    steps = [s for s, _ in log]
    rate = (len(steps) - 1) / ((log[-1][1] - log[0][1]) / 1000)
    skipped = sum(b - a - 1 for a, b in zip(steps, steps[1:]) if b > a + 1)
    return rate, len(steps), skipped


def first_render_after_model_change(page, base: str) -> float:
    page.goto(base + "/build?cell=lstm&in=1&hid=31&len=200")
    wait_idle(page)
    hidden = page.get_by_label("hidden_size")
    hidden.fill("32")
    hidden.press("Enter")
    wait_idle(page)
    t0 = time.perf_counter()
    page.locator('[data-testid="stSidebarNav"] a', has_text="Step through").click()
    charts_ready(page)
    page.wait_for_selector('.rnnviz-value[data-key="c"][data-value]')
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=30)
    parser.add_argument("--play-seconds", type=float, default=3.0)
    args = parser.parse_args()
    with streamlit_server() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(base + STEP_URL)
        wait_idle(page)
        charts_ready(page)
        page.wait_for_timeout(500)
        clicks = click_latency(page, args.clicks)
        rate, shown, skipped = playback(page, args.play_seconds)
        renders = [first_render_after_model_change(page, base) for _ in range(3)]
        choices = {}
        for name, url in CHOICE_URLS.items():
            page.goto(base + url)
            wait_idle(page)
            charts_ready(page)
            page.wait_for_timeout(500)
            choices.update({f"{name} unit": choice_latency(page, "unit", [5, 6, 1, 7, 3, 2]),
                            f"{name} layer": choice_latency(page, "layer", [1, 0, 1, 0, 1, 0]),
                            f"{name} direction": choice_latency(page, "direction", [1, 0, 1, 0, 1, 0]),
                            f"{name} chart units": choice_latency(page, "chip", [7, 7, 6, 6, 5, 5])})
        browser.close()
    with streamlit_server(env={"RNNVIZ_CHOICE_BUDGET_BYTES": "0"}) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(base + STEP_URL)
        wait_idle(page)
        charts_ready(page)
        baseline = server_round_trip(page)
        browser.close()
    p50 = statistics.median(clicks)
    p95 = sorted(clicks)[int(0.95 * (len(clicks) - 1))]
    trip = statistics.median(baseline)
    print("LSTM hidden 32, 200 steps (choices: 2-layer bidirectional LSTMs, see CHOICE_URLS), "
          "headless Chromium on this machine")
    print(f"{'measure':44s} {'value':>10s} {'target':>10s} {'vs server round trip':>22s}")
    print(f"{'server round trip (baseline), median':44s} {trip:8.0f}ms {'':>10s} {'1.00x':>22s}")
    print(f"{'click -> painted, median':44s} {p50:8.1f}ms {'<=100ms':>10s} {p50 / trip:21.3f}x")
    print(f"{'click -> painted, p95':44s} {p95:8.1f}ms {'<=100ms':>10s} {p95 / trip:21.3f}x")
    for what, times in choices.items():
        for k, part in enumerate(("diagram", "charts")):
            median, worst = statistics.median(t[k] for t in times), max(t[k] for t in times)
            target = "<=100ms" if part == "diagram" else ""
            print(f"{'choose ' + what + ' -> ' + part + ' painted, median':44s} {median:8.1f}ms {target:>10s} "
                  f"{median / trip:21.3f}x")
            print(f"{'choose ' + what + ' -> ' + part + ' painted, max':44s} {worst:8.1f}ms {target:>10s} "
                  f"{worst / trip:21.3f}x")
    print(f"{'playback at 10 steps/s: rate':44s} {rate:8.2f}/s {'10/s':>10s}")
    print(f"{'playback: steps shown / skipped':44s} {shown:>6d}/{skipped:<3d} {'0 skipped':>10s}")
    print(f"{'first render after a model change, median':44s} {statistics.median(renders):8.0f}ms {'<=1500ms':>10s} "
          f"{statistics.median(renders) / trip:21.2f}x")
    ok = (p95 <= 100 and max(t[0] for times in choices.values() for t in times) <= 100 and skipped == 0
          and abs(rate - 10) < 0.5 and statistics.median(renders) <= 1500)
    print("all targets met" if ok else "TARGET MISSED")


if __name__ == "__main__":
    main()
