"""A network with an embedding: the spec and its caps, token ids in every form, refusals, torch round trips."""
from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn as nn

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.model.counting import count_breakdown, torch_count_spec
from rnnviz.model.params import parameter_infos
from rnnviz.model.spec import MAX_PARAMETERS, MAX_STEPS, MAX_VOCAB_SIZE

IDS = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]


def tagger_spec(**changes) -> ModelSpec:
    return ModelSpec("lstm", input_size=6, hidden_size=5, vocab_size=10, head=HeadSpec(3), **changes)


# --- the spec ----------------------------------------------------------------------------------------
def test_the_embedding_is_a_parameter_counted_like_the_others():
    spec = tagger_spec()
    infos = parameter_infos(spec)
    assert (infos[0].name, infos[0].shape, infos[0].role) == ("embedding.weight", (10, 6), "embedding")
    net = Network(spec, seed=0)
    assert spec.parameter_count == net.num_parameters() == 10 * 6 + 4 * 5 * (6 + 5 + 2) + 3 * 5 + 3
    assert sum(line.count for line in count_breakdown(spec)) == net.num_parameters()
    assert count_breakdown(spec)[0].formula == "10 × 6"
    assert torch_count_spec(spec) == net.num_parameters()
    assert list(net.parameter_table()["name"])[0] == "embedding.weight"


def test_seeded_weights_equal_torch_building_embedding_then_lstm_then_linear():
    net = Network(tagger_spec(), seed=4)
    torch.manual_seed(4)
    embedding, lstm, linear = nn.Embedding(10, 6), nn.LSTM(6, 5), nn.Linear(5, 3)
    params = net.state_dict()
    assert torch.equal(params["embedding.weight"], embedding.weight)
    assert torch.equal(params["weight_hh_l0"], lstm.weight_hh_l0)
    assert torch.equal(params["head.weight"], linear.weight)


def test_vocab_size_caps_and_the_parameter_budget():
    with pytest.raises(ValueError, match=f"vocab_size must be a whole number from 0 to {MAX_VOCAB_SIZE:,}".replace(
            ",", "")):
        ModelSpec("gru", 4, 4, vocab_size=MAX_VOCAB_SIZE + 1)
    with pytest.raises(ValueError, match="vocab_size must be a whole number"):
        ModelSpec("gru", 4, 4, vocab_size=2.0)
    # 50,000 ids of 41 numbers are 2,050,000 parameters before any recurrent weight: past the budget
    with pytest.raises(ValueError, match=f"a session may hold at most {MAX_PARAMETERS:,}.*smaller vocabulary"):
        ModelSpec("rnn", 41, 1, vocab_size=MAX_VOCAB_SIZE)
    assert ModelSpec("rnn", 39, 1, vocab_size=MAX_VOCAB_SIZE).parameter_count == 50_000 * 39 + 39 + 1 + 2


def test_the_spec_round_trips_through_its_dict():
    spec = tagger_spec(num_layers=2)
    assert spec.to_dict()["vocab_size"] == 10
    assert ModelSpec.from_dict(spec.to_dict()) == spec


# --- tracing token ids ------------------------------------------------------------------------------------
def torch_forward(net: Network, ids: torch.Tensor):
    """The same network in plain torch: nn.Embedding -> nn.LSTM/GRU/RNN -> nn.Linear, from to_torch."""
    embedding, rnn, *head = net.to_torch()
    with torch.no_grad():
        output, final = rnn(embedding(ids))
        return output, final, (head[0](output) if head else None)


