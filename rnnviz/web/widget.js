// The notebook widget's browser side (rnnviz.widget, an anywidget): mounts stepper.js in a cell's output and
// keeps the step in step with Python's w.step. rnnviz.notebook puts this after stepper.js in one ES module, with
// plotly.js and KaTeX as the strings PLOTLY_SOURCE and KATEX_SOURCE: nothing is fetched from anywhere.

// A UMD bundle run as a classic script whose define, module and exports are unset, so it sets window[name] even
// on a page with an AMD loader (the classic notebook's require.js). A blob: script because anywidget itself loads
// this module from one: a notebook where this widget runs allows them. Loaded once per page.
function loadBundled(name, source) {
  if (window[name]) return Promise.resolve(window[name]);
  const loading = window.__rnnvizBundles || (window.__rnnvizBundles = {});
  if (!loading[name]) {
    loading[name] = new Promise((resolve, reject) => {
      const text = `(function (define, module, exports) {\n${source}\n}).call(window);\n`;
      const url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => { URL.revokeObjectURL(url); resolve(window[name]); };
      script.onerror = () => { delete loading[name]; reject(new Error(`rnnviz: could not run the bundled ${name}`)); };
      document.head.appendChild(script);
    });
  }
  return loading[name];
}

function render({ model, el }) {
  const parentElement = document.createElement("div");
  parentElement.className = "rnnviz-widget";
  el.appendChild(parentElement);
  // keys "focus": the notebook keeps its keys unless the stepper has the focus (a click on it gives it);
  // fit_screen false: presenter sizes, but the charts keep their heights in a notebook's growing output
  let seq = 0;
  const component = {
    data: { ...model.get("data"), step: model.get("step"), seq, keys: "focus", fit_screen: false },
    parentElement,
    setStateValue(name, value) {  // the browser's step, 300 ms after the user settles
      if (name !== "position" || value.step === model.get("step")) return;
      model.set("step", value.step);
      model.save_changes();
    },
  };
  let cleanup = null;
  let removed = false;
  const mounted = () => !removed && cleanup !== null;

  // Python set w.step (or another view of this widget moved): jump there, as the app does when its server
  // moves the step, by a new seq.
  const onStep = () => {
    const step = model.get("step");
    const st = parentElement.__rnnvizStepper;
    if (st && st.step === step) return;
    component.data = { ...component.data, step, seq: ++seq };
    if (mounted()) mountStepper(component);
  };
  model.on("change:step", onStep);

  // JupyterLab and VS Code mark their theme on <body>: the SVG follows the CSS variables by itself, and the
  // same data again makes the stepper re-read the colours for plotly.
  const themeWatch = new MutationObserver(() => { if (mounted()) mountStepper(component); });
  themeWatch.observe(document.body, { attributes: true, attributeFilter: ["class", "data-jp-theme-light"] });

  Promise.all([loadBundled("Plotly", PLOTLY_SOURCE), loadBundled("katex", KATEX_SOURCE)]).then(() => {
    if (!removed) cleanup = mountStepper(component);
  }, (err) => { parentElement.textContent = String(err); });

  return () => {
    removed = true;
    model.off("change:step", onStep);
    themeWatch.disconnect();
    parentElement.remove();
    if (cleanup) cleanup();  // tears down once the element has left the page
  };
}

export default { render };
