"""Light and dark in a real browser: the link, the sidebar switch and the system preference choose Streamlit's
own theme, and every visible text reads at WCAG AA (4.5:1) on both, the cell diagram's SVG text included."""
from __future__ import annotations

import pytest

from tests.browser.server import assert_no_exception, wait_idle

pytestmark = pytest.mark.browser
CHARTS_READY = ".rnnviz-stepper .rnnviz-figure .main-svg"
# Step through and lesson 5 (the stepper: diagram, its charts, equations), lesson 12 (st.plotly_chart figures).
PAGES = {"/step_through": CHARTS_READY, "/lessons?lesson=memory-cell": CHARTS_READY,
         "/lessons?lesson=gradients": '[data-testid="stPlotlyChart"] .main-svg'}

# The app's background as a WCAG relative luminance (white 1, black 0).
APP_LUMINANCE_JS = """() => {
  const [r, g, b] = getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor
    .match(/[\\d.]+/g).map(Number).map(v => { v /= 255; \
return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""

# Every visible text element (HTML text and SVG <text> with its fill) against what is painted beneath its
# centre (page, boxes, SVG shapes, composited with their opacity); text over an image or canvas, or
# covered by something opaque, is left out. Returns one row per text element.
CONTRAST_JS = """() => {
  // WCAG 2 contrast of every visible text element against what is painted beneath it.
  const parse = (c) => {
    const m = (c || "").match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, below) => {  // top (with alpha) composited over an opaque colour
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + below[i] * (1 - a));
  };
  const lum = (rgb) => {
    const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const opacityOf = (el) => { let o = 1; for (let e = el; e && e.nodeType === 1; e = e.parentElement) \
o *= Number(getComputedStyle(e).opacity); return o; };
  const SHAPES = new Set(["rect", "circle", "ellipse", "path", "polygon"]);
  const paint = (el) => {  // the colour an element paints behind text, or null
    const cs = getComputedStyle(el);
    if (el instanceof SVGElement) {
      if (!SHAPES.has(el.tagName.toLowerCase()) || cs.fill === "none") return null;
      const c = parse(cs.fill); if (!c) return null;
      c[3] *= Number(cs.fillOpacity) * opacityOf(el);
      return c[3] > 0 ? c : null;
    }
    const c = parse(cs.backgroundColor);
    if (!c || c[3] === 0) return null;
    c[3] *= opacityOf(el);
    return c;
  };
  const force = document.createElement("style");
  force.textContent = "* { pointer-events: auto !important; }";
  document.head.appendChild(force);
  const results = [];
  const candidates = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent.trim()) candidates.add(n.parentElement);
  for (const el of candidates) {
    if (el.closest("script, style, noscript, [disabled], [aria-disabled='true'], [aria-hidden='true']")) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility !== "visible") continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.bottom < 0 || r.right < 0 || r.top > innerHeight || r.left > innerWidth) \
