// rnnviz stepper: steps through an already computed trace in the browser.
// A Streamlit round trip costs ~0.4 s, so every step change (buttons, keys, slider, playback) is drawn
// here; the server only hears the step 300 ms after the user settles, and not while playing.
// Streamlit calls this function again on every rerun with the same parentElement, so all state
// lives on parentElement.__rnnvizStepper and the DOM is rebuilt only when data.version changes.

const SVG_NS = "http://www.w3.org/2000/svg";
const SPEEDS = [1, 2, 5, 10, 20];
const REPORT_DELAY_MS = 300;
const ICONS = {  // inline SVG: unicode media glyphs render as colour emoji on some systems
  first: "M6 5h2v14H6zM20 5v14L9 12z",
  prev: "M17 5v14L6 12z",
  play: "M7 5v14l12-7z",
  pause: "M7 5h4v14H7zM14 5h4v14h-4z",
  next: "M7 5v14l11-7z",
  last: "M16 5h2v14h-2zM4 5v14l11-7z",
  image: "M11 3h2v9.2l3.3-3.3 1.4 1.4L12 16l-5.7-5.7 1.4-1.4 3.3 3.3zM4 18h16v2H4z",
};

// The app's root as this browser reached it: directly, under --server.baseUrlPath, or under a prefix that a
// proxy strips. Streamlit loads its own bundle relative to the page, so that script's resolved address
// starts with the root; the static files the stepper needs (plotly.js, KaTeX) live below it.
function appUrl(path) {
  const own = document.querySelector('script[src*="/static/js/index."]');
  try {
    const root = own ? own.src.replace(/static\/js\/[^/]*$/, "") : new URL(".", document.baseURI).href;
    return new URL(path, root).href;
  } catch {  // a page with no address of its own (about:blank): the path as given
    return path;
  }
}

let plotlyPromise = null;
function loadPlotly(url) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!plotlyPromise) {
    plotlyPromise = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => { plotlyPromise = null; reject(new Error(`could not load ${url}`)); };
      document.head.appendChild(script);
    });
  }
  return plotlyPromise;
}

// --- small helpers ------------------------------------------------------------------------------
function el(tag, attrs = {}, parent = null, ns = null) {
  const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  if (parent) parent.appendChild(node);
  return node;
}
const svg = (tag, attrs, parent) => el(tag, attrs, parent, SVG_NS);
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
// --- numbers that fit their box ------------------------------------------------------------------
// Three significant digits where they fit (0.731, 7.00, -12.3), then two; whole numbers up to 99999;
// otherwise scientific (4.54e-5, -1.2e6), with fewer digits until the text fits `chars` characters.
const sci = (x, digits) => x.toExponential(digits).replace("e+", "e");
function fmt(v, chars = 9) {
  const x = Number(v);
  if (v === null || v === undefined || !Number.isFinite(x)) return "–";
  const a = Math.abs(x);
  const tries = a === 0 || (a >= 1e-3 && a < 1e3) ? [x.toPrecision(3), x.toPrecision(2)]
    : a >= 1e3 && a < 1e5 ? [String(Math.round(x))] : [];
  tries.push(sci(x, 2), sci(x, 1), sci(x, 0));
  return tries.find((text) => text.length <= chars) || tries[tries.length - 1];
}
// Tabular digits are about 0.55 em wide: `chars` is how many fit a box of `width` diagram units, plus two.
// A text wider than the box (a minus sign and an exponent) is squeezed into it by textLength, never overflows.
const charsFor = (width, px) => Math.max(5, Math.floor((width - 6) / (px * 0.55)) + 2);
function setNumber(node, v, width, px) {
  const text = fmt(v, charsFor(width, px));
  node.textContent = text;
  if (text.length * px * 0.56 > width - 6) {
    node.setAttribute("textLength", String(width - 6));
    node.setAttribute("lengthAdjust", "spacingAndGlyphs");
  } else if (node.hasAttribute("textLength")) {
    node.removeAttribute("textLength");
  }
}
const numberFont = (st, small, large) => (st.data.presenter ? large : small);  // as stepper.css sizes them
// {dtype: "f4", bdata, shape} (base64 float32, as stepper.py sends every series) -> plain arrays:
// a list per step, or a list of lists for 2-D series such as x.
function decodeTyped(v) {
  if (!v || Array.isArray(v) || !v.bdata) return v;
  const bytes = Uint8Array.from(atob(v.bdata), (ch) => ch.charCodeAt(0));
  const flat = Array.from(new Float32Array(bytes.buffer));
  if (!v.shape || v.shape.length < 2) return flat;
  const width = v.shape[1];
  return Array.from({ length: v.shape[0] }, (_, t) => flat.slice(t * width, (t + 1) * width));
}

const valueAt = (series, t) => (series && t < series.length ? series[t] : null);  // null: nothing bound

function parseScale(scale) {
  return scale.map(([pos, color]) => [pos, (color.match(/[\d.]+/g) || [0, 0, 0]).slice(0, 3).map(Number)]);
}

// Diverging colour for v in [-range, range]; returns [css colour, readable text colour].
function divergingColor(stops, v, range) {
  const u = clamp((v / range + 1) / 2, 0, 1);
  let k = 1;
  while (k < stops.length - 1 && stops[k][0] < u) k++;
  const [p0, c0] = stops[k - 1], [p1, c1] = stops[k];
  const w = p1 > p0 ? (u - p0) / (p1 - p0) : 0;
  const rgb = c0.map((c, j) => Math.round(c + w * (c1[j] - c)));
  // the number in whichever of near-black and white contrasts more with the fill (WCAG luminance)
  const [r, g, b] = rgb.map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return [`rgb(${rgb.join(",")})`, (lum + 0.05) / 0.0556 >= 1.05 / (lum + 0.05) ? "#111" : "#fff"];
}

// --- diagram -----------------------------------------------------------------------------------
// Builds the SVG once per version; returns update functions that only touch attributes and text.
function buildDiagram(st, container) {
  const { diagram, labels } = st.data;
  const values = Object.fromEntries(Object.entries(st.data.values).map(([k, v]) => [k, decodeTyped(v)]));
  const stops = parseScale(st.data.scale);
  const uid = st.uid;
  const root = svg("svg", {
    viewBox: `0 0 ${diagram.width} ${diagram.height}`, class: "rnnviz-svg", role: "img",
    "aria-label": labels.diagram || "cell diagram",
  }, container);
  const defs = svg("defs", {}, root);
  const markers = new Map();
  const markerFor = (color) => {  // one arrowhead per colour (context-stroke is not everywhere yet)
    const name = color || "neutral";
    if (!markers.has(name)) {
      const id = `${uid}-arrow-${markers.size}`;
      const m = svg("marker", { id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9, markerHeight: 9,
        orient: "auto-start-reverse", markerUnits: "userSpaceOnUse" }, defs);
      const p = svg("path", { d: "M0,0 L10,5 L0,10 z", class: color ? "" : "rnnviz-neutral-fill" }, m);
      if (color) p.setAttribute("fill", color);
      markers.set(name, id);
    }
    return markers.get(name);
  };
  // The diverging range is per quantity (h_prev shares h's), at least 1 so small values look small.
  const ranges = {};
  for (const [key, series] of Object.entries(values)) {
    const family = key.split("_")[0];
    const flat = Array.isArray(series) ? series.flat() : [];
    const peak = flat.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
    ranges[family] = Math.max(ranges[family] || 1, peak);
  }
  const colors = st.data.colors;
  const updates = [];
  const layers = { frame: svg("g", {}, root), arrow: svg("g", {}, root), shape: svg("g", {}, root) };

  for (const e of diagram.elements) {
    if (e.kind === "frame") {
      svg("rect", { x: e.x, y: e.y, width: e.width, height: e.height, rx: 14, class: "rnnviz-frame" }, layers.frame);
    } else if (e.kind === "arrow") {
      const color = e.key ? colors[e.key] : null;
      const line = svg("polyline", {
        points: e.points.map((p) => p.join(",")).join(" "),
        class: `rnnviz-arrow${e.weight === "main" ? " main" : ""}${e.dashed ? " dashed" : ""}${color ? "" : " neutral"}`,
      }, layers.arrow);
      if (color) line.setAttribute("stroke", color);
      if (e.head) line.setAttribute("marker-end", `url(#${markerFor(color)})`);
    } else if (e.kind === "op") {
      const g = svg("g", { class: "rnnviz-op" }, layers.shape);
      if (e.shape === "box") {
        svg("rect", { x: e.x - e.width / 2, y: e.y - e.height / 2, width: e.width, height: e.height, rx: 8 }, g);
      } else {
        svg("circle", { cx: e.x, cy: e.y, r: e.r }, g);
      }
      const long = e.symbol.length > 2;
      svg("text", { x: e.x, y: e.y, class: long ? "small" : "", text: e.symbol }, g);
    } else if (e.kind === "text") {
      svg("text", { x: e.x, y: e.y, "text-anchor": e.anchor || "middle", class: "rnnviz-caption",
        text: (e.tkey && labels[e.tkey]) || e.text }, layers.shape);
    } else if (e.kind === "valve") {
      updates.push(buildValve(layers.shape, e, values[e.key], numberFont(st, 14, 16)));
    } else if (e.kind === "value") {
      updates.push(buildValue(layers.shape, e, values[e.key], stops, ranges[e.key.split("_")[0]], numberFont(st, 14, 16),
        numberFont(st, 12.5, 12.5)));
    }
  }
  return updates;
}

