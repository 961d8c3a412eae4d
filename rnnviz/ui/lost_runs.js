// rnnviz lost runs: the tab remembers (sessionStorage: per tab, kept across reloads) which server session it
// saw last and how many trained runs that session held. Meeting a different session after one that held runs
// means they were lost (the server restarted, the tab moved to another replica, or the page was reloaded):
// report them once; lost_runs.py says so on the page.
const STORE = "rnnviz.session";

export default function ({ data, setStateValue }) {
  if (!data || typeof data.session !== "string") return;
  let before = null;
  try {
    before = JSON.parse(sessionStorage.getItem(STORE) || "null");
    sessionStorage.setItem(STORE, JSON.stringify({ session: data.session, runs: data.runs }));
  } catch (e) {
    return;  // storage disabled: nothing to compare with
  }
  if (before && before.session !== data.session && Number.isInteger(before.runs) && before.runs > 0) {
    setStateValue("lost", { session: before.session, runs: before.runs });
  }
}
