"""Lessons: trying the lesson's own suggestion on the spot, and its "What to notice" items as guided steps."""

from tests.pages.conftest import errors, open_page

FORGET_BIAS = "l_try_bias_ih_l0_1"  # bias_ih_l0[1]: torch's gate order is i, f, g, o


def open_lessons(query):
    return open_page("pages/lessons.py", query)


def view(at):
    return at.session_state["rnnviz_view"]


def stepper_memo(at):
    return at.session_state["_rnnviz_stepper_home_stepper"]


def badges(at):
    return [m.value for m in at.markdown if "-badge[" in m.value]


def charted(at):
    """The quantities the lesson's stepper charts (the subplot titles of its one figure)."""
    key, payload = at.session_state["rnnviz_stepper_payload"][True]
    return [a["text"] for a in payload["figures"][0]["layout"]["annotations"]]


def test_forget_bias_change_flags_the_table_and_the_way_back_restores_it():
    at = open_lessons({"lesson": "memory-cell"})
    table = at.dataframe[0].value
    assert list(table["c ✓"]) == ["✓"] * 5 and badges(at) == []
    assert at.number_input(key=FORGET_BIAS).value == 10.0

    at.number_input(key=FORGET_BIAS).set_value(-10.0).run()
    assert not at.exception and errors(at) == []
    assert float(view(at).weights["bias_ih_l0"][1]) == -10.0
    table = at.dataframe[0].value
    leaked = table[table["t"] == 3].iloc[0]
    assert leaked["c ✓"] == "✗" and leaked["c (course)"] == "7"  # flagged, the course's value beside it
    assert abs(float(leaked["c (computed)"])) < 1e-3  # the memory leaked away (≈ 4.5e-5)
    assert list(table["c ✓"]) == ["✓", "✓", "✗", "✗", "✓"]  # written at 0 and 1, gone by 2; reset anyway at 4
    assert badges(at) == [":orange-badge[:material/edit: Weights edited]"]

    at.button(key="l_back_to_course").click().run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["c ✓"]) == ["✓"] * 5 and (table[[c for c in table if c.endswith("✓")]] == "✓").all().all()
    assert badges(at) == [] and at.number_input(key=FORGET_BIAS).value == 10.0
    assert float(view(at).weights["bias_ih_l0"][1]) == 10.0


def test_memory_cell_charts_its_gates_and_the_cell():
    at = open_lessons({"lesson": "memory-cell"})
    titles = charted(at)
    assert len(titles) == 4 and [t.split()[-1] for t in titles] == ["f", "i", "o", "c"]


def test_recurrent_weight_control_changes_the_open_unit():
    at = open_lessons({"lesson": "gradients"})
    assert at.number_input(key="l_try_weight_hh_l0_0_0").value == 1.01
    at.number_input(key="l_try_weight_hh_l0_0_0").set_value(0.5).run()
    assert not at.exception and errors(at) == []
    v = view(at)
    assert float(v.weights["weight_hh_l0"][0, 0]) == 0.5 and v.preset == 0
    trace = at.session_state["rnnviz_trace"][1]
    assert float(trace["h"][0, 0, 0, 1, 0]) == 0.5 and float(trace["h"][0, 0, 0, -1, 0]) == 0.0  # 0.5^999 underflows
    assert badges(at) == [":orange-badge[:material/edit: Weights edited]"]


def test_variant_control_opens_each_variant_in_place():
    at = open_lessons({"lesson": "variants"})
    picker = at.radio(key="l_preset")
    assert picker.label == "Variant"
    picker.set_value(3).run()
    v = view(at)
    assert not at.exception and v.spec.cell == "gru" and v.lesson == "variants" and v.sequence.generator == "square"
    assert [t.split()[-1] for t in charted(at)] == ["z", "h"]  # the GRU has no f, i or c
    at.radio(key="l_preset").set_value(2).run()
    assert view(at).spec.coupled and [t.split()[-1] for t in charted(at)] == ["f", "i", "c", "h"]


def test_layer_control_shows_the_deep_networks_second_layer():
    at = open_lessons({"lesson": "elman-jordan"})
    assert not [r for r in at.radio if r.key == "l_try_layer"]  # one layer: nothing to choose
    at.radio(key="l_preset").set_value(2).run()
    at.radio(key="l_try_layer").set_value(1).run()
    assert not at.exception and view(at).layer == 1 and view(at).spec.num_layers == 2


def test_clicking_an_item_moves_the_step_and_highlights_its_quantities():
    at = open_lessons({"lesson": "memory-cell"})
    assert view(at).guide is None and stepper_memo(at)["highlight"] == []
    at.button(key="l_guide_2").click().run()
    v = view(at)
    assert (v.step, v.guide, v.preset) == (3, 2, 0)
    assert stepper_memo(at)["highlight"] == ["o", "h"]
    assert at.query_params["guide"] in (["2"], "2") and at.query_params["step"] in (["3"], "3")
    assert at.button(key="l_guide_2").proto.type == "primary"  # the current item is marked

    at.button(key="l_guide_next").click().run()  # item 3 is about the longer sequence: its preset opens
    v = view(at)
    assert (v.step, v.guide, v.preset) == (5, 3, 1) and v.sequence.values.shape == (9, 3)
    assert stepper_memo(at)["highlight"] == ["x", "h"]
    assert at.button(key="l_guide_next").disabled  # the last guided item (item 4 is plain text)
    at.button(key="l_guide_prev").click().run()
    assert (view(at).step, view(at).guide, view(at).preset) == (3, 2, 0)


def test_a_link_with_a_guide_opens_the_lesson_at_that_item():
    at = open_lessons({"lesson": "memory-cell", "guide": "1"})
    v = view(at)
    assert (v.step, v.guide) == (2, 1) and stepper_memo(at)["highlight"] == ["f", "c"]
    deep = open_lessons({"lesson": "elman-jordan", "guide": "3"})  # the deep network, at its second layer
    v = view(deep)
    assert (v.preset, v.layer, v.step) == (2, 1, 2) and stepper_memo(deep)["highlight"] == ["x", "h"]


def test_a_link_to_an_item_that_is_not_a_step_is_dropped_with_a_warning():
    at = open_lessons({"lesson": "memory-cell", "guide": "4"})  # item 4 is a plain remark
    assert [w.value for w in at.warning] == [
        "The link's guide=4 names no step among this lesson's \"What to notice\" items; it was left out."]
    assert view(at).guide is None and stepper_memo(at)["highlight"] == [] and "guide" not in at.query_params
    assert not at.exception and errors(at) == []


def test_no_lesson_opens_as_edited():
    at = open_lessons({"lesson": "slot-filling"})
    from rnnviz.lessons import LESSONS
    for lesson in LESSONS:
        at.selectbox(key="l_pick").set_value(lesson.id).run()
        assert not at.exception and badges(at) == [], lesson.id
        assert view(at).guide is None  # a new lesson starts with no item chosen


def test_memory_toy_offers_its_input_to_edit_and_charts_y():
    at = open_lessons({"lesson": "memory-toy"})
    assert [t.split()[-1] for t in charted(at)] == ["h", "y"]  # "predict y before you step": y is drawn
    editor = at.dataframe[0]  # the input table beside the diagram (editing it is in the browser test)
    assert editor.value.to_numpy().tolist() == [[1, 1], [1, 1], [2, 2]]