// A gate as a gauge: the coloured fill is the opening (0 closed, 1 open), with a tick at one half;
// the number sits in its own strip below the gauge so it never overlaps the fill.
function buildValve(parent, e, series, numberPx) {
  const strip = 22, inset = 3;
  const x0 = e.x - e.width / 2, y0 = e.y - e.height / 2;
  const gauge = e.height - strip;
  const inner = gauge - 2 * inset;
  const g = svg("g", { class: "rnnviz-valve", "data-key": e.key }, parent);
  svg("rect", { x: x0, y: y0, width: e.width, height: e.height, rx: 7, class: "rnnviz-valve-body",
    stroke: e.color }, g);
  svg("line", { x1: x0, x2: x0 + e.width, y1: y0 + gauge, y2: y0 + gauge, stroke: e.color, class: "rnnviz-tick" }, g);
  const fill = svg("rect", { x: x0 + inset, width: e.width - 2 * inset, rx: 4, fill: e.color }, g);
  const half = y0 + inset + inner / 2;
  svg("line", { x1: x0, x2: x0 + 7, y1: half, y2: half, stroke: e.color, class: "rnnviz-tick" }, g);
  svg("line", { x1: x0 + e.width - 7, x2: x0 + e.width, y1: half, y2: half, stroke: e.color, class: "rnnviz-tick" }, g);
  svg("text", { x: x0 - 7, y: y0 + 12, "text-anchor": "end", class: "rnnviz-gate-label", style: `fill:${e.text_color || e.color}`,
    text: e.label }, g);
  const number = svg("text", { x: e.x, y: y0 + gauge + strip / 2, class: "rnnviz-valve-number" }, g);
  return (t) => {
    const v = valueAt(series, t);
    const h = inner * clamp(Number(v) || 0, 0, 1);
    fill.setAttribute("y", y0 + inset + inner - h);
    fill.setAttribute("height", h);
    setNumber(number, v, e.width, numberPx);
    g.setAttribute("data-value", String(v));
  };
}

function buildValue(parent, e, series, stops, range, numberPx, slotPx) {
  const x0 = e.x - e.width / 2, y0 = e.y - e.height / 2;
  const g = svg("g", { class: "rnnviz-value", "data-key": e.key }, parent);
  const pos = e.label_pos || "above";
  const label = pos === "left" ? { x: x0 - 8, y: e.y, "text-anchor": "end", "dominant-baseline": "central" }
    : pos === "above-left" ? { x: e.x - 6, y: y0 - 8, "text-anchor": "end" }
    : { x: e.x, y: y0 - 9, "text-anchor": "middle" };
  svg("text", { ...label, class: "rnnviz-value-label", text: e.label }, g);
  const slots = e.slots || 0;
  if (slots === 0) {  // one number
    const box = svg("rect", { x: x0, y: y0, width: e.width, height: e.height, rx: 7, stroke: e.color,
      class: "rnnviz-value-box" }, g);
    const number = svg("text", { x: e.x, y: e.y, class: "rnnviz-value-number" }, g);
    return (t) => {
      const v = valueAt(series, t);
      const [bg, fg] = divergingColor(stops, Number(v) || 0, range);
      box.setAttribute("fill", bg);
      number.style.fill = fg;  // inline style: the stylesheet's text fill would beat an attribute
      setNumber(number, v, e.width, numberPx);
      g.setAttribute("data-value", String(v));
    };
  }
  // the input: one small cell per shown feature
  svg("rect", { x: x0, y: y0, width: e.width, height: e.height, rx: 7, stroke: e.color,
    class: "rnnviz-value-box rnnviz-slots" }, g);
  const cw = (e.width - 6) / slots;
  const cells = [];
  for (let j = 0; j < slots; j++) {
    const rect = svg("rect", { x: x0 + 3 + j * cw + 1, y: y0 + 3, width: cw - 2, height: e.height - 6, rx: 4 }, g);
    const text = svg("text", { x: x0 + 3 + (j + 0.5) * cw, y: e.y, class: "rnnviz-slot-number" }, g);
    cells.push([rect, text]);
  }
  return (t) => {
    const vec = valueAt(series, t) || [];
    cells.forEach(([rect, text], j) => {
      const v = vec[j];
      const [bg, fg] = divergingColor(stops, Number(v) || 0, range);
      rect.setAttribute("fill", bg);
      text.style.fill = fg;
      setNumber(text, v, cw - 2, slotPx);
    });
    g.setAttribute("data-value", JSON.stringify(vec));
  };
}

// --- figures -----------------------------------------------------------------------------------
const themeText = (st) => getComputedStyle(st.root).getPropertyValue("--st-text-color").trim() || "#31333f";

function themedLayout(st, layout) {
  const text = st.themeText = themeText(st);
  return {
    ...layout,
    paper_bgcolor: "rgba(0,0,0,0)",
    font: { ...(layout.font || {}), color: text },
    autosize: true,
    width: undefined,
  };
}

async function buildFigures(st, container, version) {
  const figures = st.data.figures || [];
  if (!figures.length) return;
  const divs = figures.map(() => el("div", { class: "rnnviz-figure" }, container));
  let Plotly;
  try {
    Plotly = await loadPlotly(appUrl(st.data.plotly_url));
  } catch (err) {
    container.textContent = String(err);
    return;
  }
  if (st.version !== version) return;  // rebuilt while Plotly was loading
  st.plots = [];
  for (let k = 0; k < figures.length; k++) {
    const fig = figures[k], div = divs[k];
    // A copy: Plotly's relayouts change the axes in place, and fitToScreen reads the figure as it came.
    const layout = themedLayout(st, structuredClone(fig.layout || {}));
    const markers = stepMarkers(layout);
    await Plotly.react(div, fig.data || [], layout, { displaylogo: false, responsive: true,
      modeBarButtonsToRemove: ["select2d", "lasso2d"], toImageButtonOptions: { filename: "rnnviz", scale: 2 },
      modeBarButtonsToAdd: [{ name: "rnnviz-svg", title: "Download plot as SVG", icon: Plotly.Icons.disk,
        click: (gd) => Plotly.downloadImage(gd, { format: "svg", filename: "rnnviz" }) }] });
    st.plots.push({ div, markers, last: null });
  }
  if (st.version !== version) return;
  // Plotly only follows window resizes; the column also changes width with the sidebar or layout.
  let width = container.clientWidth;
  st.resizeObserver?.disconnect();
  st.resizeObserver = new ResizeObserver(() => {
    if (container.clientWidth === width) return;  // height changes are our own charts appearing
    width = container.clientWidth;
    cancelAnimationFrame(st.resizeFrame);
    st.resizeFrame = requestAnimationFrame(() => st.plots?.forEach((p) => Plotly.Plots.resize(p.div)));
  });
  st.resizeObserver.observe(container);
  st.fittedHeight = null;
  fitToScreen(st);
  moveMarkers(st, st.step);
}

// Marker shapes keep their own width (a line, or a band around the step): their offsets around the step.
function stepMarkers(layout) {
  const markers = [];
  (layout.shapes || []).forEach((s, idx) => {
    if (s.name !== "step-marker") return;
    const centre = (Number(s.x0) + Number(s.x1)) / 2;
    const axis = (s.xref || "x").split(" ")[0].replace(/^x/, "xaxis");
    markers.push({ idx, axis, pos: centre, d0: Number(s.x0) - centre, d1: Number(s.x1) - centre });
  });
  return markers;
}

// The SVG follows the theme through CSS variables; Plotly needs its font colour set again.
function syncTheme(st) {
  const text = themeText(st);
  if (!st.plots || !window.Plotly || text === st.themeText) return;
  st.themeText = text;
  for (const p of st.plots) window.Plotly.relayout(p.div, { "font.color": text });
}

