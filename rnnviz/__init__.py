"""rnnviz: see inside recurrent neural networks. The public core contract is re-exported here.

rnnviz.widget(trace), the stepper in a notebook cell (rnnviz.notebook), is looked up on first use: it needs
anywidget, which the app does not, and importing rnnviz imports none of it."""
from .model import HeadSpec, ModelSpec, Network, Trace

__all__ = ["HeadSpec", "ModelSpec", "Network", "Trace", "standalone_html", "widget"]


def __getattr__(name: str):
    # Imported when first asked for: the page pulls in plotly, the widget anywidget (the notebook extra).
    if name == "standalone_html":
        from .standalone import standalone_html
        return standalone_html
    if name == "widget":
        from .notebook import widget
        return widget
    raise AttributeError(f"module 'rnnviz' has no attribute {name!r}")
