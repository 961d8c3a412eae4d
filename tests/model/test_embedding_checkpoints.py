"""The two programs people upload most, written as their authors wrote them, read back with their embeddings.

(a) pytorch/examples' word_language_model RNNModel: encoder = nn.Embedding, rnn = nn.LSTM / nn.GRU (sequence
first, dropout between layers), decoder = nn.Linear, forward returning log_softmax of the flattened logits.
(b) the PyTorch tutorial's LSTMTagger: word_embeddings, lstm, hidden2tag, forward returning log_softmax.

Each is saved as a plain state dict and inside a training checkpoint, as bytes and as a file object (an upload),
and as safetensors; the network rnnviz reads must compute the module's own forward to 1e-5 (eval mode).
"""
from __future__ import annotations

import io

import pytest
import safetensors.torch
import torch
import torch.nn as nn
import torch.nn.functional as F

from rnnviz import HeadSpec, ModelSpec, Network
from rnnviz.model.checkpoints import infer_spec, read_checkpoint
from rnnviz.model.export import loading_snippet, pytorch_script, state_dict_bytes
from tests.model.test_export import compare, run_script

TOL = 1e-5


class RNNModel(nn.Module):
    """pytorch/examples/word_language_model/model.py's RNNModel (LSTM and GRU), as written there."""

    def __init__(self, rnn_type, ntoken, ninp, nhid, nlayers, dropout=0.5, tie_weights=False):
        super().__init__()
        self.ntoken = ntoken
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = getattr(nn, rnn_type)(ninp, nhid, nlayers, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        if tie_weights:
            self.decoder.weight = self.encoder.weight
        self.init_weights()

    def init_weights(self):
        initrange = 0.1
        nn.init.uniform_(self.encoder.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)
        nn.init.uniform_(self.decoder.weight, -initrange, initrange)

    def forward(self, input, hidden=None):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        output = self.drop(output)
        decoded = self.decoder(output)
        decoded = decoded.view(-1, self.ntoken)
        return F.log_softmax(decoded, dim=1), hidden


class LSTMTagger(nn.Module):
    """The PyTorch tutorial's part-of-speech tagger ("Sequence Models and Long Short-Term Memory Networks")."""

    def __init__(self, embedding_dim, hidden_dim, vocab_size, tagset_size):
        super().__init__()
        self.hidden_dim = hidden_dim
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        lstm_out, _ = self.lstm(embeds.view(len(sentence), 1, -1))
        tag_space = self.hidden2tag(lstm_out.view(len(sentence), -1))
        return F.log_softmax(tag_space, dim=1)


NTOKEN, NINP, NHID = 50, 12, 16
TAGGER = dict(embedding_dim=6, hidden_dim=6, vocab_size=9, tagset_size=3)  # the tutorial's sizes


def trained_language_model(rnn_type: str) -> tuple[nn.Module, torch.optim.Optimizer]:
    """A few Adam steps of next-token prediction, so the weights and the optimizer state are a real run's."""
    torch.manual_seed(0)
    model = RNNModel(rnn_type, NTOKEN, NINP, NHID, nlayers=2)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    data = torch.randint(0, NTOKEN, (21, 4))  # (T, B): the example's batchify is sequence first
    for _ in range(3):
        optimizer.zero_grad()
        log_probs, _ = model(data[:-1])
        F.nll_loss(log_probs, data[1:].reshape(-1)).backward()
        optimizer.step()
    return model.eval(), optimizer


def trained_tagger() -> tuple[nn.Module, torch.optim.Optimizer]:
    torch.manual_seed(1)
    model = LSTMTagger(**TAGGER)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)  # as the tutorial trains it
    sentence, tags = torch.tensor([0, 1, 2, 3, 4]), torch.tensor([0, 1, 2, 0, 1])
    for _ in range(3):
        optimizer.zero_grad()
        F.nll_loss(model(sentence), tags).backward()
        optimizer.step()
    return model.eval(), optimizer


def saved(obj) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def uploads(model: nn.Module, optimizer) -> dict[str, object]:
    """The same weights as a user would upload them: every form rnnviz reads."""
    state = model.state_dict()
    checkpoint = saved({"epoch": 3, "model_state_dict": state, "optimizer_state_dict": optimizer.state_dict()})
    return {"state dict bytes": saved(state), "state dict file": io.BytesIO(saved(state)),
            "training checkpoint bytes": checkpoint, "training checkpoint file": io.BytesIO(checkpoint),
            "safetensors": safetensors.torch.save(dict(state))}