// Plotly.relayout of a shape's x0 always recomputes the whole figure (its editType is
// "calc+arraydraw"): 40-100 ms per chart. Instead the drawn marker paths are shifted with a
// transform (well under 1 ms) and Plotly's own layout copies are updated in place, so any later
// redraw by Plotly (resize, zoom) draws the markers at the same step. Falls back to relayout when
// the internals this relies on (_fullLayout, axis l2p, shape data-index) are missing.
function shiftMarkers(p, t) {
  const full = p.div._fullLayout, layout = p.div.layout;
  if (!full || !layout || !Array.isArray(full.shapes) || !Array.isArray(layout.shapes)) return false;
  const moves = [];
  for (const m of p.markers) {
    const ax = full[m.axis];
    const node = p.div.querySelector(`.shapelayer path[data-index="${m.idx}"]`);
    if (!ax || typeof ax.l2p !== "function" || !node || !layout.shapes[m.idx] || !full.shapes[m.idx]) return false;
    moves.push([m, ax, node]);
  }
  for (const [m, ax, node] of moves) {
    // A path Plotly has (re)drawn since the last move sits where the layout said then: m.pos.
    if (node.__rnnvizBase === undefined) node.__rnnvizBase = m.pos;
    node.setAttribute("transform", `translate(${ax.l2p(t) - ax.l2p(node.__rnnvizBase)},0)`);
    for (const shape of [layout.shapes[m.idx], full.shapes[m.idx]]) {
      shape.x0 = t + m.d0;
      shape.x1 = t + m.d1;
    }
    m.pos = t;
  }
  return true;
}

function moveMarkers(st, t) {
  if (!st.plots || !window.Plotly) return;
  for (const p of st.plots) {
    if (!p.markers.length || p.last === t) continue;
    if (!shiftMarkers(p, t)) markersByRelayout(p, t);
    p.last = t;
  }
}

function markersByRelayout(p, t) {
  const update = {};
  for (const m of p.markers) {
    update[`shapes[${m.idx}].x0`] = t + m.d0;
    update[`shapes[${m.idx}].x1`] = t + m.d1;
  }
  return window.Plotly.relayout(p.div, update);  // one relayout per figure, every marker at once
}

// --- presenter mode: the diagram and the first chart fit the screen ---------------------------------
// On a projector nothing the lecture needs may sit below the fold: the diagram's height is capped and the
// first chart (quantities stacked over time) is laid out to the height left under the controls.
function scrollParent(node) {
  for (let n = node.parentElement; n; n = n.parentElement) {
    const overflow = getComputedStyle(n).overflowY;
    if (overflow === "auto" || overflow === "scroll") return n;
  }
  return null;
}

function availableHeight(st) {
  const body = st.root.querySelector(".rnnviz-body");
  if (!body) return null;
  const scroller = scrollParent(st.root);
  const viewTop = scroller ? scroller.getBoundingClientRect().top : 0;
  const viewHeight = scroller ? scroller.clientHeight : window.innerHeight;
  const top = body.getBoundingClientRect().top - viewTop + (scroller ? scroller.scrollTop : window.scrollY);
  return Math.max(240, Math.floor(viewHeight - top - 12));
}

// The stacked rows of a make_subplots layout squeezed or stretched to `height` px, keeping the gaps
// (the subplot titles) at their pixel size. Returns a Plotly.relayout update.
function fittedLayout(layout, height) {
  const margin = layout.margin || {};
  const oldPlot = (layout.height || 450) - (margin.t || 0) - (margin.b || 0);
  const newPlot = height - (margin.t || 0) - (margin.b || 0);
  const rows = Object.keys(layout).filter((k) => /^yaxis\d*$/.test(k) && Array.isArray(layout[k].domain))
    .sort((a, b) => layout[b].domain[1] - layout[a].domain[1]);
  const update = { height };
  if (rows.length === 0 || newPlot <= 0) return update;
  const gaps = rows.slice(1).map((k, j) => (layout[rows[j]].domain[0] - layout[k].domain[1]) * oldPlot);
  const rowPx = Math.max(24, (newPlot - gaps.reduce((a, b) => a + b, 0)) / rows.length);
  let top = newPlot;
  const notes = layout.annotations || [];
  rows.forEach((k, j) => {
    const oldTop = layout[k].domain[1];
    const domain = [Math.max(0, (top - rowPx) / newPlot), Math.min(1, top / newPlot)];
    update[`${k}.domain`] = domain;
    notes.forEach((note, n) => {  // the row's title sits on its top edge
      if (note.yref === "paper" && Math.abs(note.y - oldTop) < 1e-6) update[`annotations[${n}].y`] = domain[1];
    });
    top -= rowPx + (gaps[j] || 0);
  });
  return update;
}

function fitToScreen(st) {
  // fit_screen false: a notebook, whose cells scroll (its output areas grow with what they hold: no screen to fit)
  if (!st.data.presenter || st.data.fit_screen === false) return;
  const height = availableHeight(st);
  if (height === null) return;
  st.root.style.setProperty("--rz-fit", `${height}px`);
  const first = st.plots && st.plots[0];
  const layout = (st.data.figures || [])[0]?.layout;
  if (!first || !layout || !window.Plotly || Math.abs((st.fittedHeight || 0) - height) < 16) return;
  st.fittedHeight = height;
  window.Plotly.relayout(first.div, fittedLayout(layout, height));
}

// --- controls ------------------------------------------------------------------------------------
function iconButton(parent, action, label, icon, extra = "") {
  const b = el("button", { type: "button", class: `rnnviz-btn ${extra}`, "aria-label": label, title: label,
    "data-action": action }, parent);
  const s = svg("svg", { viewBox: "0 0 24 24", "aria-hidden": "true" }, b);
  svg("path", { d: ICONS[icon] }, s);
  // Mouse clicks must not take focus, so a clicker's arrow keys keep working after a click.
  b.addEventListener("mousedown", (ev) => ev.preventDefault());
  return b;
}

function buildControls(st, bar) {
  const L = st.data.labels;
  const c = {};
  const group = el("div", { class: "rnnviz-buttons" }, bar);
  c.first = iconButton(group, "first", L.first, "first");
  c.prev = iconButton(group, "previous", L.previous, "prev");
  c.play = iconButton(group, "play", L.play, "play", "rnnviz-play");
  c.next = iconButton(group, "next", L.next, "next");
  c.last = iconButton(group, "last", L.last, "last");
  c.slider = el("input", { type: "range", min: 0, max: 0, step: 1, value: 0, class: "rnnviz-slider",
    "aria-label": L.step }, bar);
  const readout = el("div", { class: "rnnviz-readout" }, bar);
  c.t = el("span", { class: "rnnviz-t" }, readout);
  c.label = el("span", { class: "rnnviz-step-label", "aria-live": "off" }, readout);
  const speed = el("label", { class: "rnnviz-speed" }, bar);
  el("span", { text: L.speed }, speed);
  c.speed = el("select", { "aria-label": L.speed }, speed);
  for (const s of SPEEDS) el("option", { value: s, text: `${s} ${L.steps_per_second}` }, c.speed);
  c.image = buildImageMenu(st, bar);
  // In presenter mode the keys a clicker sends are written beside the controls.
  if (st.data.presenter && L.keys_help) el("span", { class: "rnnviz-keys", text: L.keys_help }, bar);

  c.first.onclick = () => { stop(st); go(st, 0); };
  c.prev.onclick = () => { stop(st); go(st, st.step - 1); };
  c.next.onclick = () => { stop(st); go(st, st.step + 1); };
  c.last.onclick = () => { stop(st); go(st, st.T - 1); };
  c.play.onclick = () => togglePlay(st);
  c.slider.addEventListener("input", () => { stop(st); go(st, Number(c.slider.value)); });
  c.slider.addEventListener("pointerup", () => c.slider.blur());
  c.speed.addEventListener("change", () => {
    st.speed = Number(c.speed.value);
    if (st.playing) anchorPlayback(st);
    c.speed.blur();
  });
  return c;
}

function refreshControls(st) {
  const c = st.controls, L = st.data.labels;
  c.slider.max = String(st.T - 1);
  c.slider.value = String(st.step);
  c.t.textContent = `t = ${st.step}`;
  c.label.textContent = `${L.step} ${st.step + 1} ${L.of} ${st.T}`;
  c.label.setAttribute("data-step", String(st.step));
  c.prev.disabled = c.first.disabled = st.step <= 0;
  c.next.disabled = c.last.disabled = st.step >= st.T - 1;
  const label = st.playing ? L.pause : L.play;
  c.play.setAttribute("aria-label", label);
  c.play.title = label;
  c.play.querySelector("path").setAttribute("d", ICONS[st.playing ? "pause" : "play"]);
  c.play.classList.toggle("playing", st.playing);
  refreshImageMenu(st);
}

