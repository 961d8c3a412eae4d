"""The Import / Export page's parts: read a checkpoint, confirm what it holds, use it; take the work away.

The uploaded file is read once (rnnviz.model.checkpoints: nothing in it runs) and its tensors kept in this
session only. What the file cannot say is asked with widgets; "Use this model" changes the session only
when the whole network loads, so a refused file leaves everything as it was.
"""
from __future__ import annotations

import hashlib
from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from rnnviz.data.source import SequenceSource, sequence_for
from rnnviz.model.checkpoints import AUTO, Inference, infer_spec, read_checkpoint, recurrent_modules
from rnnviz.model.export import (
    EMBED_INPUT_LIMIT,
    MODEL_FILE,
    SCRIPT_FILE,
    loading_snippet,
    pytorch_script,
    state_dict_bytes,
    trace_csv,
    trace_parquet,
)
from rnnviz.model.spec import HEAD_ACTIVATIONS, LSTM_ACTIVATIONS, NONLINEARITIES
from rnnviz.ui import session, session_keys
from rnnviz.ui.messages import flash_error, reset_widgets
from rnnviz.ui.session import activation_name
from rnnviz.ui.state import clamp, to_query
from rnnviz.ui.string_families import family_key
from rnnviz.ui.uploader import file_uploader

P = "ie_"  # widget key prefix
# The head and embedding widgets' "none" (a prefix never looks like this; None would read as "nothing chosen").
NO_HEAD = NO_EMBEDDING = "-"


# --- reading the upload ------------------------------------------------------------------------------
def read_upload(data: bytes):
    """(key, tensors, notes) for an upload, or (key, None, error); read once per file per session."""
    key = hashlib.sha1(data).hexdigest()[:12]
    cached = st.session_state.get(session_keys.IMPORT_FILE)
    if cached is not None and cached[0] == key:
        return cached
    try:
        tensors, notes = read_checkpoint(data)
        result = (key, tensors, notes)
    except ValueError as err:
        result = (key, None, str(err))
    st.session_state[session_keys.IMPORT_FILE] = result  # one file per session: memory does not grow with uploads
    return result


def _choice_keys(key: str, module: str) -> dict:
    """Widget keys per file (and per module, for what depends on it), so a new file starts from its defaults."""
    return {"module": f"{P}c_module_{key}", "head": f"{P}c_head_{key}_{module}", "cell": f"{P}c_cell_{key}_{module}",
            "embedding": f"{P}c_emb_{key}_{module}",
            "nonlinearity": f"{P}c_act_{key}", "head_activation": f"{P}c_hact_{key}",
            "every_step": f"{P}c_every_{key}", "cell_activation": f"{P}c_gact_{key}",
            "output_activation": f"{P}c_cact_{key}"}


def choices_from_widgets(key: str, default: Inference) -> dict:
    """infer_spec's keyword arguments from the correction widgets (absent widgets: the file's defaults)."""
    ss = st.session_state
    module = ss.get(_choice_keys(key, "")["module"])
    module = module if module in default.modules else default.module
    keys = _choice_keys(key, module)
    head = ss.get(keys["head"], AUTO)
    embedding = ss.get(keys["embedding"], AUTO)
    choices = {"module": module, "head": None if head == NO_HEAD else head,
               "embedding": None if embedding == NO_EMBEDDING else embedding}
    if ss.get(keys["cell"]) == "coupled":
        choices["cell"] = "lstm"
    for name in ("nonlinearity", "head_activation", "every_step", "cell_activation", "output_activation"):
        if keys[name] in ss:
            choices[name] = ss[keys[name]]
    return choices


def default_inference(tensors) -> Inference:
    """What the file holds with nothing chosen: the first recurrent module that loads. ValueError if none does."""
    modules = recurrent_modules(tensors)
    first_error = None
    for module in modules or (None,):
        try:
            return infer_spec(tensors, module=module)
        except ValueError as err:
            first_error = first_error or err
    raise first_error


def current_inference(key: str, tensors) -> tuple[Inference, ValueError | None]:
    """The network the file holds with the user's corrections, or the default and why the corrections fail."""
    default = default_inference(tensors)
    try:
        return infer_spec(tensors, **choices_from_widgets(key, default)), None
    except ValueError as err:
        return default, err


