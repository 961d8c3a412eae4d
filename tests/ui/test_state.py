"""The view <-> link codec: round trips exactly, and a damaged link never fails."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz.model.params import parameter_infos
from rnnviz.model.spec import HeadSpec, ModelSpec
from rnnviz.ui.state import SequenceSource, View, from_query, link_is_complete, still_trained, to_query


def _weights(spec, value=0.5):
    return {i.name: np.full(i.shape, value, np.float32) for i in parameter_infos(spec)}


def test_defaults_round_trip_and_stay_short():
    q = to_query(View())
    assert q == {"cell": "lstm", "in": "1", "hid": "4", "seq": "generator", "gen": "sine", "len": "24"}
    view, problems = from_query(q)
    assert problems == [] and view == View()


def test_full_view_round_trip():
    spec = ModelSpec("lstm", 3, 2, num_layers=2, bidirectional=True, peephole=True, output_activation="identity",
                     head=HeadSpec(2, "softmax", False))
    weights = _weights(spec)
    weights["weight_ih_l0"][1, 2] = -7.25
    view = View(lang="zh", presenter=True, spec=spec, seed=9, weights=weights,
                sequence=SequenceSource("table", values=np.arange(12, dtype=np.float32).reshape(4, 3)),
                step=3, layer=1, direction=1, unit=1, units=(1, 0))
    back, problems = from_query(to_query(view))
    assert problems == []
    assert back == view  # compares spec, seed, sequence kind, indices, language
    assert back.model_fingerprint() == view.model_fingerprint()  # the weights themselves
    assert back.weights["weight_ih_l0"][1, 2] == -7.25
    assert np.array_equal(back.sequence.values, view.sequence.values)


def test_generator_and_text_sequences_round_trip():
    for seq in (SequenceSource("generator", "square", 50, (("period", 6.0), ("amplitude", 2.0))),
                SequenceSource("text", text="对酒当歌 hello")):
        back, problems = from_query(to_query(View(sequence=seq)))
        assert problems == [] and back.sequence == seq


def test_large_weights_are_left_out_of_the_link():
    spec = ModelSpec("lstm", 64, 64)
    view = View(spec=spec, weights=_weights(spec))
    assert "w" not in to_query(view) and not link_is_complete(view)


def test_damaged_links_keep_defaults_and_say_why():
    view, problems = from_query({"cell": "lstm", "hid": "x", "step": "-3", "lang": "fr", "seq": "table",
                                 "xs": "2.2.abc", "units": "0.1.zz"})
    assert view.spec == View().spec and view.step == 0 and view.lang == "en"
    text = " ".join(problems)
    for fragment in ("hid must be a whole number", "step must be from 0", "lang: expected one of en, zh",
                     "damaged", "unit must be a whole number"):
        assert fragment in text


def test_truncated_weights_are_refused():
    spec = ModelSpec("gru", 2, 2)
    q = to_query(View(spec=spec, weights=_weights(spec)))
    q["w"] = q["w"][: len(q["w"]) // 2]
    view, problems = from_query(q)
    assert view.weights is None and view.spec == spec and any("weights" in p for p in problems)


def test_indices_are_clamped_to_the_model():
    view, _ = from_query({"cell": "gru", "in": "1", "hid": "3", "unit": "9", "layer": "4", "units": "1.7"})
    assert view.unit == 2 and view.layer == 0 and view.units == (1,)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.dictionaries(st.sampled_from(["cell", "in", "hid", "layers", "bi", "bias", "proj", "act", "gact", "cact",
                                        "head", "seed", "w", "seq", "gen", "len", "g_period", "text", "xs", "step",
                                        "layer", "direction", "unit", "units", "lang", "present", "theme", "junk"]),
                       st.text(max_size=30)))
def test_any_hand_edited_link_parses(params):
    view, problems = from_query(params)
    assert isinstance(view, View)
    assert all(isinstance(p, str) and p for p in problems)
    assert 0 <= view.unit < view.spec.hidden_size


def test_guided_step_round_trips_and_a_bad_one_is_ignored():
    view = View(lesson="memory-cell", preset=1, guide=3, step=5)
    q = to_query(view)
    assert q["guide"] == "3"
    back, problems = from_query(q)
    assert problems == [] and back.guide == 3 and back == view
    assert "guide" not in to_query(View(lesson="memory-cell"))  # no item chosen: nothing in the link
    for bad, reason in (("x", "guide must be a whole number"), ("-1", "guide must be from 0 to 50"),
                        ("999", "guide must be from 0 to 50")):
        back, problems = from_query({"lesson": "memory-cell", "guide": bad})
        assert back.guide is None and back.lesson == "memory-cell" and reason in " ".join(problems)
def test_theme_is_left_out_when_auto_and_carried_otherwise():
    assert "theme" not in to_query(View())
    for theme in ("light", "dark"):
        q = to_query(View(theme=theme))
        assert q["theme"] == theme
        view, problems = from_query(q)
        assert problems == [] and view.theme == theme
    view, problems = from_query({"theme": "auto"})
    assert problems == [] and view.theme == "auto"


def test_unknown_theme_keeps_auto_and_says_why():
    view, problems = from_query({"theme": "purple", "lang": "zh"})
    assert view.theme == "auto" and view.lang == "zh"
    assert problems == ["theme: expected one of auto, light, dark, got 'purple'"]


def test_every_theme_choice_has_a_label_in_both_languages():
    from rnnviz.strings import STRINGS
    from rnnviz.ui.state import THEMES
    assert THEMES[0] == View().theme == "auto"
    assert all(STRINGS[f"theme_{theme}"]["en"] and STRINGS[f"theme_{theme}"]["zh"] for theme in THEMES)


def test_every_view_field_travels_in_the_link():
    """A field added to View but not to the link's table (state._LINK) fails here: each is set away from its
    default in turn and must come back from the link."""
    import dataclasses
    spec = ModelSpec("gru", 2, 6, num_layers=2, bidirectional=True, head=HeadSpec(3))
    other = {"lang": "zh", "presenter": True, "theme": "dark", "spec": spec, "seed": 5,
             "weights": _weights(spec, 0.25), "sequence": SequenceSource("text", text="abc"), "step": 2,
             "layer": 1, "direction": 1, "batch": 1, "unit": 3, "units": (2, 5), "lesson": "memory-cell",
             "preset": 2, "guide": 1, "trained": "m2m.per_step.10.0"}
    assert set(other) == {f.name for f in dataclasses.fields(View)}
    for name, value in other.items():
        changes = {name: value}
        if name in ("weights", "layer", "direction", "unit", "units"):
            changes["spec"] = spec  # these need a model that has them
        if name in ("preset", "guide"):
            changes["lesson"] = "memory-cell"  # these belong to a lesson
        view = View(**changes)
        back, problems = from_query(to_query(view))
        assert problems == [], name
        assert getattr(back, name) == getattr(view, name) if name != "weights" else \
            all(np.array_equal(back.weights[k], v) for k, v in view.weights.items()), name


def test_a_recipe_is_dropped_once_the_model_changes():
    spec = ModelSpec("rnn", 28, 12, head=HeadSpec(28, "softmax"))
    weights = _weights(spec)
    named = View(spec=spec, weights=weights, trained="poem.rnn.100.0")
    assert still_trained(None, named) is named and still_trained(named, named.replace(step=3)).trained
    edited = {k: v.copy() for k, v in weights.items()}
    assert still_trained(named, named.replace(weights=edited)).trained == ""
    assert still_trained(named, named.replace(seed=1)).trained == ""
    assert still_trained(named, named.replace(spec=ModelSpec("rnn", 28, 13))).trained == ""
    renamed = named.replace(weights=edited, trained="poem.rnn.50.0")  # a new recipe with its weights: kept
    assert still_trained(named, renamed).trained == "poem.rnn.50.0"


def test_a_recipe_in_a_link_is_checked_before_anything_is_trained():
    from rnnviz.learn.recipes import parse_recipe
    assert parse_recipe("digits_pixels.lstm.30.0") == ("digits_pixels", "lstm", 30, 0)
    assert parse_recipe("digits_rows.rnn.10.0") == ("digits_rows", "rnn", 10, 0)
    for bad, says in [("poem.gru.100.0", "poem trains rnn, lstm"), ("x" * 81, "expected a lesson recipe"),
                      ("m2m.per_step.100000.0", "epochs must be"),
                      ("mnist.lstm.1.0", "expected a lesson recipe"), ("poem.rnn.100.-1", "seed must be"),
                      ("poem.rnn.100.7", "seed must be"), ("poem.rnn.10.0", "epochs must be")]:
        view, problems = from_query({"trained": bad})
        assert view.trained == "" and len(problems) == 1 and says in problems[0], (bad, problems)


def test_a_link_can_name_only_what_a_lessons_train_button_trains():
    """So a typed link never makes the shared server train anything new: a handful of names, each once per server
    (rnnviz/ui/session.py keeps them all)."""
    from rnnviz.learn.recipes import LESSON_SEEDS, RECIPES
    names = sum(len(variants) * len(epochs) for variants, epochs, _ in RECIPES.values()) * len(LESSON_SEEDS)
    assert names == 18
    import rnnviz.ui.session as session
    assert session._TRAINED_BY_LINKS.max_entries >= names


def test_an_embedding_network_and_its_token_ids_round_trip():
    spec = ModelSpec("gru", 3, 4, vocab_size=12, head=HeadSpec(12))
    view = View(spec=spec, sequence=SequenceSource("ids", values=np.array([11, 0, 5], dtype=np.int64)),
                weights=_weights(spec))
    q = to_query(view)
    assert q["vocab"] == "12" and q["seq"] == "ids" and q["ids"] == "11.0.5"
    back, problems = from_query(q)
    assert problems == [] and back.spec == spec and link_is_complete(back)
    assert back.sequence.kind == "ids" and back.sequence.values.tolist() == [11, 0, 5]
    assert back.sequence.values.dtype == np.int64
    assert "vocab" not in to_query(View())  # a network without an embedding writes nothing new


def test_token_ids_too_many_for_a_link_are_left_out_and_said():
    view = View(spec=ModelSpec("lstm", 2, 2, vocab_size=5),
                sequence=SequenceSource("ids", values=np.zeros(5000, dtype=np.int64)))
    assert "ids" not in to_query(view) and not link_is_complete(view)


def test_damaged_token_ids_in_a_link_keep_the_default_sequence_and_say_why():
    for ids, reason in (("1.x.3", "token id must be a whole number, got 'x'"),
                        ("1.-2", "token id must be from 0 to 49999, got -2"),
                        ("", "carries none"),
                        ("1." * 4097, "ids holds 4,098 token ids; a link carries at most 4096"),
                        ("9" * 40000, "characters long; a link carries at most 4096 token ids")):
        view, problems = from_query({"seq": "ids", "ids": ids})
        assert view.sequence == SequenceSource(), ids
        assert len(problems) == 1 and problems[0].startswith("sequence: ") and reason in problems[0], problems