// --- stepping ------------------------------------------------------------------------------------
function show(st, t) {
  const started = performance.now();
  st.step = clamp(Math.round(t), 0, st.T - 1);
  for (const update of st.updates) update(st.step);
  moveMarkers(st, st.step);
  refreshControls(st);
  st.root.setAttribute("data-step", String(st.step));
  st.lastUpdateMs = performance.now() - started;
  st.root.setAttribute("data-update-ms", st.lastUpdateMs.toFixed(2));
}

function go(st, t) {
  show(st, t);
  scheduleReport(st);
}

// Tell the server where we are, once the user has settled (each report costs a full rerun).
function scheduleReport(st) {
  clearTimeout(st.reportTimer);
  if (st.playing) return;
  st.reportTimer = setTimeout(() => {
    if (st.playing || st.step === st.lastReported) return;
    st.lastReported = st.step;
    // The seq says which server move this step follows; the server ignores reports about older ones.
    st.setStateValue("position", { step: st.step, seq: st.seq });
  }, REPORT_DELAY_MS);
}

function anchorPlayback(st) {
  st.playStart = performance.now();
  st.playFrom = st.step;
}

function tick(st) {
  const interval = 1000 / st.speed;
  let due = st.playStart + (st.step - st.playFrom + 1) * interval;
  const now = performance.now();
  if (now - due > 2 * interval) {  // e.g. a background tab was throttled: resume the pace, no burst
    anchorPlayback(st);
    due = now;
  }
  st.playTimer = setTimeout(() => {
    if (!st.playing) return;
    show(st, st.step + 1);
    st.playLog.push([st.step, performance.now()]);
    if (st.step >= st.T - 1) stop(st);
    else tick(st);
  }, Math.max(0, due - now));
}

function play(st) {
  if (st.T < 2) return;
  if (st.step >= st.T - 1) show(st, 0);
  st.playing = true;
  clearTimeout(st.reportTimer);
  anchorPlayback(st);
  st.playLog = [[st.step, performance.now()]];
  refreshControls(st);
  tick(st);
}

function stop(st) {
  if (!st.playing) return;
  st.playing = false;
  clearTimeout(st.playTimer);
  refreshControls(st);
  scheduleReport(st);
}

function togglePlay(st) {
  if (st.playing) stop(st);
  else play(st);
}

// --- keyboard -------------------------------------------------------------------------------------
// A presentation clicker sends PageUp/PageDown (some send the arrows). They step whenever the focus is not
// where a key means something else: a text or number field, or an open dropdown. Caught in the capture
// phase on window and stopped there, so a focused radio, select, tab or slider never sees them too.
const STEP_KEYS = new Set(["ArrowRight", "PageDown", "ArrowLeft", "PageUp", "Home", "End", " ", "Spacebar"]);
const NOT_TEXT_INPUTS = new Set(["checkbox", "radio", "range", "button", "submit", "reset", "color", "file", "image"]);
const TEXT_ROLES = "[role='textbox'], [role='searchbox'], [role='spinbutton']";
// (a bare aria-expanded="true" is also the sidebar's collapse button: only popups count)
const OPEN_DROPDOWN = "[aria-haspopup][aria-expanded='true'], [role='combobox'][aria-expanded='true'], " +
  "[role='listbox'], [role='option'], [role='menu'], [role='menuitem']";

function keysBelongToFocus(target) {
  if (!target) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA" || target.closest(TEXT_ROLES)) return true;
  if (target.tagName === "INPUT") {
    if (!NOT_TEXT_INPUTS.has((target.type || "text").toLowerCase())) {
      // a closed Streamlit selectbox is an <input role="combobox">: its keys are ours until it opens
      return target.getAttribute("role") !== "combobox" || target.getAttribute("aria-expanded") === "true";
    }
    return false;
  }
  return !!target.closest(OPEN_DROPDOWN);
}

function isActive(st) {
  // In a notebook the page's keys are the notebook's: the stepper takes them only while it has the focus.
  if (st.data.keys === "focus") return st.root.contains(document.activeElement);
  // Keys go to the stepper the user last touched, else the first one on the page.
  const active = window.__rnnvizActiveStepper;
  if (active && active.root.isConnected) return active === st;
  return document.querySelector(".rnnviz-stepper") === st.root;
}

function onKey(st, ev) {
  if (!st.root.isConnected || ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (!STEP_KEYS.has(ev.key) || !isActive(st)) return;
  const focused = document.activeElement;  // ev.target is only the shadow host for focus inside a shadow root
  const target = focused && focused.shadowRoot && focused.shadowRoot.activeElement || focused;
  if (keysBelongToFocus(target instanceof Element ? target : null)) return;
  ev.preventDefault();
  ev.stopPropagation();
  if (st.imageJob) return;  // a GIF is being drawn step by step; its end puts the step back
  const moves = {
    ArrowRight: () => st.step + 1, PageDown: () => st.step + 1,
    ArrowLeft: () => st.step - 1, PageUp: () => st.step - 1,
    Home: () => 0, End: () => st.T - 1,
  };
  if (ev.key in moves) {
    stop(st);
    go(st, moves[ev.key]());
  } else {
    togglePlay(st);
  }
}

// --- highlight ------------------------------------------------------------------------------------
// A guided step names the diagram elements it talks about; they get a class that stepper.css emphasises.
function applyHighlight(st) {
  const keys = new Set(st.data.highlight || []);
  st.root.querySelectorAll(".rnnviz-svg [data-key]").forEach((node) => {
    node.classList.toggle("rnnviz-highlight", keys.has(node.getAttribute("data-key")));
  });
}

// --- images for slides: the step as PNG or SVG, a range of steps as an animated GIF ---------------------------
// Made here in the browser, so that every host (the app, the standalone page, the notebook) downloads the same
// pictures. One SVG holds a title line, the diagram (a copy with its computed styles written in: classes and CSS
// variables do not travel) and the first figure (drawn again off screen at the size of its place, so its type
// keeps its size), over the theme's background. PNG rasterises that SVG; GIF does so at every step of a range.
const SLIDE = { width: 1280, height: 720 };  // 16:9, the size every image is laid out at
const PNG_SCALE = 2;  // sharp text on a projector
const GIF_FRAME = { width: 960, height: 540 };  // the slide shrunk: a GIF of a few hundred steps stays a few MB
const GIF_MAX_FRAMES = 300;
const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';
// Inherited properties are written where they differ from the parent's; the others where they are not initial.
const INHERITED_STYLES = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
  "stroke-linecap", "stroke-linejoin", "font-family", "font-size", "font-style", "font-weight",
  "font-variant-numeric", "text-anchor"];
const OWN_STYLES = { opacity: "1", filter: "none", "dominant-baseline": "auto" };

// Where the title, the diagram and the chart go on the slide (as on the page: diagram left, chart right).
function slideLayout(st) {
  const pad = 16, titleHeight = 40;
  const top = pad + titleHeight, height = SLIDE.height - top - pad, inner = SLIDE.width - 2 * pad;
  const hasDiagram = !!st.root.querySelector(".rnnviz-diagram .rnnviz-svg");
  const hasChart = !!(st.plots && st.plots[0] && window.Plotly);
  const diagramWidth = !hasDiagram ? 0 : hasChart ? Math.round((inner - pad) * 0.56) : inner;
  const chartX = hasDiagram ? 2 * pad + diagramWidth : pad;
  return {
    title: { x: pad, y: pad + titleHeight / 2, size: 22 },
    diagram: hasDiagram ? { x: pad, y: top, width: diagramWidth, height } : null,
    chart: hasChart ? { x: chartX, y: top, width: SLIDE.width - pad - chartX, height } : null,
  };
}

// A colour of the theme (a CSS variable of stepper.css) as the browser resolves it.
function themeColor(st, variable) {
  const probe = el("span", { style: `color: var(${variable})` }, st.root);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color;
}

// The first figure drawn again off screen at the chart's place on the slide, its step markers moved per frame.
async function openStage(st) {
  const layout = slideLayout(st);
  const stage = { layout, chart: null, holder: null };
  const live = layout.chart && st.plots[0];
  if (live) {
    const box = layout.chart, Plotly = window.Plotly;
    stage.holder = el("div", { class: "rnnviz-image-stage", "aria-hidden": "true" }, st.root);
    const div = el("div", {}, stage.holder);
    const copy = { ...structuredClone(live.div.layout), width: box.width, height: box.height, autosize: false };
    await Plotly.newPlot(div, structuredClone(live.div.data), copy, { staticPlot: true, displayModeBar: false });
    const source = (st.data.figures || [])[0]?.layout;
    if (source) await Plotly.relayout(div, fittedLayout(source, box.height));  // rows fitted, titles kept
    stage.chart = { div, markers: stepMarkers(div.layout), last: null };
  }
  return stage;
}

