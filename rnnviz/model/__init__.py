"""The instrumented recurrent core: specs, cells, the vectorised fast path, traces, networks.

One recurrence, several ways to compute it. cells.py is the definition: each cell's step equations as they
read (lstm_step, gru_step, rnn_step, the Jordan step). Every other path accelerates it for some specs and is
tested equal to it and to torch:

    what runs                     for which specs                        proven equal by
    ----------------------------  -------------------------------------  --------------------------------------
    Network.trace (run.py):
      workspace.py                plain LSTM layers (no proj_size),      tests/core/test_workspace.py
                                  float32 on CPU: gates and c read back
                                  from oneDNN's own forward
      fast.py                     the other torch-native layers (GRU,    tests/core/test_exactness.py (every
                                  tanh/relu RNN, projected LSTM), and    quantity vs torch and the float64
                                  the workspace path's fallback          reference in core_reference.py)
      cells.py, step by step      variants torch lacks (peephole,        tests/core/test_variants.py
                                  coupled, other activations, identity
                                  RNN, Jordan)
    Network.stream (stream.py)    one step at a time: cells.py           tests/core/test_stream.py
    training (learn/forward.py)   torch's fused kernel for native specs, tests/learn/test_forward.py
                                  for the variants the trace's own loop
                                  (cells.run_layers_stepwise), keeping
                                  only h
    export.py                     a generated stand-alone PyTorch        tests/model/test_export.py
                                  script of the same equations

A network with an embedding (spec.vocab_size) looks its token ids up in embedding.py before any of these runs:
every path then reads the embedded vectors (tests/core/test_embedding.py).

Editing a step function in cells.py therefore changes the variants (and the reference the fast paths are
tested against), not what the default LSTM view computes: that is torch's kernel, read back exactly.
"""
from .network import Network
from .spec import HeadSpec, ModelSpec
from .trace import Trace

__all__ = ["HeadSpec", "ModelSpec", "Network", "Trace"]