def language_model_difference(net: Network, model: RNNModel, ids: torch.Tensor) -> float:
    """Largest |difference| between rnnviz and the model's own forward: log_softmax, logits and the state."""
    T, B = ids.shape
    with torch.no_grad():
        log_probs, hidden = model(ids)  # (T*B, ntoken), sequence first
        logits = model.decoder(model.rnn(model.encoder(ids))[0])
    trace = net.trace(ids.T)  # rnnviz is batch first
    ours = F.log_softmax(trace["y"], dim=-1).transpose(0, 1).reshape(T * B, -1)
    differences = [(ours - log_probs).abs().max(), (trace["y"] - logits.transpose(0, 1)).abs().max()]
    finals = hidden if isinstance(hidden, tuple) else (hidden,)
    mine = trace.final_state if isinstance(trace.final_state, tuple) else (trace.final_state,)
    differences += [(a - b).abs().max() for a, b in zip(finals, mine)]
    return float(max(differences))


@pytest.mark.parametrize("rnn_type", ["LSTM", "GRU"])
def test_word_language_model_imports_with_its_encoder_and_computes_its_forward(rnn_type):
    model, optimizer = trained_language_model(rnn_type)
    ids = torch.randint(0, NTOKEN, (15, 3), generator=torch.Generator().manual_seed(2))
    expected = ModelSpec(rnn_type.lower(), NINP, NHID, num_layers=2, head=HeadSpec(NTOKEN), vocab_size=NTOKEN)
    for form, upload in uploads(model, optimizer).items():
        net = Network.from_checkpoint(upload)
        assert net.spec == expected, form
        assert language_model_difference(net, model, ids) <= TOL, form
        assert torch.equal(net.parameter("embedding.weight"), model.encoder.weight.detach()), form


def test_word_language_model_with_tied_weights():
    """tie_weights: decoder.weight is encoder.weight (both names in the state dict): still embedding and head."""
    torch.manual_seed(3)
    model = RNNModel("LSTM", NTOKEN, NHID, NHID, nlayers=2, tie_weights=True).eval()
    tensors, _ = read_checkpoint(saved(model.state_dict()))
    found = infer_spec(tensors)
    assert (found.embedding, found.head, found.embeddings) == ("encoder.", "decoder.", ("encoder.",))
    ids = torch.randint(0, NTOKEN, (9, 2), generator=torch.Generator().manual_seed(4))
    assert language_model_difference(found.network(), model, ids) <= TOL


def test_the_tutorials_lstm_tagger_imports_with_its_word_embeddings():
    model, optimizer = trained_tagger()
    sentence = torch.tensor([0, 5, 8, 2, 7, 1])
    with torch.no_grad():
        tag_scores = model(sentence)
        tag_space = model.hidden2tag(model.lstm(model.word_embeddings(sentence).view(len(sentence), 1, -1))[0])
    for form, upload in uploads(model, optimizer).items():
        net = Network.from_checkpoint(upload)
        assert net.spec == ModelSpec("lstm", 6, 6, head=HeadSpec(3), vocab_size=9), form
        trace = net.trace(sentence)  # one sentence, unbatched
        # the head is the Linear layer (logits); the tutorial's forward adds log_softmax
        assert (trace["y"][0] - tag_space[:, 0]).abs().max() <= TOL, form
        assert (F.log_softmax(trace["y"][0], dim=-1) - tag_scores).abs().max() <= TOL, form


def test_what_was_read_says_where_the_embedding_came_from():
    model, optimizer = trained_tagger()
    tensors, notes = read_checkpoint(saved({"epoch": 3, "model_state_dict": model.state_dict(),
                                            "optimizer_state_dict": optimizer.state_dict()}))
    assert any("optimizer" in note for note in notes)
    found = infer_spec(tensors)
    assert found.module == "model_state_dict.lstm." and found.head == "model_state_dict.hidden2tag."
    assert found.embedding == "model_state_dict.word_embeddings."
    assert found.evidence["embedding"] == "model_state_dict.word_embeddings.weight: 9 × 6"
    assert not any("not part of this network" in note for note in found.notes)  # nothing is dropped any more
    # read without it, the network reads vectors and the note says what was left out
    plain = infer_spec(tensors, embedding=None)
    assert plain.spec.vocab_size == 0 and plain.embedding is None
    assert any("not part of this network, ignored: model_state_dict.word_embeddings.weight (9 × 6)" in note
               for note in plain.notes)
    with pytest.raises(ValueError, match=r"model_state_dict.hidden2tag is not an embedding of 6 columns"):
        infer_spec(tensors, embedding="model_state_dict.hidden2tag")


def test_an_embedding_is_found_by_shape_and_place_whatever_its_name():
    torch.manual_seed(5)
    lut, gru, out = nn.Embedding(20, 4), nn.GRU(4, 3, batch_first=True), nn.Linear(3, 20)
    state = {**{f"lut.{k}": v for k, v in lut.state_dict().items()},
             **{f"gru.{k}": v for k, v in gru.state_dict().items()},
             **{f"out.{k}": v for k, v in out.state_dict().items()}}
    found = infer_spec(read_checkpoint(saved(state))[0])
    assert found.embedding == "lut." and found.spec.vocab_size == 20 and found.head == "out."
    ids = torch.tensor([[1, 19, 7]])
    with torch.no_grad():
        assert (found.network().trace(ids)["y"] - out(gru(lut(ids))[0])).abs().max() <= TOL
    # a bias-free Linear read-out behind the module is never taken for an embedding, even when its shape fits
    readout = nn.Linear(3, 4, bias=False)
    behind = {**{f"gru.{k}": v for k, v in nn.GRU(3, 3).state_dict().items()}, "proj.weight": readout.weight}
    assert infer_spec(read_checkpoint(saved(behind))[0]).embedding is None


