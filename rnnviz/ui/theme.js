// Chooses Streamlit's own theme for this browser tab: "auto", "light" or "dark".
// .streamlit/config.toml configures both [theme.light] and [theme.dark], so Streamlit starts on its
// "auto" theme, which follows the media query (prefers-color-scheme) and looks at it again on that
// query's change event and on window's "afterprint". To force light or dark we answer that one query
// ourselves and fire "afterprint": Streamlit re-themes every widget, table and chart as if the
// operating system had switched. "auto" hands the query back to the browser.
const SCHEME = /prefers-color-scheme\s*:\s*(dark|light)/;

function install() {
  // A Light or Dark that Streamlit's own menu once stored (the menu is hidden here) would pin that theme on
  // the next load, out of this switch's reach (it works through "auto"): forget it.
  try {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith("stActiveTheme-") && localStorage.getItem(key) !== '"System"') localStorage.removeItem(key);
    }
  } catch (e) { /* storage may be disabled; nothing to forget then */ }
  const nativeMatchMedia = window.matchMedia.bind(window);
  const state = { mode: "auto" };
  window.matchMedia = (query) => {
    const asked = SCHEME.exec(String(query));
    if (!asked || state.mode === "auto") return nativeMatchMedia(query);
    return nativeMatchMedia(asked[1] === state.mode ? "all" : "not all");
  };
  return state;
}

export default function ({ data }) {
  const state = window.__rnnvizTheme || (window.__rnnvizTheme = install());
  const mode = data && (data.mode === "light" || data.mode === "dark") ? data.mode : "auto";
  if (mode !== state.mode) {
    state.mode = mode;
    window.dispatchEvent(new Event("afterprint"));
  }
}