continue;
    const isSvg = el instanceof SVGElement;
    const fg = parse(isSvg ? cs.fill : cs.color);
    if (!fg) continue;
    fg[3] *= (isSvg ? Number(cs.fillOpacity) : 1) * opacityOf(el);
    if (fg[3] < 0.05) continue;
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1), \
y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const stack = document.elementsFromPoint(x, y);
    const at = stack.findIndex(e => e === el || el.contains(e));
    if (stack.slice(0, at < 0 ? 1 : at).some(e => !el.contains(e) && !e.contains(el) \
&& (paint(e) || [0, 0, 0, 0])[3] > 0.5)) continue;  // covered
    const layers = [];
    let unknown = false;
    for (const under of stack.slice(at + 1)) {
      if (el.contains(under) || under.contains(el) && under instanceof SVGElement \
&& !SHAPES.has(under.tagName.toLowerCase())) continue;
      const tag = under.tagName.toLowerCase();
      if (tag === "img" || tag === "canvas" || tag === "image" || tag === "video" || tag === "iframe") \
{ unknown = true; break; }
      const c = paint(under);
      if (c) { layers.push(c); if (c[3] >= 0.999) break; }
    }
    if (unknown) continue;
    let bg = [255, 255, 255];  // the canvas behind everything
    for (const c of layers.reverse()) bg = over(c, bg);
    const text = over(fg, bg);
    const [a, b] = [lum(text), lum(bg)].sort((p, q) => q - p);
    results.push({ ratio: (a + 0.05) / (b + 0.05), text: el.textContent.trim().slice(0, 40), \
tag: el.tagName.toLowerCase(),
                   cls: String(el.getAttribute("class") || "").slice(0, 60), svg: isSvg,
                   fg: text.map(Math.round), bg: bg.map(Math.round) });
  }
  force.remove();
  return results;
}
"""


def _open(browser, url: str, color_scheme: str = "light", ready: str = CHARTS_READY):
    context = browser.new_context(viewport={"width": 1280, "height": 2400}, color_scheme=color_scheme)
    page = context.new_page()
    page.goto(url)
    wait_idle(page, 90_000)  # a loaded 2-core machine can take a while for a lesson's first run
    page.wait_for_selector(ready)
    return context, page


def _wait_for_theme(page, dark: bool) -> None:
    page.wait_for_function(f"({APP_LUMINANCE_JS})() {'<' if dark else '>'} 0.5", timeout=15_000)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_every_text_reads_at_aa_on_both_themes(browser, app_url, path, theme):
    # The system prefers the other theme: the link alone must decide.
    context, page = _open(browser, f"{app_url}{path}{'&' if '?' in path else '?'}theme={theme}",
                          color_scheme="light" if theme == "dark" else "dark", ready=PAGES[path])
    try:
        _wait_for_theme(page, dark=theme == "dark")
        page.wait_for_timeout(500)  # the stepper re-colours its charts after the switch
        assert_no_exception(page)
        luminance = page.evaluate(APP_LUMINANCE_JS)
        assert luminance < 0.02 if theme == "dark" else luminance > 0.9
        rows = page.evaluate(CONTRAST_JS)
        svg = [r for r in rows if r["svg"]]
        assert len(rows) >= 50 and len(svg) >= 15, (len(rows), len(svg))  # the diagram or the charts were seen
        if PAGES[path] == CHARTS_READY:
            assert len(rows) >= 80 and len(svg) >= 40, (len(rows), len(svg))
            assert any(r["cls"] == "rnnviz-gate-label" for r in svg) and any(r["cls"] == "rnnviz-caption" for r in svg)
        low = [(round(r["ratio"], 2), r["text"], r["cls"], r["fg"], r["bg"]) for r in rows if r["ratio"] < 4.5]
        assert not low, low
    finally:
        context.close()


def test_without_a_choice_the_theme_follows_a_dark_system(browser, app_url):
    """(A light system: test_the_sidebar_switch_changes_the_theme_and_the_link opens in one.)"""
    context, page = _open(browser, app_url + "/step_through", color_scheme="dark")
    try:
        _wait_for_theme(page, dark=True)
        assert "theme=" not in page.url
    finally:
        context.close()


def test_the_sidebar_switch_changes_the_theme_and_the_link(browser, app_url):
    context, page = _open(browser, app_url + "/step_through", color_scheme="light")
    try:
        _wait_for_theme(page, dark=False)  # without a choice the theme follows the light system
        assert "theme=" not in page.url
        switch = page.locator('[data-testid="stSidebar"]').get_by_text("Dark", exact=True)
        switch.click()
        _wait_for_theme(page, dark=True)
        wait_idle(page)
        assert "theme=dark" in page.url
        # the stepper's charts follow: their text takes the dark theme's light text colour
        tick = page.locator(".rnnviz-stepper .rnnviz-figure .main-svg text").first
        assert tick.evaluate("e => getComputedStyle(e).fill") == "rgb(237, 235, 232)"
        page.locator('[data-testid="stSidebar"]').get_by_text("Auto", exact=True).click()
        _wait_for_theme(page, dark=False)  # back to the system's light
        wait_idle(page)
        assert "theme=" not in page.url
    finally:
        context.close()