def use_inference(found: Inference) -> None:
    """Put the network into the session: spec, weights, seed 0; the Build and Step widgets redraw from it."""
    net = found.network()  # loads and checks every tensor before anything in the session changes
    view = session.view()
    sequence, replaced = sequence_for(net.spec, view.sequence)  # token ids for an embedding, else vectors
    try:
        sequence.array(net.spec.input_size)
    except ValueError:
        sequence, replaced = SequenceSource(), True  # the old input does not fit: a sine wave on every input
    weights = {k: v.numpy().copy() for k, v in net.state_dict().items()}
    new = view.replace(spec=net.spec, seed=0, weights=weights, sequence=sequence, step=0, layer=0, direction=0,
                       unit=0, units=tuple(range(min(4, net.spec.hidden_size))), lesson="", preset=0)
    session.set_view(clamp(new))
    for prefix in ("b_", "s_", "v_"):
        reset_widgets(prefix)
    st.session_state[session_keys.IMPORT_LOADED] = {"kind": kind_name(net.spec), "count": net.num_parameters(),
                                                     "replaced": replaced}


def _use_clicked(key: str) -> None:
    cached = st.session_state.get(session_keys.IMPORT_FILE)
    if cached is None or cached[0] != key or cached[1] is None:
        return
    try:
        found, problem = current_inference(key, cached[1])
        if problem is not None:
            raise problem
        use_inference(found)
    except ValueError as err:
        flash_error(session.t("ie_not_loaded", error=err))


# --- drawing -----------------------------------------------------------------------------------------------
# spec.kind_label (English, the core's) -> the string key of its name on the page
_KIND_KEYS = {"LSTM": "cell_lstm", "GRU": "cell_gru", "Elman RNN": "cell_rnn", "Jordan RNN": "kind_jordan",
              "peephole LSTM": "cell_peephole", "coupled-gate LSTM": "cell_coupled",
              "peephole coupled-gate LSTM": "kind_peephole_coupled"}


def kind_name(spec) -> str:
    """The model's kind in the session's language."""
    return session.t(_KIND_KEYS[spec.kind_label])


def _yes_no(value: bool) -> str:
    return session.t("ie_yes" if value else "ie_no")


def inferred_table(found: Inference) -> pd.DataFrame:
    """What was read, one row per setting: value and where in the file it shows (or that the file cannot say)."""
    t = session.t
    spec, ev = found.spec, found.evidence
    asked = t("ie_saved_by_rnnviz") if found.from_rnnviz else t("ie_not_in_file")
    rows = [(t("ie_module"), ev["module"], t("ie_several") if len(found.modules) > 1 else ""),
            (t("cell"), kind_name(spec), ev["cell"]),
            (t("input_size"), spec.input_size, ev["input_size"]),
            (t("hidden_size"), spec.hidden_size, ev["hidden_size"]),
            (t("num_layers"), spec.num_layers, ev["num_layers"]),
            (t("bidirectional"), _yes_no(spec.bidirectional), ev["bidirectional"]),
            (t("bias"), _yes_no(spec.bias), ev["bias"])]
    if spec.vocab_size:
        rows.insert(1, (t("ie_embedding"), f"{spec.vocab_size} × {spec.input_size}", ev.get("embedding", "")))
    if spec.cell == "lstm":
        rows.append((t("proj_size"), spec.proj_size, ev["proj_size"]))
        for name in ("cell_activation", "output_activation"):  # nn.LSTM always uses tanh: shown when not
            if getattr(spec, name) != "tanh" or found.from_rnnviz:
                rows.append((t(name), getattr(spec, name), asked))
    if spec.cell in ("rnn", "jordan"):
        rows.append((t("nonlinearity"), spec.nonlinearity, asked))
    if spec.head is None:
        rows.append((t("head"), t("head_none"), t("ie_no_head") if not found.heads else ""))
    else:
        rows.append((t("head_out"), spec.head.out_features, ev.get("head", "")))
        rows.append((t("ie_head_activation"), spec.head.activation, asked))
        rows.append((t("head_every"), _yes_no(spec.head.every_step), asked))
    return pd.DataFrame([(a, str(b), c) for a, b, c in rows],
                        columns=[t("ie_setting"), t("ie_value"), t("ie_evidence")])