@pytest.mark.parametrize("spec", [
    tagger_spec(),
    tagger_spec(num_layers=2, bidirectional=True, proj_size=2),
    ModelSpec("gru", 4, 3, num_layers=2, vocab_size=10, head=HeadSpec(2, every_step=False)),
    ModelSpec("rnn", 4, 3, nonlinearity="relu", vocab_size=10),
], ids=lambda s: f"{s.kind_label}-{s.num_layers}-{s.bidirectional}")
def test_ids_trace_equals_torch_and_every_form_of_ids_gives_the_same_trace(spec):
    net = Network(spec, seed=1)
    batch = torch.tensor([IDS, IDS[::-1]])
    output, final, y = torch_forward(net, batch)
    trace = net.trace(batch)
    assert (trace.output - output).abs().max() <= 1e-5
    finals = final if isinstance(final, tuple) else (final,)
    ours = trace.final_state if isinstance(trace.final_state, tuple) else (trace.final_state,)
    for theirs, mine in zip(finals, ours):
        assert (theirs - mine).abs().max() <= 1e-5
    if y is not None:
        expected = y if spec.head.every_step else y[:, -1:]
        assert (trace["y"] - expected).abs().max() <= 1e-5
    assert torch.equal(trace.ids, batch)
    assert torch.equal(trace.x, net.parameter("embedding.weight")[batch])  # what layer 0 read
    assert "x" not in trace.quantities and trace.quantities[:len(spec.quantities)] == spec.quantities
    # one sequence, as a list, a numpy array of any integer type, a tensor: the same numbers
    single = net.trace(IDS)
    assert single.unbatched and single.ids.shape == (1, len(IDS))
    assert torch.allclose(single.output, trace.output[0], atol=1e-6)
    for form in (np.array(IDS, dtype=np.int64), np.array(IDS, dtype=np.uint8), np.array(IDS, dtype=np.int16),
                 torch.tensor(IDS), torch.tensor(IDS, dtype=torch.int32), torch.tensor(IDS, dtype=torch.uint8)):
        assert torch.equal(net.trace(form).output, single.output)
    assert torch.equal(net.trace(np.array([IDS, IDS[::-1]])).output, trace.output)


def test_a_variant_torch_lacks_reads_ids_too():
    spec = ModelSpec("lstm", 4, 3, peephole=True, coupled=True, vocab_size=10)
    net = Network(spec, seed=2)
    trace = net.trace(IDS)
    vectors = Network(spec.replace(vocab_size=0), seed=2)
    vectors.load_state_dict({k: v for k, v in net.state_dict().items() if k != "embedding.weight"})
    embedded = net.parameter("embedding.weight")[torch.tensor(IDS)]
    for q in spec.quantities:
        assert torch.equal(trace[q], vectors.trace(embedded)[q])
    jordan = Network(ModelSpec("jordan", 4, 3, head=HeadSpec(2), vocab_size=7), seed=0)
    assert jordan.trace([0, 6, 3]).ids.tolist() == [[0, 6, 3]]


def test_a_stream_of_ids_equals_the_whole_trace():
    for spec in (tagger_spec(num_layers=2), tagger_spec(bidirectional=True)):
        net = Network(spec, seed=3)
        stream = net.stream()
        for token in IDS:
            stream.step(token)
        whole = net.trace(IDS)
        assert torch.equal(stream.trace.ids, whole.ids)
        for q in whole.quantities:
            assert torch.allclose(stream.trace[q], whole[q], atol=1e-6), q
    batched = Network(tagger_spec(), seed=3).stream(batch=2)
    batched.step(np.array([1, 2]))
    assert batched.trace.ids.tolist() == [[1], [2]]


@pytest.mark.parametrize("bad, message", [
    ([3, -1, 2], r"token id -1 at step 1 is outside the vocabulary: ids run from 0 to 9 \(vocab_size=10\)"),
    ([[1, 2], [3, 10]], r"token id 10 at sequence 1, step 1 is outside the vocabulary: ids run from 0 to 9"),
    (np.array([7, 2**40], dtype=np.uint64), r"token id 1099511627776 at step 1 is outside the vocabulary"),
    ([1.0, 2.0], r"must be whole numbers \(a network with an embedding reads token ids, not vectors\), got "
                 r"floating-point numbers \(shape \(2,\)\)"),
    (np.zeros((4, 6), np.float32), r"reads token ids, not vectors\), got floating-point numbers \(shape \(4, 6\)\)"),
    (torch.tensor([1.0]), r"got a tensor of floating-point numbers \(dtype torch.float32\); convert it with .long\(\)"),
    ([True, False], r"must be whole numbers .*got true/false values"),
    (torch.tensor([True]), r"got a tensor of true/false values"),
    ("hello", r"got text 'hello': a vocabulary turns text into ids"),
    ([], r"the token ids are empty \(shape \(0,\)\); at least one step is needed"),
    (torch.zeros(2, 0, dtype=torch.long), r"are empty \(shape \(2, 0\)\)"),
    ([[1, 2], [3]], r"rectangular array of whole numbers; its rows have different lengths"),
    ([1, 2**70], r"rectangular array of whole numbers; a number is too large"),
    (5, r"must have shape \(T,\) or \(B, T\) for a network with an embedding; got shape \(\)"),
    (np.zeros((1, 2, 3), np.int64), r"got shape \(1, 2, 3\)"),
    (np.zeros(MAX_STEPS + 1, np.int64), f"x has {MAX_STEPS + 1} steps; at most {MAX_STEPS} are allowed"),
    (np.zeros((513, 2), np.int64), r"x has a batch of 513; at most 512 are allowed"),
])
def test_bad_ids_are_refused_with_what_was_wrong(bad, message):
    net = Network(tagger_spec(), seed=0)
    with pytest.raises(ValueError, match=message):
        net.trace(bad)


