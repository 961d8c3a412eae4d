// rnnviz hotkeys: Esc leaves presenter mode, on every page (mounted only in presenter mode).
// Esc means something else while text is being typed or a dropdown is open (it cancels or closes those),
// so then it is left alone. Caught in the capture phase, before a dropdown closes and forgets it was open.
const TYPING = "textarea, [contenteditable=''], [contenteditable='true'], [role='textbox'], [role='searchbox'], " +
  "[role='spinbutton'], [aria-haspopup][aria-expanded='true'], [role='combobox'][aria-expanded='true'], " +
  "[role='listbox'], [role='option'], [role='menu'], [role='dialog']";
const NOT_TEXT_INPUTS = new Set(["checkbox", "radio", "range", "button", "submit", "reset", "color", "file", "image"]);

function escBelongsToFocus() {
  const focused = document.activeElement;
  const target = (focused && focused.shadowRoot && focused.shadowRoot.activeElement) || focused;
  if (!(target instanceof Element)) return false;
  if (target.tagName === "INPUT" && !NOT_TEXT_INPUTS.has((target.type || "text").toLowerCase())) {
    return target.getAttribute("role") !== "combobox" || target.getAttribute("aria-expanded") === "true";
  }
  return target.isContentEditable || !!target.closest(TYPING);
}

export default function (component) {
  const { parentElement, setTriggerValue } = component;
  let hub = parentElement.__rnnvizHotkeys;
  if (!hub) {
    hub = parentElement.__rnnvizHotkeys = {
      onKey: (ev) => {
        if (ev.key !== "Escape" || ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
        if (escBelongsToFocus()) return;
        ev.preventDefault();
        hub.send("escape", true);
      },
    };
    window.addEventListener("keydown", hub.onKey, true);
  }
  hub.send = setTriggerValue;  // the latest one is bound to the current widget registration
  // Streamlit also calls a superseded cleanup early; stop listening only once the element left the page.
  return () => setTimeout(() => {
    if (!parentElement.isConnected && parentElement.__rnnvizHotkeys === hub) {
      window.removeEventListener("keydown", hub.onKey, true);
      delete parentElement.__rnnvizHotkeys;
    }
  }, 0);
}