def _corrections(key: str, found: Inference) -> None:
    """One widget per thing the file cannot settle; changing one reruns the inference with it."""
    t = session.t
    keys = _choice_keys(key, found.module)
    spec = found.spec
    selects = []  # (label, options, key, help, labels) drawn side by side
    if len(found.modules) > 1:
        st.session_state.setdefault(keys["module"], found.module)
        names = {m: m.rstrip(".") or t("ie_top_level") for m in found.modules}  # labels bound now, not at draw time
        selects.append((t("ie_module"), found.modules, keys["module"], t("ie_module_help"), names))
    if not found.from_rnnviz:
        if found.heads:
            options = list(found.heads) + ([] if spec.cell == "jordan" else [NO_HEAD])
            st.session_state.setdefault(keys["head"], NO_HEAD if found.head is None else found.head)
            names = {h: t("head_none") if h == NO_HEAD else h.rstrip(".") or t("ie_top_level") for h in options}
            selects.append((t("head"), options, keys["head"], t("ie_head_help"), names))
        if found.embeddings:
            options = list(found.embeddings) + [NO_EMBEDDING]
            st.session_state.setdefault(keys["embedding"], NO_EMBEDDING if found.embedding is None else found.embedding)
            names = {e: t("ie_no_embedding") if e == NO_EMBEDDING else e.rstrip(".") for e in options}
            selects.append((t("ie_embedding"), options, keys["embedding"], t("ie_embedding_help"), names))
        if spec.cell in ("rnn", "jordan"):
            st.session_state.setdefault(keys["nonlinearity"], spec.nonlinearity)
            selects.append((t("nonlinearity"), NONLINEARITIES, keys["nonlinearity"], t("ie_nonlinearity_help"), None))
        if spec.head is not None:
            st.session_state.setdefault(keys["head_activation"], spec.head.activation)
            selects.append((t("ie_head_activation"), HEAD_ACTIVATIONS, keys["head_activation"],
                            t("ie_head_activation_help"), None))
    if selects:
        for column, (label, options, widget_key, help_text, names) in zip(st.columns(max(3, len(selects))), selects):
            column.selectbox(label, options, key=widget_key, help=help_text,
                             format_func=names.get if names else activation_name)
    if found.from_rnnviz:
        return
    if spec.head is not None and spec.cell != "jordan":
        st.session_state.setdefault(keys["every_step"], spec.head.every_step)
        st.checkbox(t("head_every"), key=keys["every_step"], help=t("ie_every_help"))
    if "cell" in found.ambiguous or spec.cell == "lstm":
        with st.expander(t("ie_variants"), expanded=False):
            st.caption(t("ie_variants_help"))
            if "cell" in found.ambiguous:
                st.session_state.setdefault(keys["cell"], "coupled" if spec.cell == "lstm" else "gru")
                names = {k: t(family_key("cell_{}", k)) for k in ("gru", "coupled")}
                st.radio(t("cell"), tuple(names), key=keys["cell"], horizontal=True, format_func=names.get)
            if spec.cell == "lstm":
                v1, v2, _ = st.columns(3)
                st.session_state.setdefault(keys["cell_activation"], spec.cell_activation)
                st.session_state.setdefault(keys["output_activation"], spec.output_activation)
                v1.selectbox(t("cell_activation"), LSTM_ACTIVATIONS, key=keys["cell_activation"],
                             format_func=activation_name)
                v2.selectbox(t("output_activation"), LSTM_ACTIVATIONS, key=keys["output_activation"],
                             format_func=activation_name)


