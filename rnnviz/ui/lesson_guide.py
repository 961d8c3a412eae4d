"""Guided steps: a lesson's "What to notice" items as steps to click.

An item with a Guide moves the stepper to its step (opening its preset if another is open) and highlights
the diagram elements it talks about; the view's `guide` holds the current item, so a link opens there.
"""
from __future__ import annotations

import streamlit as st

from rnnviz.lessons import lesson_by_id
from rnnviz.ui import session


def guides(lesson) -> tuple:
    """One Guide or None per notice item."""
    return lesson.guide or (None,) * len(lesson.notice["en"])


def current_guide(lesson):
    """The current item's Guide, or None (no item chosen, or a link named one this lesson does not have)."""
    k = session.view().guide
    items = guides(lesson)
    return items[k] if k is not None and 0 <= k < len(items) else None


def highlight(lesson) -> tuple:
    """The diagram keys to emphasise: the current item's, while its preset is the one open."""
    guide = current_guide(lesson)
    return guide.keys if guide is not None and guide.preset == session.view().preset else ()


def go_to(lesson_id: str, k: int) -> None:
    """Make item k current: its preset (kept, edits and all, when it is already open), its step."""
    from rnnviz.ui.lessons_ui import open_preset  # lessons_ui draws the list below: imported late
    guide = guides(lesson_by_id(lesson_id))[k]
    if session.view().preset != guide.preset:
        open_preset(lesson_id, guide.preset)
    # The stepper follows a server move (its seq); the diagram follows the item's layer and direction.
    session.update(step=guide.step, guide=k, layer=guide.layer, direction=guide.direction)


def check_link(lesson) -> None:
    """A link's guide that this lesson has no step for is dropped, and the page says so."""
    k = session.view().guide
    if k is not None and current_guide(lesson) is None:
        st.warning(session.t("guide_unknown", k=k))
        session.update(guide=None)


def guide_list(lesson) -> None:
    """The notice items: a step button beside each guided one (the current one marked), previous / next."""
    view = session.view()
    t = session.t
    items = guides(lesson)
    stops = [k for k, guide in enumerate(items) if guide is not None]
    st.markdown(f"**{t('notice')}**")
    if not stops:  # nothing to step to: one plain list
        st.markdown("\n".join(f"- {text}" for text in lesson.notice[view.lang]))
        return
    at = stops.index(view.guide) if view.guide in stops else None
    prev_k = stops[at - 1] if at else None
    next_k = stops[0] if at is None else stops[at + 1] if at + 1 < len(stops) else None
    row = st.container(horizontal=True, vertical_alignment="center")
    row.button(t("guide_prev"), key="l_guide_prev", icon=":material/arrow_back:", disabled=prev_k is None,
               on_click=go_to, args=(lesson.id, prev_k))
    row.button(t("guide_next"), key="l_guide_next", icon=":material/arrow_forward:", disabled=next_k is None,
               on_click=go_to, args=(lesson.id, next_k))
    row.caption(t("guide_none") if at is None else t("guide_position", k=at + 1, n=len(stops)))
    for k, (text, guide) in enumerate(zip(lesson.notice[view.lang], items)):
        if guide is None:
            st.markdown(f"- {text}")
            continue
        current = k == view.guide
        button, words = st.columns([1.4, 4], vertical_alignment="top")
        button.button(f"t={guide.step}", key=f"l_guide_{k}", type="primary" if current else "secondary",
                      on_click=go_to, args=(lesson.id, k), width="stretch")
        words.markdown(f"**{text}**" if current else text)
