"""The Lessons page's parts: pick a lesson, load its preset into the session, show text beside the picture."""
from __future__ import annotations

import streamlit as st

from rnnviz.lessons import LESSONS, lesson_by_id
from rnnviz.ui import session, session_keys
from rnnviz.ui.lesson_controls import edited_badge, lesson_controls
from rnnviz.ui.lesson_guide import check_link, go_to, guide_list, highlight
from rnnviz.ui.lesson_views import VIEWS
from rnnviz.ui.messages import reset_widgets
from rnnviz.ui.step_view import page_download, step_player
from rnnviz.ui.weight_editor import MAX_EDITABLE_HIDDEN


def open_preset(lesson_id: str, index: int) -> None:
    """Put a lesson's preset into the session view (model, weights, input, step), as if built by hand."""
    lesson = lesson_by_id(lesson_id)
    preset = lesson.presets[index]
    weights = preset.weight_arrays()
    session.set_view(session.view().replace(
        spec=preset.spec, seed=preset.seed, weights=weights, sequence=preset.sequence, step=preset.step,
        unit=preset.unit, units=preset.units, layer=0, direction=0, lesson=lesson_id, preset=index))
    for prefix in ("b_", "s_", "v_"):  # the Build and Step widgets redraw from the new view
        reset_widgets(prefix)


def _on_lesson_change() -> None:
    _go_to_lesson(st.session_state["l_pick"])


def _go_to_lesson(lesson_id: str) -> None:
    if lesson_by_id(lesson_id).presets:
        open_preset(lesson_id, 0)
    else:
        session.update(lesson=lesson_id, preset=0)
    session.update(guide=None)


def _on_preset_change() -> None:
    view = session.view()
    open_preset(view.lesson, st.session_state["l_preset"])
    session.update(guide=None)


def current_lesson():
    view = session.view()
    try:
        return lesson_by_id(view.lesson) if view.lesson else LESSONS[0]
    except ValueError as err:
        st.warning(str(err))
        return LESSONS[0]


def lesson_picker(bar=None):
    """The lesson choice with previous / next beside it, drawn into `bar` (presenter mode's top bar)."""
    view = session.view()
    lang = view.lang
    lesson = current_lesson()
    ids = [l.id for l in LESSONS]
    where = ids.index(lesson.id)
    row = (bar or st).container(horizontal=True, vertical_alignment="bottom", gap="small")
    row.button("", key="l_prev", icon=":material/arrow_back:", help=session.t("lesson_previous"),
               disabled=where == 0, on_click=_go_to_lesson, args=(ids[max(where - 1, 0)],))
    st.session_state["l_pick"] = lesson.id
    row.selectbox(session.t("lesson_pick"), ids, key="l_pick", on_change=_on_lesson_change,
                  format_func=lambda i: lesson_by_id(i).title[lang], width=340 if view.presenter else "stretch",
                  label_visibility="collapsed" if view.presenter else "visible")
    row.button("", key="l_next", icon=":material/arrow_forward:", help=session.t("lesson_next"),
               disabled=where == len(ids) - 1, on_click=_go_to_lesson, args=(ids[min(where + 1, len(ids) - 1)],))
    opened = st.session_state.get(session_keys.LESSON_OPENED)
    # A lesson opens with its model, unless a shared link already carries a model (it may hold edits).
    if lesson.presets and opened is None and not (view.lesson == lesson.id and session.link_had_model()):
        open_preset(lesson.id, min(view.preset, len(lesson.presets) - 1) if view.lesson == lesson.id else 0)
    if opened is None and view.lesson == lesson.id:
        _open_linked_guide(lesson)
    st.session_state[session_keys.LESSON_OPENED] = lesson.id
    if session.view().lesson != lesson.id:  # a lesson without a preset is still the open one (and in the link)
        session.update(lesson=lesson.id)
    return lesson


def _open_linked_guide(lesson) -> None:
    """A link naming a "What to notice" item opens the lesson there; a step in the link wins (it was moved on)."""
    check_link(lesson)
    k = session.view().guide
    if k is not None and "step" not in st.query_params:
        go_to(lesson.id, k)


def lesson_body(lesson) -> None:
    view = session.view()
    lang = view.lang
    # On a projector the picture is what the hall reads: the text column narrows and the text folds away.
    text, picture = st.columns([1, 3] if view.presenter else [2, 3], gap="medium" if view.presenter else "large")
    with text:
        with st.expander(session.t("lesson_text"), expanded=False) if view.presenter else st.container():
            st.markdown(lesson.body[lang])
            if lesson.corrections:
                st.warning(lesson.corrections[lang], icon=":material/rule:")
        controls_spot = st.container()  # presenter mode: the lesson's controls, above its guided steps
        guide_list(lesson)
    if not lesson.presets:
        return
    with picture:
        if len(lesson.presets) > 1:
            st.session_state["l_preset"] = min(view.preset, len(lesson.presets) - 1)
            st.radio(session.t(lesson.preset_label), range(len(lesson.presets)), key="l_preset",
                     on_change=_on_preset_change, format_func=lambda k: lesson.presets[k].name[lang],
                     horizontal=view.presenter, label_visibility="collapsed" if view.presenter else "visible")
    # On a projector every pixel of height goes to the picture: the controls move into the text column.
    with controls_spot if view.presenter else picture:
        lesson_controls(lesson)
        edited_badge(lesson, open_preset)
    with picture:
        preset = lesson.presets[min(session.view().preset, len(lesson.presets) - 1)]
        try:
            trace = session.fitted_trace()
            step_player(trace, session.trace_key(), compact=True, quantities=preset.quantities,
                        highlight=highlight(lesson))
        except ValueError as err:
            st.error(session.t("bad_model_input", error=err))
            trace = None
        if trace is not None:
            page_download(trace, name=lesson.id, title=f"{lesson.title[lang]} — {preset.name[lang]} — rnnviz")
        c1, c2 = st.columns(2)
        c1.page_link("pages/step_through.py", label=session.t("open_step"), icon=":material/play_circle:")
        # "edit the weights" only where Build offers it (weight_editor.py: hidden_size up to MAX_EDITABLE_HIDDEN)
        editable = session.view().spec.hidden_size <= MAX_EDITABLE_HIDDEN
        c2.page_link("pages/build.py", label=session.t("open_build" if editable else "open_build_shape"),
                     icon=":material/build:")


def lesson_views(lesson) -> None:
    for view, params in lesson.views:
        VIEWS[view](lesson, params)
