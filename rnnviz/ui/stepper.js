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
};

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
const fmt = (v) => (Number.isFinite(v) ? Number(v).toPrecision(3) : "–");
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
      updates.push(buildValve(layers.shape, e, values[e.key]));
    } else if (e.kind === "value") {
      updates.push(buildValue(layers.shape, e, values[e.key], stops, ranges[e.key.split("_")[0]]));
    }
  }
  return updates;
}

// A gate as a gauge: the coloured fill is the opening (0 closed, 1 open), with a tick at one half;
// the number sits in its own strip below the gauge so it never overlaps the fill.
function buildValve(parent, e, series) {
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
    number.textContent = fmt(v);
    g.setAttribute("data-value", String(v));
  };
}

function buildValue(parent, e, series, stops, range) {
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
      number.textContent = fmt(v);
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
      text.textContent = fmt(v);
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
    Plotly = await loadPlotly(st.data.plotly_url);
  } catch (err) {
    container.textContent = String(err);
    return;
  }
  if (st.version !== version) return;  // rebuilt while Plotly was loading
  st.plots = [];
  for (let k = 0; k < figures.length; k++) {
    const fig = figures[k], div = divs[k];
    const layout = themedLayout(st, fig.layout || {});
    // Marker shapes keep their own width (a line, or a band around the step): remember offsets.
    const markers = [];
    (layout.shapes || []).forEach((s, idx) => {
      if (s.name !== "step-marker") return;
      const centre = (Number(s.x0) + Number(s.x1)) / 2;
      const axis = (s.xref || "x").split(" ")[0].replace(/^x/, "xaxis");
      markers.push({ idx, axis, pos: centre, d0: Number(s.x0) - centre, d1: Number(s.x1) - centre });
    });
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
  moveMarkers(st, st.step);
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
    if (!shiftMarkers(p, t)) {
      const update = {};
      for (const m of p.markers) {
        update[`shapes[${m.idx}].x0`] = t + m.d0;
        update[`shapes[${m.idx}].x1`] = t + m.d1;
      }
      window.Plotly.relayout(p.div, update);  // one relayout per figure, every marker at once
    }
    p.last = t;
  }
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
const TYPING = "input, textarea, select, [contenteditable=''], [contenteditable='true'], " +
  "[role='textbox'], [role='combobox'], [role='slider'], [role='spinbutton'], [role='listbox'], [role='option']";

function isActive(st) {
  // Keys go to the stepper the user last touched, else the first one on the page.
  const active = window.__rnnvizActiveStepper;
  if (active && active.root.isConnected) return active === st;
  return document.querySelector(".rnnviz-stepper") === st.root;
}

function onKey(st, ev) {
  if (!st.root.isConnected || ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (!isActive(st)) return;
  const target = ev.target instanceof Element ? ev.target : null;
  const ours = target && st.root.contains(target);
  if (target && target.closest(TYPING) && !(ours && target === st.controls.slider && ev.key === " ")) return;
  if (ours && target.tagName === "BUTTON" && (ev.key === " " || ev.key === "Enter")) return;  // native click
  const moves = {
    ArrowRight: () => st.step + 1, PageDown: () => st.step + 1,
    ArrowLeft: () => st.step - 1, PageUp: () => st.step - 1,
    Home: () => 0, End: () => st.T - 1,
  };
  if (ev.key in moves) {
    ev.preventDefault();
    stop(st);
    go(st, moves[ev.key]());
  } else if (ev.key === " " || ev.key === "Spacebar") {
    ev.preventDefault();
    togglePlay(st);
  }
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
  buildFigures(st, figures, data.version);
}

function create(parentElement, data) {
  const uid = `rnnviz-${Math.random().toString(36).slice(2, 9)}`;
  const root = el("div", { class: "rnnviz-stepper", id: uid }, parentElement);
  const st = {
    uid, root, data, step: 0, T: 1, speed: 5, playing: false, playLog: [], updates: [],
    lastReported: null, seq: null, version: null,
  };
  st.keyHandler = (ev) => onKey(st, ev);
  document.addEventListener("keydown", st.keyHandler);
  root.addEventListener("pointerdown", () => { window.__rnnvizActiveStepper = st; });
  root.__rnnvizState = st;  // for tests: playLog, lastUpdateMs
  return st;
}

function teardown(st) {
  st.playing = false;
  clearTimeout(st.playTimer);
  clearTimeout(st.reportTimer);
  document.removeEventListener("keydown", st.keyHandler);
  st.resizeObserver?.disconnect();
  if (window.Plotly) st.root.querySelectorAll(".rnnviz-figure").forEach((d) => window.Plotly.purge(d));
  if (window.__rnnvizActiveStepper === st) window.__rnnvizActiveStepper = null;
}

export default function (component) {
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
    st.lastReported = data.step;
    show(st, data.step);
    scheduleReport(st);  // only reports if the step had to be clamped
  } else {
    if (data.version !== st.version) {
      build(st);
      show(st, moved ? data.step : st.step);  // keep the step when the new trace is long enough
      scheduleReport(st);
    } else if (moved) {
      stop(st);
      go(st, data.step);
    }
    syncTheme(st);  // a theme switch calls this function again with the same data
  }

  // Streamlit keeps only the latest cleanup and also calls a superseded one early; tear down only
  // when the element has really left the page.
  return () => setTimeout(() => {
    if (!parentElement.isConnected && parentElement.__rnnvizStepper === st) {
      teardown(st);
      delete parentElement.__rnnvizStepper;
    }
  }, 0);
}