function closeStage(stage) {
  if (stage.chart && window.Plotly) window.Plotly.purge(stage.chart.div);
  stage.holder?.remove();
}

// The slide at the current step, as SVG text.
async function slideSvg(st, stage) {
  const { layout, chart } = stage, { width, height } = SLIDE;
  if (chart && chart.last !== st.step) {
    if (chart.markers.length && !shiftMarkers(chart, st.step)) await markersByRelayout(chart, st.step);
    chart.last = st.step;
  }
  const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}` });
  svg("rect", { width, height, fill: themeColor(st, "--rz-bg") }, root);
  const font = getComputedStyle(st.root).fontFamily;
  svg("text", { x: layout.title.x, y: layout.title.y, "font-family": font, "font-size": layout.title.size,
    "font-weight": 600, fill: themeColor(st, "--rz-text"), "dominant-baseline": "central", text: slideTitle(st) },
  root);
  if (layout.diagram) root.appendChild(diagramCopy(st, layout.diagram));
  if (chart) root.appendChild(chartCopy(chart.div, layout.chart));
  return new XMLSerializer().serializeToString(root);
}

// "t = 12 · step 13 of 20 · unit 0" (layer and direction too when the model has several).
function slideTitle(st) {
  const L = st.data.labels, t = st.step, ch = st.data.choices;
  const parts = [`t = ${t}`, `${L.step} ${t + 1} ${L.of} ${st.T}`];
  const shown = st.choice || st.data.shown;
  if (shown && ch && ch.layers > 1 && L.layer) parts.push(`${L.layer} ${shown.layer}`);
  if (shown && ch && ch.directions > 1) parts.push(shown.direction ? L.dir_reverse : L.dir_forward);
  if (shown && L.image_unit) parts.push(L.image_unit.replace("{unit}", shown.unit));
  return parts.join("  ·  ");
}

function diagramCopy(st, box) {
  const live = st.root.querySelector(".rnnviz-diagram .rnnviz-svg");
  const copy = live.cloneNode(true);
  inlineStyles(live, copy, {});
  // Labels may reach past the viewBox (the page lets them overflow): the slide frames all of it.
  const [x0, y0, w0, h0] = live.getAttribute("viewBox").split(/\s+/).map(Number);
  const b = live.getBBox();
  const x = Math.min(x0, b.x), y = Math.min(y0, b.y);
  const w = Math.max(x0 + w0, b.x + b.width) - x, h = Math.max(y0 + h0, b.y + b.height) - y;
  for (const name of ["class", "role", "aria-label"]) copy.removeAttribute(name);
  copy.setAttribute("viewBox", `${x} ${y} ${w} ${h}`);
  copy.setAttribute("preserveAspectRatio", "xMidYMid meet");
  for (const [name, value] of Object.entries(box)) copy.setAttribute(name, value);
  copy.style.setProperty("overflow", "visible");
  return copy;
}

function inlineStyles(live, copy, inherited) {
  const computed = getComputedStyle(live), own = {};
  for (const name of INHERITED_STYLES) {
    own[name] = computed.getPropertyValue(name);
    if (own[name] !== inherited[name]) copy.style.setProperty(name, own[name]);
  }
  for (const [name, initial] of Object.entries(OWN_STYLES)) {
    const value = computed.getPropertyValue(name);
    if (value && value !== initial) copy.style.setProperty(name, value);
  }
  for (let k = 0; k < live.children.length; k++) inlineStyles(live.children[k], copy.children[k], own);
}

// Plotly styles its SVG inline: its layers (the plot and the top layer with the legend) copied as they are.
function chartCopy(div, box) {
  const frame = svg("svg", { ...box, viewBox: `0 0 ${box.width} ${box.height}` });
  for (const paper of div.querySelectorAll(".svg-container > svg.main-svg")) {
    for (const node of paper.childNodes) frame.appendChild(node.cloneNode(true));
  }
  frame.querySelectorAll(".draglayer, .hoverlayer, .zoomlayer, .selectionlayer").forEach((n) => n.remove());
  return frame;
}

async function rasterise(svgText, canvas) {
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return context;
  } finally {
    URL.revokeObjectURL(url);
  }
}

const canvasOf = (size, scale = 1) => el("canvas", { width: size.width * scale, height: size.height * scale });

// The current step as "png" or "svg"; a range of steps ({from, to}) as "gif", calling progress(done, total)
// after each frame and stopping (null) when job.cancelled. Every host's buttons call this; so do tests.
async function exportImage(st, kind, { from = st.step, to = st.step, progress = () => {}, job = {} } = {}) {
  if (kind === "png" || kind === "svg") {
    const stage = await openStage(st);
    try {
      const text = await slideSvg(st, stage);
      if (kind === "svg") return new Blob([XML_HEADER, text], { type: "image/svg+xml" });
      const canvas = canvasOf(SLIDE, PNG_SCALE);
      await rasterise(text, canvas);
      return await new Promise((resolve, reject) => canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error("canvas.toBlob gave nothing"))), "image/png"));
    } finally {
      closeStage(stage);
    }
  }
  if (kind !== "gif") throw new Error(`no image of kind ${kind}`);
  const [a, b] = gifRange(st, from, to);
  const shown = st.step, version = st.version, size = GIF_FRAME;
  const stage = await openStage(st);
  const canvas = canvasOf(size);
  const gif = gifenc.GIFEncoder();
  const delay = Math.round(1000 / st.speed);  // the chosen playback speed
  let previous = null;
  try {
    for (let t = a; t <= b; t++) {
      if (job.cancelled || st.version !== version) return null;
      show(st, t);
      const context = await rasterise(await slideSvg(st, stage), canvas);
      const { data } = context.getImageData(0, 0, size.width, size.height);
      writeGifFrame(gif, data, previous, size, delay);
      previous = data;
      progress(t - a + 1, b - a + 1);
    }
    gif.finish();
    return new Blob([gif.bytes()], { type: "image/gif" });
  } finally {
    closeStage(stage);
    if (st.version === version) show(st, shown);
  }
}

// A frame with its own palette (the value boxes' colours change with the step), of the pixels that changed since
// the previous frame: the others are transparent over it (disposal 1 keeps it), one index that LZW packs to almost
// nothing, so a frame costs what moved (numbers, fills, the chart's marker) rather than the whole slide.
function writeGifFrame(gif, data, previous, size, delay) {
  const pixels = new Uint32Array(data.buffer), before = previous && new Uint32Array(previous.buffer);
  const changed = [];
  for (let p = 0; p < pixels.length; p++) if (!before || pixels[p] !== before[p]) changed.push(p);
  const colours = new Uint32Array(Math.max(1, changed.length));
  changed.forEach((p, k) => { colours[k] = pixels[p]; });
  const rgba = new Uint8ClampedArray(colours.buffer);
  const palette = gifenc.quantize(rgba, before ? 255 : 256);
  // The quantizer averages a flat area's colour with the antialiased edges around it (the diagram's frame came out
  // pink): the colours that cover much of the frame take their exact value back.
  gifenc.snapColorsToPalette(palette, frequentColours(colours), 24);
  const found = gifenc.applyPalette(rgba, palette);
  const clear = palette.length;  // the transparent index, after the frame's colours
  const index = new Uint8Array(pixels.length).fill(clear);
  changed.forEach((p, k) => { index[p] = found[k]; });
  const options = { palette, delay, repeat: 0, dispose: 1 };
  if (before) Object.assign(options, { palette: [...palette, [0, 0, 0]], transparent: true, transparentIndex: clear });
  gif.writeFrame(index, size.width, size.height, options);
}

// [r, g, b] of the colours (little-endian RGBA words) that cover at least 0.5% of `colours`, most frequent first.
function frequentColours(colours) {
  const counts = new Map();
  for (const c of colours) counts.set(c, (counts.get(c) || 0) + 1);
  const least = Math.max(16, colours.length / 200);
  return [...counts].filter(([, n]) => n >= least).sort((x, y) => y[1] - x[1]).slice(0, 32)
    .map(([c]) => [c & 255, (c >>> 8) & 255, (c >>> 16) & 255]);
}

// [from, to] within the run, in order, and at most GIF_MAX_FRAMES steps (cut at the end).
function gifRange(st, from, to) {
  let a = clamp(Math.round(Number(from)) || 0, 0, st.T - 1), b = clamp(Math.round(Number(to)) || 0, 0, st.T - 1);
  if (a > b) [a, b] = [b, a];
  return [a, Math.min(b, a + GIF_MAX_FRAMES - 1)];
}

// The whole run, or the GIF_MAX_FRAMES steps around the current one.
function defaultGifRange(st) {
  if (st.T <= GIF_MAX_FRAMES) return [0, st.T - 1];
  const a = clamp(st.step - Math.floor(GIF_MAX_FRAMES / 2), 0, st.T - GIF_MAX_FRAMES);
  return [a, a + GIF_MAX_FRAMES - 1];
}

function downloadBlob(st, blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: name, hidden: "" }, st.root);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// The toolbar's "image" menu: PNG and SVG of this step; a GIF of the steps typed in (t from .. to).
function buildImageMenu(st, bar) {
  const L = st.data.labels;
  const menu = el("details", { class: "rnnviz-image" }, bar);
  const summary = el("summary", { title: L.image_help, "aria-label": L.image_help }, menu);
  const icon = svg("svg", { viewBox: "0 0 24 24", "aria-hidden": "true" }, summary);
  svg("path", { d: ICONS.image }, icon);
  el("span", { text: L.image }, summary);
  summary.addEventListener("mousedown", (ev) => ev.preventDefault());  // keep the clicker's keys on the stepper
  const panel = el("div", { class: "rnnviz-image-panel" }, menu);
  const k = { menu, edited: false };
  const button = (parent, kind, label) => {
    const b = el("button", { type: "button", class: "rnnviz-image-btn", "data-image": kind, "aria-label": label,
      title: label, text: kind.toUpperCase() }, parent);
    b.addEventListener("mousedown", (ev) => ev.preventDefault());
    b.onclick = () => runImageJob(st, kind);
    return b;
  };
  const stepRow = el("div", { class: "rnnviz-image-row" }, panel);
  el("span", { text: L.image_step }, stepRow);
  k.png = button(stepRow, "png", L.image_png);
  k.svg = button(stepRow, "svg", L.image_svg);
  const rangeRow = el("div", { class: "rnnviz-image-row" }, panel);
  el("span", { text: L.image_steps }, rangeRow);
  const number = (label) => {
    const input = el("input", { type: "number", min: 0, step: 1, inputmode: "numeric", "aria-label": label,
      class: "rnnviz-image-t" }, rangeRow);
    input.addEventListener("input", () => { k.edited = true; });
    return input;
  };
  k.from = number(L.image_from);
  el("span", { text: L.image_to }, rangeRow);
  k.to = number(L.image_until);
  k.gif = button(rangeRow, "gif", L.image_gif);
  if (st.T > GIF_MAX_FRAMES) {
    el("div", { class: "rnnviz-image-note", text: L.image_cap.replace("{n}", GIF_MAX_FRAMES) }, panel);
  }
  const statusRow = el("div", { class: "rnnviz-image-row rnnviz-image-status" }, panel);
  k.status = el("span", { "aria-live": "polite" }, statusRow);
  k.cancel = el("button", { type: "button", class: "rnnviz-image-btn", hidden: "", text: L.image_cancel }, statusRow);
  k.cancel.onclick = () => { if (st.imageJob) st.imageJob.cancelled = true; };
  return k;
}

// With every step: the GIF's range follows the step until the user types one.
function refreshImageMenu(st) {
  const k = st.controls.image;
  for (const input of [k.from, k.to]) input.max = String(st.T - 1);
  if (!k.edited && !st.imageJob) [k.from.value, k.to.value] = defaultGifRange(st).map(String);
}

async function runImageJob(st, kind) {
  if (st.imageJob) return;
  const k = st.controls.image, L = st.data.labels;
  const job = st.imageJob = { cancelled: false };
  stop(st);
  const busy = [k.png, k.svg, k.gif];
  busy.forEach((b) => { b.disabled = true; });
  k.status.textContent = "…";
  let name = `rnnviz-step-${st.step}.${kind}`, options = {};
  if (kind === "gif") {
    const [a, b] = gifRange(st, k.from.value, k.to.value);
    [k.from.value, k.to.value] = [String(a), String(b)];
    if (k.menu.contains(document.activeElement)) document.activeElement.blur();  // the clicker's keys again
    name = `rnnviz-steps-${a}-${b}.gif`;
    st.root.classList.add("rnnviz-busy");
    k.cancel.hidden = false;
    options = { from: a, to: b, job, progress: (done, total) => {
      k.status.textContent = L.image_frame.replace("{k}", done).replace("{n}", total);
    } };
  }
  try {
    const blob = await exportImage(st, kind, options);
    if (blob) {
      downloadBlob(st, blob, name);
      k.status.textContent = `${name} · ${(blob.size / 1e6).toFixed(2)} MB`;
    } else {
      k.status.textContent = "";
    }
  } catch (err) {
    console.error(err);
    k.status.textContent = `${L.image_failed}: ${err && err.message ? err.message : err}`;
  } finally {
    st.imageJob = null;
    st.root.classList.remove("rnnviz-busy");
    k.cancel.hidden = true;
    busy.forEach((b) => { b.disabled = false; });
  }
}

// A click anywhere else closes the menu (as a dropdown does).
function closeImageMenu(st, ev) {
  const menu = st.controls?.image?.menu;
  if (menu && menu.open && !ev.composedPath().includes(menu)) menu.open = false;
}

// --- building and the Streamlit entry point ---------------------------------------------------------
function build(st) {
  const { data } = st;
  st.version = data.version;
  st.T = Math.max(1, data.num_steps);
  st.updates = [];
  st.plots = null;
  st.resizeObserver?.disconnect();
  if (window.Plotly) st.root.querySelectorAll(".rnnviz-figure").forEach((d) => window.Plotly.purge(d));
  st.root.classList.toggle("rnnviz-presenter", !!data.presenter);
  st.root.replaceChildren();  // labels may have changed language: controls are rebuilt too
  st.controls = buildControls(st, el("div", { class: "rnnviz-controls", role: "toolbar" }, st.root));
  st.controls.speed.value = String(st.speed);
  const body = el("div", { class: "rnnviz-body" }, st.root);
  const diagram = el("div", { class: "rnnviz-diagram" }, body);
  const figures = el("div", { class: "rnnviz-figures" }, body);
  if (data.diagram && data.diagram.elements) st.updates = buildDiagram(st, diagram);
  else diagram.remove();
  if (!data.choices && data.equations) {  // a standalone page's one unit (with choices, syncChoices builds them)
    buildEquations(st);
    st.updates.push((t) => renderEquations(st, t));
  }
  fitToScreen(st);
  st.figuresReady = buildFigures(st, figures, data.version);
  clearTimeout(st.fitTimer);
  st.fitTimer = setTimeout(() => fitToScreen(st), 800);  // Streamlit may still be drawing what sits above
}

function create(parentElement, data) {
  const uid = `rnnviz-${Math.random().toString(36).slice(2, 9)}`;
  const root = el("div", { class: "rnnviz-stepper", id: uid }, parentElement);
  const st = {
    uid, root, data, step: 0, T: 1, speed: 5, playing: false, playLog: [], updates: [],
    lastReported: null, seq: null, version: null,
  };
  st.keyHandler = (ev) => onKey(st, ev);
  st.resizeHandler = () => fitToScreen(st);
  window.addEventListener("resize", st.resizeHandler);
  window.addEventListener("keydown", st.keyHandler, true);
  st.outsideHandler = (ev) => closeImageMenu(st, ev);
  document.addEventListener("pointerdown", st.outsideHandler, true);
  root.addEventListener("pointerdown", () => {
    window.__rnnvizActiveStepper = st;
    // The buttons never take the focus (see iconButton): with keys that follow the focus, the stepper takes it.
    if (st.data.keys === "focus" && !root.contains(document.activeElement)) root.focus({ preventScroll: true });
  });
  if (data.keys === "focus") root.tabIndex = 0;
  root.__rnnvizState = st;  // for tests: playLog, lastUpdateMs, exportImage
  st.exportImage = (kind, options) => exportImage(st, kind, options);
  return st;
}

function teardown(st) {
  st.playing = false;
  clearTimeout(st.playTimer);
  clearTimeout(st.reportTimer);
  clearTimeout(st.choiceTimer);
  window.removeEventListener("keydown", st.keyHandler, true);
  window.removeEventListener("resize", st.resizeHandler);
  document.removeEventListener("pointerdown", st.outsideHandler, true);
  if (st.imageJob) st.imageJob.cancelled = true;
  clearTimeout(st.fitTimer);
  st.resizeObserver?.disconnect();
  if (window.Plotly) st.root.querySelectorAll(".rnnviz-figure").forEach((d) => window.Plotly.purge(d));
  if (window.__rnnvizActiveStepper === st) window.__rnnvizActiveStepper = null;
}

// The entry point every host calls with {data, parentElement, setStateValue}: Streamlit (the default export),
// the standalone page and the notebook widget (rnnviz.standalone, rnnviz.widget), again on every data change.
function mountStepper(component) {
  const { data, parentElement, setStateValue } = component;
  let st = parentElement.__rnnvizStepper;
  const fresh = !st;
  if (fresh) st = parentElement.__rnnvizStepper = create(parentElement, data);
  st.setStateValue = setStateValue;  // the latest one is bound to the current widget registration
  st.data = data;
  // The server bumps data.seq whenever it moves the step itself (a link, Reset, a fed step); only
  // then does its step win over ours. Any other rerun leaves the browser where the user put it.
  const moved = data.seq !== st.seq;
  st.seq = data.seq;

  if (fresh) {
    build(st);
    syncChoices(st, true);
    st.lastReported = data.step;
    show(st, data.step);
    scheduleReport(st);  // only reports if the step had to be clamped
  } else {
    if (data.version !== st.version) {
      build(st);
      syncChoices(st, true);
      show(st, moved ? data.step : st.step);  // keep the step when the new trace is long enough
      scheduleReport(st);
    } else {
      syncChoices(st, false);
      if (moved) {
        stop(st);
        go(st, data.step);
      }
    }
    syncTheme(st);  // a theme switch calls this function again with the same data
  }
  applyHighlight(st);

  // Streamlit keeps only the latest cleanup and also calls a superseded one early; tear down only
  // when the element has really left the page.
  return () => setTimeout(() => {
    if (!parentElement.isConnected && parentElement.__rnnvizStepper === st) {
      teardown(st);
      delete parentElement.__rnnvizStepper;
    }
  }, 0);
}

// --- choices: layer, direction, unit and chart units chosen in the browser (rnnviz.ui.choices) ----------
// data.choices carries every unit's numbers; a choice rebuilds the diagram's bindings and the charts' lines
// from them at once, and the server hears it 300 ms after the user settles (data.choice.seq as for the step).
function choiceMatrices(st, name) {  // {q: {data: Float32Array, rows, cols}} of one "layer,direction", decoded once
  if (!st.matrices.has(name)) {
    const decoded = {};
    for (const [q, v] of Object.entries(st.data.choices.series[name] || {})) decoded[q] = decodeMatrix(v);
    st.matrices.set(name, decoded);
  }
  return st.matrices.get(name);
}

function decodeMatrix(v) {
  const bytes = Uint8Array.from(atob(v.bdata), (ch) => ch.charCodeAt(0));
  return { data: new Float32Array(bytes.buffer), rows: v.shape[0], cols: v.shape.length > 1 ? v.shape[1] : 1 };
}

function matrixColumn(m, u, lo = 0, hi = m.rows) {
  const out = new Array(Math.max(0, hi - lo));
  for (let t = lo; t < hi; t++) out[t - lo] = m.data[t * m.cols + u];
  return out;
}

function yMatrix(st) {
  if (st.yMatrix === undefined) st.yMatrix = st.data.choices.y ? decodeMatrix(st.data.choices.y) : null;
  return st.yMatrix;
}

// The diagram's bindings for one unit, as rnnviz.viz.diagram.diagram_values computes them: a unit past a
// narrower vector shows its last entry; *_prev is the series shifted by one step, the initial state first.
function choiceDiagramValues(st, { layer, direction, unit }) {
  const ch = st.data.choices, name = `${layer},${direction}`;
  const S = choiceMatrices(st, name), initial = ch.initial[name] || {};
  const col = (m) => Math.min(unit, m.cols - 1);
  const shifted = (series, first, dir) => (dir === 0 ? [first, ...series.slice(0, -1)] : [...series.slice(1), first]);
  const values = {};
  if (ch.cell === "jordan") {
    const y = yMatrix(st);
    values.h = matrixColumn(S.h, col(S.h));
    values.y = matrixColumn(y, col(y));
    values.y_prev = shifted(values.y, ch.y_initial[col(y)], 0);
  } else {
    for (const [q, m] of Object.entries(S)) values[q] = matrixColumn(m, col(m));
    values.h_prev = shifted(values.h, initial.h[col(S.h)], direction);
    if (S.c) values.c_prev = shifted(values.c, initial.c[col(S.c)], direction);
  }
  const x = decodeMatrix(ch.inputs[String(layer)]);
  values.x = Array.from({ length: x.rows }, (_, t) => Array.from(x.data.subarray(t * x.cols, (t + 1) * x.cols)));
  return values;
}

// The line chart's lines, as rnnviz.viz.charts.line_chart_dict / _unit_line draw them.
function choiceChartLines(st, { layer, direction, units }) {
  const ch = st.data.choices, S = choiceMatrices(st, `${layer},${direction}`), W = ch.words;
  const lines = [], inLegend = new Set();
  for (const row of ch.rows) {
    const m = row.q === "y" ? yMatrix(st) : S[row.q];
    if (!m) continue;
    const first = st.T - m.rows;
    const lo = ch.span ? Math.max(ch.span[0], first) : first;
    const hi = ch.span ? Math.max(ch.span[1] + 1, first) : st.T;
    const color = st.data.colors[row.q];
    const names = (ch.unit_names || {})[row.q];  // what the units stand for (y over a vocabulary), if anything
    units.filter((u) => u < m.cols).forEach((u, k) => {
      const y = matrixColumn(m, u, lo - first, hi - first);
      const single = y.length === 1, fade = Math.floor(k / ch.dashes.length);
      const label = names ? `${row.q}: ${names[u]}` : `${W.unit} ${u}`;
      const line = { type: "scatter", x0: lo, dx: 1, y, name: label,
        legendgroup: names ? `${row.q} ${u}` : `unit ${u}`, showlegend: names ? true : !inLegend.has(u),
        mode: single ? "markers" : "lines", line: { color, dash: ch.dashes[k % ch.dashes.length] },
        hovertemplate: `${W.step} %{x}<br>${label}<br>${row.q} = %{y:.4f}<extra></extra>`,
        xaxis: row.xaxis, yaxis: row.yaxis };
      if (single) line.marker = { color };
      if (fade) line.opacity = Math.max(0.4, 1.0 - 0.2 * fade);
      lines.push(line);
      if (!names) inLegend.add(u);
    });
  }
  return lines;
}

function sameChoice(a, b, fields) {
  return !!a && !!b && fields.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));
}

function clampChoice(st, c) {
  const ch = st.data.choices;
  const units = [...new Set((c.units || []).filter((u) => u >= 0 && u < ch.hidden))].slice(0, ch.max_units);
  const unit = clamp(c.unit | 0, 0, ch.hidden - 1);
  return { layer: clamp(c.layer | 0, 0, ch.layers - 1), direction: clamp(c.direction | 0, 0, ch.directions - 1),
    unit, units: units.length ? units : [unit] };
}

// Apply a choice: the diagram synchronously (rebuilt from the chosen unit's numbers), the charts right after.
function applyChoice(st, next, { report = true, force = false } = {}) {
  const started = performance.now();
  const ch = st.data.choices, prev = st.choice;
  st.choice = clampChoice(st, next);
  const c = st.choice;
  if (force || !sameChoice(prev, c, ["layer", "direction", "unit"])) {
    const box = st.root.querySelector(".rnnviz-diagram");
    if (box) {
      const data = { ...st.data, diagram: ch.diagrams[c.direction], values: choiceDiagramValues(st, c) };
      box.replaceChildren();
      st.updates = buildDiagram({ ...st, data }, box);
      st.updates.push((t) => renderEquations(st, t));  // the equations follow the step too
      for (const update of st.updates) update(st.step);
    }
  }
  redrawChoiceCharts(st);
  refreshChoiceControls(st);
  st.root.setAttribute("data-choice", JSON.stringify(c));
  st.root.setAttribute("data-update-ms", (performance.now() - started).toFixed(2));
  if (report) scheduleChoiceReport(st);
}

function redrawChoiceCharts(st) {
  const job = st.chartJob = (st.chartJob || 0) + 1;
  const version = st.version;
  // Plotly redraws a whole figure for new lines (100s of ms for six rows): after the diagram's frame is painted.
  const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const current = () => job === st.chartJob && version === st.version && st.plots && window.Plotly;
  Promise.resolve(st.figuresReady).then(afterPaint).then(() => {
    if (!current()) return null;
    const c = st.choice, drawn = st.drawn || {};
    const lines = st.plots[0];
    if (lines && !sameChoice(drawn, c, ["layer", "direction", "units"])) {
      window.Plotly.react(lines.div, choiceChartLines(st, c), lines.div.layout);
      lines.last = null;
      moveMarkers(st, st.step);
      return afterPaint();  // the line charts on screen before the heatmaps' longer redraw
    }
    return null;
  }).then(() => {
    if (!current()) return;
    const c = st.choice, drawn = st.drawn || {}, heat = st.plots[1];
    const name = `${c.layer},${c.direction}`;
    if (heat && st.data.choices.heatmaps[name] && !sameChoice(drawn, c, ["layer", "direction"])) {
      window.Plotly.react(heat.div, st.data.choices.heatmaps[name], heat.div.layout);
      heat.last = null;
    }
    st.drawn = { layer: c.layer, direction: c.direction, units: [...c.units] };
    moveMarkers(st, st.step);
    st.root.setAttribute("data-charts", JSON.stringify(st.drawn));
  });
}

function scheduleChoiceReport(st) {
  clearTimeout(st.choiceTimer);
  st.choiceTimer = setTimeout(() => {
    const key = JSON.stringify(st.choice);
    if (key === st.choiceReported) return;
    st.choiceReported = key;
    st.setStateValue("choice", { ...st.choice, seq: st.choiceSeq });
  }, REPORT_DELAY_MS);
}

function choiceSelect(parent, label, options, onChange) {
  const wrap = el("label", { class: "rnnviz-choice" }, parent);
  el("span", { text: label }, wrap);
  const select = el("select", { "aria-label": label }, wrap);
  for (const [value, text] of options) el("option", { value, text }, select);
  select.addEventListener("change", () => { onChange(Number(select.value)); select.blur(); });
  return select;
}

function buildChoiceControls(st) {
  const ch = st.data.choices, L = st.data.labels;
  const range = (n) => Array.from({ length: n }, (_, k) => k);
  const bar = el("div", { class: "rnnviz-choices" }, st.root.querySelector(".rnnviz-controls"));
  const set = (change) => applyChoice(st, { ...st.choice, ...change });
  const k = st.choiceControls = {};
  if (ch.scope === "all" && ch.layers > 1) {
    k.layer = choiceSelect(bar, L.layer, range(ch.layers).map((l) => [l, String(l)]), (layer) => set({ layer }));
  }
  if (ch.scope === "all" && ch.directions > 1) {
    k.direction = choiceSelect(bar, L.direction, [[0, L.dir_forward], [1, L.dir_reverse]],
      (direction) => set({ direction }));
  }
  k.unit = choiceSelect(bar, L.unit, range(ch.hidden).map((u) => [u, String(u)]), (unit) => set({ unit }));
  // The charts' units: toggle chips in a fold-out (up to max_units at once, never none).
  k.units = el("details", { class: "rnnviz-units" }, bar);
  k.unitsSummary = el("summary", {}, k.units);
  const chips = el("div", { class: "rnnviz-chips", role: "group", "aria-label": L.units }, k.units);
  k.chips = range(ch.hidden).map((u) => {
    const chip = el("button", { type: "button", class: "rnnviz-chip", "data-unit": u, text: String(u) }, chips);
    chip.addEventListener("mousedown", (ev) => ev.preventDefault());  // keep the clicker's keys on the stepper
    chip.onclick = () => {
      const units = st.choice.units.includes(u) ? st.choice.units.filter((v) => v !== u) : [...st.choice.units, u];
      if (units.length) set({ units });
    };
    return chip;
  });
  k.units.querySelector("summary").addEventListener("mousedown", (ev) => ev.preventDefault());
}

function refreshChoiceControls(st) {
  const k = st.choiceControls, c = st.choice, ch = st.data.choices, L = st.data.labels;
  if (!k) return;
  if (k.layer) k.layer.value = String(c.layer);
  if (k.direction) k.direction.value = String(c.direction);
  k.unit.value = String(c.unit);
  k.unitsSummary.textContent = `${L.units}: ${c.units.join(", ")}`;
  const full = c.units.length >= ch.max_units;
  k.chips.forEach((chip, u) => {
    const on = c.units.includes(u);
    chip.setAttribute("aria-pressed", String(on));
    chip.disabled = !on && full;
  });
}

// After every call from Streamlit: (re)build the choice controls with a new version, and take the server's
// choice when it moved it itself (a link, a new model); otherwise the browser keeps the user's choice.
function syncChoices(st, rebuilt) {
  const ch = st.data.choices, sent = st.data.choice;
  if (!ch || !sent) {
    st.choice = null;
    return;
  }
  const moved = sent.seq !== st.choiceSeq;
  st.choiceSeq = sent.seq;
  if (rebuilt) {
    st.matrices = new Map();
    st.yMatrix = undefined;
    st.drawn = { ...ch.built };
    buildChoiceControls(st);
    buildEquations(st);
  }
  if (moved && !rebuilt) clearTimeout(st.choiceTimer);  // the server's move wins over an unsent choice
  if (rebuilt || moved) {
    const next = moved || !st.choice ? sent : st.choice;
    if (moved) st.choiceReported = JSON.stringify(clampChoice(st, sent));
    applyChoice(st, next, { report: !moved, force: true });
  }
}

// --- equations: the chosen unit's arithmetic at the step, rendered here with KaTeX ------------------------
// data.choices.equations holds one template per unit (rnnviz.viz.equations.equation_template): texts with the
// step's numbers between them. KaTeX is served by the app itself, beside plotly.js (static/katex/).
let katexPromise = null;
function loadKatex(plotlyUrl) {
  if (window.katex) return Promise.resolve(window.katex);
  if (!katexPromise) {
    const base = plotlyUrl.replace(/[^/]*$/, "katex/");
    el("link", { rel: "stylesheet", href: `${base}katex.min.css` }, document.head);
    katexPromise = new Promise((resolve, reject) => {
      const script = el("script", { src: `${base}katex.min.js` });
      script.onload = () => resolve(window.katex);
      script.onerror = () => { katexPromise = null; reject(new Error(`could not load ${base}katex.min.js`)); };
      document.head.appendChild(script);
    });
  }
  return katexPromise;
}

function fillTemplate(template, t) {  // as rnnviz.viz.equations.fill_template
  const numbers = template.numbers[t - (template.start || 0)];
  let k = 0;
  return template.lines.map((chunks) => chunks.map((chunk, n) => (n === 0 ? chunk : numbers[k++] + chunk)).join(""));
}

// The template of the unit shown: from the choices (every unit), else the one unit a standalone page fixed.
function equationTemplate(st) {
  const ch = st.data.choices, c = st.choice, fixed = st.data.equations;
  if (ch && ch.equations && c) {
    return { template: (ch.equations[`${c.layer},${c.direction}`] || [])[c.unit], unit: c.unit, layer: c.layer,
      direction: c.direction };
  }
  return fixed ? { ...fixed } : null;
}

function buildEquations(st) {
  st.equationsBox?.remove();
  st.equationsBox = null;
  const ch = st.data.choices;
  if (!(ch && ch.equations) && !st.data.equations) return;
  const box = st.equationsBox = el("section", { class: "rnnviz-equations" }, st.root);
  st.equationsTitle = el("h3", { class: "rnnviz-equations-title" }, box);
  st.equationsBody = el("div", { class: "rnnviz-equations-body" }, box);
  st.equationsShown = null;
  const version = st.version;
  loadKatex(appUrl(st.data.plotly_url)).then(() => {
    if (st.version === version) renderEquations(st, st.step);
  }).catch((err) => { st.equationsBody.textContent = String(err); });
}

function renderEquations(st, t) {
  const shown = st.equationsBox && equationTemplate(st);
  if (!shown || !shown.template) return;
  const { template, unit } = shown;
  const key = `${shown.layer},${shown.direction},${unit},${t}`;
  if (key === st.equationsShown) return;
  st.equationsTitle.textContent = (st.data.labels.equations || "").replace("{unit}", unit).replace("{t}", t);
  const start = template.start || 0;
  if (t < start || t >= start + template.numbers.length) {  // a long run's page holds the window's equations
    st.equationsShown = key;
    st.equationsBox.setAttribute("data-key", key);
    st.equationsBox.removeAttribute("data-tex");
    st.equationsBody.textContent = st.data.labels.equations_outside || "";
    return;
  }
  const lines = fillTemplate(template, t);
  st.equationsBox.setAttribute("data-tex", JSON.stringify(lines));
  st.equationsBox.setAttribute("data-key", key);
  if (!window.katex) return;  // drawn once KaTeX has loaded
  st.equationsShown = key;
  if (!st.equationsBody.firstElementChild) st.equationsBody.textContent = "";  // the outside-the-window note
  const blocks = st.equationsBody.children;
  lines.forEach((tex, k) => {
    const block = blocks[k] || el("div", { class: "rnnviz-equation" }, st.equationsBody);
    window.katex.render(tex, block, { displayMode: true, throwOnError: false });
  });
  while (st.equationsBody.children.length > lines.length) st.equationsBody.lastChild.remove();
}

export default mountStepper;
