"""rnnviz: see inside recurrent neural networks. The public core contract is re-exported here."""
from .model import HeadSpec, ModelSpec, Network, Trace

__all__ = ["HeadSpec", "ModelSpec", "Network", "Trace", "standalone_html"]


def __getattr__(name: str):
    # Imported when first asked for: the page pulls in plotly.
    if name == "standalone_html":
        from .standalone import standalone_html
        return standalone_html
    raise AttributeError(f"module 'rnnviz' has no attribute {name!r}")
