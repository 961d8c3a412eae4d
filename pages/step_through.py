"""Step through: feed a sequence, then watch every gate, the cell state and the hidden state step by step."""
import streamlit as st

from rnnviz.ui import session
from rnnviz.ui.chrome import page
from rnnviz.ui.pretrained_preset import open_button
from rnnviz.ui.sequence_editor import feed_controls, sequence_controls
from rnnviz.ui.step_view import equation_block, page_download, selection_controls, step_player, values_block
from rnnviz.ui.token_input import token_id_controls

t = session.t

def input_controls(open_editor: bool = False) -> None:
    if session.view().spec.vocab_size:  # a network with an embedding reads token ids, not the editor's vectors
        token_id_controls()
    else:
        with st.expander(t("sequence"), expanded=open_editor):
            sequence_controls()
        feed_controls()
    open_button("s_open_pretrained")


def trace_fails() -> bool:
    """Whether the model cannot read the sequence as it stands (then the sequence editor opens by itself)."""
    try:
        session.trace()
    except ValueError:
        return True
    return False


with page("step_title"):
    presenter = session.view().presenter
    if not presenter:
        input_controls(open_editor=trace_fails())
    try:
        trace = session.fitted_trace()
    except ValueError as err:
        st.error(t("bad_model_input", error=err))
        trace = None
        if presenter:
            input_controls(open_editor=True)
    if trace is not None:
        selection_controls(trace)
        step_player(trace, session.trace_key(), choices=True)
        page_download(trace)
        if presenter:  # on a projector the picture comes first; the input is edited below it
            input_controls()
        equation_block(trace)
        values_block(trace)
