"""The one per-session state: the View (mirrored to the URL), the session's own network and trace.

Nothing a user edits or trains is cached across sessions: the Network lives in st.session_state.
Only the latest network and trace are kept, so memory does not grow with use.
"""
from __future__ import annotations

import numpy as np
import streamlit as st
import torch

from rnnviz.learn.memo import SharedMemo
from rnnviz.learn.recipes import retrain
from rnnviz.model.network import Network
from rnnviz.model.trace import Trace
from rnnviz.strings import translate
from rnnviz.ui import session_keys
from rnnviz.ui.core_messages import localize
from rnnviz.ui.state import View, clamp, from_query, link_is_complete, still_trained, to_query


def view() -> View:
    """The session's view; on the session's first run it comes from the link (the query parameters)."""
    if session_keys.VIEW not in st.session_state:
        link = st.query_params.to_dict()
        parsed, problems = from_query(link)
        if "lang" not in link:  # a link's lang always wins; otherwise the browser's preferred language
            st.session_state[session_keys.BROWSER_LANG] = browser_language(st.context.locale)
            parsed = parsed.replace(lang=st.session_state[session_keys.BROWSER_LANG])
        if parsed.trained and parsed.weights is None:
            parsed = _trained_again(parsed, problems)
        st.session_state[session_keys.VIEW] = parsed
        st.session_state[session_keys.LINK_HAS_MODEL] = "cell" in link
        st.session_state[session_keys.URL_PROBLEMS] = problems
    return st.session_state[session_keys.VIEW]


# The weights of lesson recipes links named, trained once per server for everyone who opens such a link. A link
# can name only what a lesson's Train button offers (recipes.RECIPES: 18 names, each under 80 KB), so all fit.
_TRAINED_BY_LINKS = SharedMemo(max_entries=24)


def _recipe_weights(recipe: str) -> tuple:
    net = retrain(recipe)
    return net.spec, {k: t.numpy().copy() for k, t in net.state_dict().items()}


def _trained_again(parsed: View, problems: list[str]) -> View:
    """A link that names the recipe that trained its network instead of carrying the weights: train it again
    (deterministic, so the same weights). A recipe for another model than the link's is reported and dropped."""
    try:
        with st.spinner(translate("trained_link_training", parsed.lang)):
            spec, weights = _TRAINED_BY_LINKS.get(parsed.trained, lambda: _recipe_weights(parsed.trained))
    except ValueError as err:
        problems.append(f"trained: {err}")
        return parsed.replace(trained="")
    if spec != parsed.spec:
        problems.append(f"trained: {parsed.trained} trains a {spec.kind_label}({spec.input_size}, "
                        f"{spec.hidden_size}), not the link's model")
        return parsed.replace(trained="")
    return parsed.replace(weights=weights)


def browser_language(locale: str | None) -> str:
    """The app's language for a browser's navigator.language ("zh-CN", "zh-TW", "zh" -> zh; else English)."""
    return "zh" if locale and locale.lower().split("-")[0] == "zh" else "en"


def set_view(new: View) -> View:
    new = still_trained(st.session_state.get(session_keys.VIEW), new)
    st.session_state[session_keys.VIEW] = new
    return new


def update(**changes) -> View:
    return set_view(view().replace(**changes))


def t(key: str, **values) -> str:
    """A UI string in the session's language; a core message passed as `error` is translated when it can be."""
    lang = view().lang
    if "error" in values:
        values["error"] = localize(str(values["error"]), lang)
    return translate(key, lang, **values)


def activation_name(name: str) -> str:
    """An activation's name on the page: tanh, sigmoid, relu, softmax are names; identity is translated."""
    return t("act_identity") if name == "identity" else name


def sync_url() -> None:
    """Write the view into the address bar (only when it changed, to avoid needless browser history)."""
    wanted = to_query(view())
    if "lang" not in wanted and st.session_state.get(session_keys.BROWSER_LANG, "en") != "en":
        wanted["lang"] = view().lang  # English chosen in a Chinese browser: the link must say so, or it opens in 中文
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def link_had_model() -> bool:
    """Whether the session opened from a link that names a model (then the link, not a preset, decides)."""
    return bool(st.session_state.get(session_keys.LINK_HAS_MODEL))


def url_problems() -> list[str]:
    return st.session_state.get(session_keys.URL_PROBLEMS, [])


def link_complete() -> bool:
    return link_is_complete(view())


def network(v: View | None = None) -> Network:
    """The session's network for the view's spec, seed and (edited) weights, rebuilt only when they change."""
    v = v or view()
    key = v.model_fingerprint()
    cached = st.session_state.get(session_keys.NETWORK)
    if cached is not None and cached[0] == key:
        return cached[1]
    net = Network(v.spec, seed=v.seed)
    if v.weights is not None:
        net.load_state_dict({k: torch.as_tensor(np.asarray(w)) for k, w in v.weights.items()})
    st.session_state[session_keys.NETWORK] = (key, net)
    return net


def set_weights(net: Network) -> View:
    """Record the network's weights in the view (after a hand edit, carry-over or training)."""
    weights = {k: t.numpy().copy() for k, t in net.state_dict().items()}
    new = set_view(view().replace(weights=weights))
    st.session_state[session_keys.NETWORK] = (new.model_fingerprint(), net)
    return new


def trace_key(v: View | None = None) -> tuple[str, str]:
    v = v or view()
    return v.model_fingerprint(), v.sequence.fingerprint()


def trace(v: View | None = None) -> Trace:
    """The trace of the view's sequence through the view's network; raises ValueError on a misfit."""
    v = v or view()
    key = trace_key(v)
    cached = st.session_state.get(session_keys.TRACE)
    if cached is not None and cached[0] == key:
        return cached[1]
    x = v.sequence.array(v.spec.input_size)
    result = network(v).trace(x)
    st.session_state[session_keys.TRACE] = (key, result)
    return result


def fitted_trace() -> Trace:
    """The view's trace, with the view's step, layer, direction and units brought inside it (a new sequence may
    be shorter than the step it replaces): what a page that shows the trace asks for."""
    result = trace()
    set_view(clamp(view(), result.num_steps))
    return result