def test_names_that_read_as_a_readout_stay_heads():
    """token_classifier holds the word "token", but "classifier" makes it a readout: it stays the head."""
    torch.manual_seed(7)
    state = {"tok_emb.weight": torch.randn(11, 4), **{f"rnn.{k}": v for k, v in nn.LSTM(4, 4).state_dict().items()},
             "token_classifier.weight": torch.randn(5, 4)}
    found = infer_spec(read_checkpoint(saved(state))[0])
    assert (found.embedding, found.head) == ("tok_emb.", "token_classifier.")
    assert found.spec.vocab_size == 11 and found.spec.head.out_features == 5


def test_an_embedding_past_the_caps_is_left_out_with_a_note():
    torch.manual_seed(6)
    state = {"embedding.weight": torch.randn(60_000, 2), **nn.LSTM(2, 3).state_dict()}
    found = infer_spec(read_checkpoint(saved(state))[0])
    assert found.embedding is None and found.spec.vocab_size == 0
    assert any("embedding.weight (60000 × 2) looks like an embedding but is outside what rnnviz handles "
               "(vocab_size must be a whole number from 0 to 50000" in note for note in found.notes)
    with pytest.raises(ValueError, match="the embedding in the file is outside what rnnviz handles"):
        infer_spec(read_checkpoint(saved(state))[0], embedding="embedding")


# --- safetensors and the exports --------------------------------------------------------------------------
@pytest.mark.parametrize("make", [lambda: trained_language_model("LSTM"), lambda: trained_language_model("GRU"),
                                  trained_tagger], ids=["rnnmodel-lstm", "rnnmodel-gru", "tagger"])
def test_a_safetensors_file_imports_equal_to_the_pt_file(make):
    model, _ = make()
    from_pt = Network.from_checkpoint(saved(model.state_dict()))
    from_safetensors = Network.from_checkpoint(safetensors.torch.save(dict(model.state_dict())))
    assert from_safetensors.spec == from_pt.spec
    for name, tensor in from_pt.state_dict().items():
        assert torch.equal(from_safetensors.parameter(name), tensor), name


@pytest.mark.parametrize("spec", [
    ModelSpec("lstm", 4, 5, num_layers=2, head=HeadSpec(7, "softmax"), vocab_size=7),
    ModelSpec("gru", 4, 3, bidirectional=True, vocab_size=6),
    ModelSpec("lstm", 4, 3, peephole=True, head=HeadSpec(2), vocab_size=6),  # a variant: only the saved spec says
], ids=lambda s: s.kind_label)
def test_rnnviz_exports_round_trip_with_the_embedding(spec):
    net = Network(spec, seed=8)
    back = Network.from_checkpoint(state_dict_bytes(net))
    assert back.spec == net.spec
    assert torch.equal(back.trace([0, 5, 3])["h"], net.trace([0, 5, 3])["h"])


def test_the_loading_snippet_builds_the_embedding(tmp_path):
    net = Network(ModelSpec("lstm", 4, 5, head=HeadSpec(3), vocab_size=9), seed=9)
    path = tmp_path / "model.pt"
    path.write_bytes(state_dict_bytes(net))
    scope: dict = {}
    exec(loading_snippet(net.spec, str(path)), scope)
    ids = torch.tensor([[8, 0, 4]])
    with torch.no_grad():
        y = scope["head"](scope["rnn"](scope["embedding"](ids))[0])
    assert (y - net.trace(ids)["y"]).abs().max() <= TOL


@pytest.mark.parametrize("make, style", [(lambda: trained_language_model("LSTM"), "modules"),
                                         (lambda: trained_language_model("GRU"), "equations"),
                                         (trained_tagger, "modules"), (trained_tagger, "equations")])
def test_the_exported_script_feeds_the_ids_and_prints_the_same_numbers(script_runner, tmp_path, make, style):
    model, _ = make()
    net = Network.from_checkpoint(saved(model.state_dict()))
    ids = [3, 0, 7, 1, 8]
    source = pytorch_script(net, ids, style=style)
    assert "IDS = [3, 0, 7, 1, 8]" in source
    printed = run_script(script_runner, source, tmp_path)
    assert compare(printed, net, ids) > len(ids)  # every printed vector equals the trace's to 1e-5
    with pytest.raises(ValueError, match=r"a script feeds one sequence \(T,\) token ids; got a batch of 2"):
        pytorch_script(net, [ids, ids])