def test_ids_are_bounded_before_they_are_embedded():
    """20,000 steps x 512 sequences of ids are 10 M ids: refused for the numbers they would embed into, and
    for the trace they would record, before the lookup allocates anything."""
    net = Network(ModelSpec("rnn", 64, 2, vocab_size=10), seed=0)
    with pytest.raises(ValueError, match=r"token ids embed into 2,048,000 numbers \(input_size=64\)"):
        net.trace(np.zeros((32, 1000), np.int64))


def test_a_stream_refuses_what_is_not_one_id_per_sequence():
    net = Network(tagger_spec(), seed=0)
    with pytest.raises(ValueError, match="x_t must be one token id for a stream of batch 1"):
        net.stream().step([1, 2])
    with pytest.raises(ValueError, match=r"x_t must be 2 token ids, shape \(2,\)"):
        net.stream(batch=2).step(1)
    with pytest.raises(ValueError, match=r"^token id 12 is outside the vocabulary: ids run from 0 to 9"):
        net.stream().step(12)
    with pytest.raises(ValueError, match=r"^token id 10 at sequence 1 is outside the vocabulary"):
        net.stream(batch=2).step([0, 10])
    with pytest.raises(ValueError, match="x_t must be whole numbers"):
        net.stream().step(1.5)


def test_a_network_without_an_embedding_still_refuses_ids_shaped_input():
    net = Network(ModelSpec("lstm", 3, 2), seed=0)
    with pytest.raises(ValueError, match=r"must have shape \(T, input_size\) or \(B, T, input_size\)"):
        net.trace([1, 2, 3])


# --- torch round trips --------------------------------------------------------------------------------------
def test_to_torch_and_from_torch_round_trip_the_embedding():
    net = Network(tagger_spec(num_layers=2), seed=5)
    embedding, lstm, linear = net.to_torch()
    assert isinstance(embedding, nn.Embedding) and (embedding.num_embeddings, embedding.embedding_dim) == (10, 6)
    back = Network.from_torch(lstm, head=linear, embedding=embedding)
    assert back.spec == net.spec
    for name, tensor in net.state_dict().items():
        assert torch.equal(back.parameter(name), tensor), name
    assert isinstance(Network(ModelSpec("gru", 3, 2, vocab_size=4)).to_torch(), tuple)  # (embedding, gru)


def test_from_torch_refuses_an_embedding_that_does_not_fit():
    with pytest.raises(ValueError, match=r"embedding_dim \(4\) must equal the recurrent module's input_size \(6\)"):
        Network.from_torch(nn.LSTM(6, 3), embedding=nn.Embedding(5, 4))
    with pytest.raises(ValueError, match="max_norm rescales its rows"):
        Network.from_torch(nn.LSTM(6, 3), embedding=nn.Embedding(5, 6, max_norm=1.0))
    with pytest.raises(ValueError, match="the embedding must be an nn.Embedding, got Linear"):
        Network.from_torch(nn.LSTM(6, 3), embedding=nn.Linear(6, 6))


def test_state_dict_round_trip_and_mismatches_are_named():
    net = Network(tagger_spec(), seed=6)
    other = Network(tagger_spec(), seed=7)
    other.load_state_dict(net.state_dict())
    assert torch.equal(other.trace(IDS)["y"], net.trace(IDS)["y"])
    without = {k: v for k, v in net.state_dict().items() if k != "embedding.weight"}
    with pytest.raises(ValueError, match=r"missing \['embedding.weight'\]"):
        other.load_state_dict(without)
    with pytest.raises(ValueError, match=r"embedding.weight must have shape \(10, 6\), got \(11, 6\)"):
        other.set_parameter("embedding.weight", torch.zeros(11, 6))