def import_section() -> None:
    t = session.t
    st.subheader(t("ie_import_title"))
    st.caption(t("ie_import_help"))
    upload = file_uploader(t("ie_upload"), type=["pt", "pth", "safetensors"], key=P + "file")
    loaded = st.session_state.pop(session_keys.IMPORT_LOADED, None)
    if loaded is not None:
        st.success(t("ie_loaded", kind=loaded["kind"], count=loaded["count"]))
        if loaded["replaced"]:
            st.info(t("ie_sequence_replaced"))
        c1, c2 = st.columns(2)
        c1.page_link("pages/build.py", label=t("home_build"), icon=":material/build:")
        c2.page_link("pages/step_through.py", label=t("home_step"), icon=":material/play_circle:")
    if upload is None:
        return
    key, tensors, notes = read_upload(upload.getvalue())
    if tensors is None:
        st.error(t("ie_refused", name=upload.name, error=notes))
        return
    try:
        found, problem = current_inference(key, tensors)
    except ValueError as err:
        st.error(t("ie_refused", name=upload.name, error=err))
        return
    if problem is not None:
        st.error(t("ie_choice_failed", error=problem))
    st.markdown(f"**{t('ie_found', name=upload.name, kind=kind_name(found.spec))}**")
    if found.from_rnnviz:
        st.caption(t("ie_from_rnnviz"))
    table = inferred_table(found)
    st.dataframe(table, hide_index=True, width="stretch", height=38 + 35 * len(table))
    for note in list(notes) + list(found.notes):
        st.caption(f"• {note}")
    if not found.from_rnnviz:
        st.markdown(f"**{t('ie_confirm_title')}**")
        st.caption(t("ie_confirm_help"))
    _corrections(key, found)
    st.button(t("ie_use"), type="primary", key=P + "use", on_click=_use_clicked, args=(key,),
              icon=":material/upload:", disabled=problem is not None)


def share_link() -> str:
    """The Step-through page's address with the whole view in its query (what the address bar holds there)."""
    query = urlencode(to_query(session.view()))
    url = getattr(st.context, "url", None) or ""
    parts = urlsplit(url)
    base = parts.path.rsplit("/", 1)[0] if parts.path else ""
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return f"{origin}{base}/step_through?{query}"


def export_section() -> None:
    t = session.t
    view = session.view()
    net = session.network()
    spec = net.spec
    st.subheader(t("ie_export_title"))
    st.caption(t("ie_export_lead", kind=kind_name(spec), count=net.num_parameters()))
    c1, c2 = st.columns(2, gap="large")
    with c1:
        st.markdown(f"**{t('ie_weights_title')}**")
        st.download_button(t("ie_download_pt"), data=lambda: state_dict_bytes(net), file_name=MODEL_FILE,
                           mime="application/octet-stream", on_click="ignore", key=P + "dl_pt",
                           icon=":material/download:")
        st.caption(t("ie_pt_help") if spec.is_torch_native else t("ie_pt_variant_help", kind=kind_name(spec)))
        st.code(loading_snippet(spec, lang=view.lang), language="python", wrap_lines=True)
    with c2:
        st.markdown(f"**{t('ie_script_title')}**")
        style = "equations"
        if spec.is_torch_native:
            names = {"modules": t("ie_style_modules"), "equations": t("ie_style_equations")}
            style = st.radio(t("ie_script_style"), tuple(names), key=P + "style", horizontal=True,
                             format_func=names.get)
        try:
            x = view.sequence.array(spec.input_size)
        except ValueError as err:
            st.info(t("bad_model_input", error=err))
        else:
            if x.size > EMBED_INPUT_LIMIT:
                st.info(t("ie_script_too_long", count=x.size, limit=EMBED_INPUT_LIMIT))
            else:
                st.download_button(t("ie_download_py"),
                                   data=lambda: pytorch_script(net, x, style=style, lang=view.lang),
                                   file_name=SCRIPT_FILE, mime="text/x-python", on_click="ignore", key=P + "dl_py",
                                   icon=":material/code:")
                st.caption(t("ie_script_help", steps=len(x), file=MODEL_FILE))
    c1, c2 = st.columns(2, gap="large")
    with c1:
        st.markdown(f"**{t('ie_trace_title')}**")
        try:
            trace = session.trace()
        except ValueError as err:
            st.info(t("bad_model_input", error=err))
        else:
            st.download_button(t("download_csv"), data=lambda: trace_csv(trace), file_name="rnnviz_trace.csv",
                               mime="text/csv", on_click="ignore", key=P + "dl_csv", icon=":material/table:")
            st.download_button(t("download_parquet"), data=lambda: trace_parquet(trace),
                               file_name="rnnviz_trace.parquet", mime="application/octet-stream", on_click="ignore",
                               key=P + "dl_parquet", icon=":material/table:")
            st.caption(t("ie_trace_help"))
    with c2:
        st.markdown(f"**{t('ie_link_title')}**")
        st.code(share_link(), language=None, wrap_lines=True)
        st.caption(t("share_help"))
        if not session.link_complete():
            st.caption(t("link_incomplete"))
    st.markdown(f"**{t('ie_figures_title')}**")
    st.caption(t("ie_figures_help"))
