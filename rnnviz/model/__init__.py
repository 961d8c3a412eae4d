"""The instrumented recurrent core: specs, cells, the vectorised fast path, traces, networks."""
from .network import Network
from .spec import HeadSpec, ModelSpec
from .trace import Trace

__all__ = ["HeadSpec", "ModelSpec", "Network", "Trace"]
