"""rnnviz: see inside recurrent neural networks. The public core contract is re-exported here."""
from .model import HeadSpec, ModelSpec, Network, Trace

__all__ = ["HeadSpec", "ModelSpec", "Network", "Trace"]
