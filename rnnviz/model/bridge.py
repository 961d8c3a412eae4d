"""Both ways between rnnviz networks and torch.nn modules."""
from __future__ import annotations

import torch.nn as nn

from .native import native_module
from .params import EMBEDDING_WEIGHT
from .spec import HeadSpec, ModelSpec


def network_from_torch(cls, module, head, head_activation, head_every_step, embedding=None):
    kinds = {nn.LSTM: "lstm", nn.GRU: "gru", nn.RNN: "rnn"}
    cell = kinds.get(type(module))
    if cell is None:
        raise ValueError(f"from_torch takes an nn.LSTM, nn.GRU or nn.RNN, got {type(module).__name__}")
    if head is not None and not isinstance(head, nn.Linear):
        raise ValueError(f"the head must be an nn.Linear, got {type(head).__name__}")
    if embedding is not None:
        if not isinstance(embedding, nn.Embedding):
            raise ValueError(f"the embedding must be an nn.Embedding, got {type(embedding).__name__}")
        if embedding.embedding_dim != module.input_size:
            raise ValueError(f"the embedding's embedding_dim ({embedding.embedding_dim}) must equal the recurrent "
                             f"module's input_size ({module.input_size})")
        if embedding.max_norm is not None:
            raise ValueError("an nn.Embedding with max_norm rescales its rows as it reads them; rnnviz reads the "
                             "rows as they are, so it is not converted")
    head_spec = None
    if head is not None:
        head_spec = HeadSpec(head.out_features, head_activation, head_every_step, bias=head.bias is not None)
    spec = ModelSpec(cell=cell, input_size=module.input_size, hidden_size=module.hidden_size,
                     num_layers=module.num_layers, bidirectional=module.bidirectional, bias=module.bias,
                     proj_size=getattr(module, "proj_size", 0),
                     nonlinearity=getattr(module, "nonlinearity", "tanh") if cell == "rnn" else "tanh",
                     head=head_spec, vocab_size=0 if embedding is None else embedding.num_embeddings)
    if head_spec is not None and head.in_features != spec.num_directions * spec.output_size:
        raise ValueError(f"the head's in_features must be {spec.num_directions * spec.output_size} "
                         f"(directions x hidden), got {head.in_features}")
    net = cls(spec, seed=0)
    state = {k: v.detach() for k, v in module.state_dict().items()}
    if head is not None:
        state.update({f"head.{k}": v.detach() for k, v in head.state_dict().items()})
    if embedding is not None:
        state[EMBEDDING_WEIGHT] = embedding.weight.detach()
    net.load_state_dict(state)
    return net


def network_to_torch(net):
    spec: ModelSpec = net.spec
    if not spec.is_torch_native:
        lacks = {"jordan": "a Jordan RNN (torch feeds back h, not y)"}.get(spec.cell)
        if lacks is None:
            what = [n for n, on in (("peephole connections", spec.peephole), ("coupled gates", spec.coupled),
                                    (f"candidate activation {spec.cell_activation}", spec.cell_activation != "tanh"),
                                    (f"output activation {spec.output_activation}", spec.output_activation != "tanh"),
                                    (f"nonlinearity {spec.nonlinearity}", spec.nonlinearity == "identity"))
                    if on]
            lacks = ", ".join(what)
        raise ValueError(f"torch.nn has no module for this {spec.kind_label}: it lacks {lacks}. "
                         "Only standard LSTM, GRU and tanh/relu RNN networks convert.")
    module = native_module(spec)
    params = net.state_dict()
    module.load_state_dict({k: v for k, v in params.items() if not k.startswith(("head.", "embedding."))})
    parts = [module]
    if spec.vocab_size:
        embedding = nn.Embedding(spec.vocab_size, spec.input_size)
        embedding.load_state_dict({"weight": params[EMBEDDING_WEIGHT]})
        parts.insert(0, embedding)
    if spec.head is not None:
        linear = nn.Linear(spec.num_directions * spec.output_size, spec.head.out_features, bias=spec.head.bias)
        linear.load_state_dict({k[len("head."):]: v for k, v in params.items() if k.startswith("head.")})
        parts.append(linear)
    return parts[0] if len(parts) == 1 else tuple(parts)
