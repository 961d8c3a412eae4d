"""Every lesson is complete data, and each reproduces the course's published numbers."""
import re

import numpy as np
import pytest

from rnnviz.lessons import LESSONS, lesson_by_id
from rnnviz.lessons.lesson import preset_network, preset_trace
from rnnviz.lessons.views import EXPECTED_VALUES
from rnnviz.ui.lesson_views import VIEWS
from rnnviz.ui.lesson_views.expected_values import expected_table

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_catalogue_is_in_course_order_with_unique_ids():
    numbers = [lesson.number for lesson in LESSONS]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert len({lesson.id for lesson in LESSONS}) == len(LESSONS)
    with pytest.raises(ValueError, match="no lesson"):
        lesson_by_id("nope")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.id)
def test_lesson_is_complete_in_both_languages(lesson):
    for field in (lesson.title, lesson.body):
        assert field["en"] and CJK.search(field["zh"])
    assert len(lesson.notice["en"]) == len(lesson.notice["zh"]) >= 2
    for view, _params in lesson.views:
        assert view in VIEWS, f"{lesson.id} names an unknown view {view!r}"
    for preset in lesson.presets:
        assert preset.name["en"] and preset.name["zh"]
        trace = preset_trace(preset)  # builds, and its weights fit
        assert 0 <= preset.step < trace.num_steps and preset.unit < preset.spec.hidden_size


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.id)
def test_published_numbers_are_reproduced(lesson):
    for view, params in lesson.views:
        if view is EXPECTED_VALUES:
            table = expected_table(lesson, params)
            checks = [c for c in table.columns if c.endswith("✓")]
            assert checks and (table[checks] == "✓").all().all(), table


def test_memory_toy_is_exact():
    lesson = lesson_by_id("memory-toy")
    trace = preset_trace(lesson.presets[0])
    assert trace["h"][0, 0, 0].tolist() == [[2, 2], [6, 6], [16, 16]]
    assert trace["y"][0].tolist() == [[4, 4], [12, 12], [32, 32]]
    reordered = preset_trace(lesson.presets[1])
    assert reordered["y"][0].tolist() != trace["y"][0].tolist()  # order matters


def test_memory_cell_outputs_appear_where_the_course_says():
    lesson = lesson_by_id("memory-cell")
    short = preset_trace(lesson.presets[0])
    assert short["c"][0, 0, 0, :, 0].tolist() == pytest.approx([3, 7, 7, 7, 0], abs=1e-3)
    h = preset_trace(lesson.presets[1])["h"][0, 0, 0, :, 0].numpy()
    assert np.argsort(h)[-2:].tolist() == [8, 5]  # the two reads, where x3 = 1
    assert h[5] == pytest.approx(7, abs=1e-3) and h[8] == pytest.approx(6, abs=1e-3)
    # the course's weights, as written, are what the network holds
    w = preset_network(lesson.presets[0]).state_dict()
    assert w["weight_ih_l0"].tolist() == [[0, 100, 0], [0, 100, 0], [1, 0, 0], [0, 0, 100]]
    assert w["bias_ih_l0"].tolist() == [-10, 10, 0, -10]


def test_elman_jordan_networks_wait_for_the_impulse_but_the_reverse_direction_does_not():
    lesson = lesson_by_id("elman-jordan")
    for preset in lesson.presets:
        h = preset_trace(preset)["h"]
        assert (h[:, 0, 0, :2] == 0).all(), preset.name["en"]  # forward: nothing before step 2
        if preset.spec.bidirectional:
            assert (h[0, 1, 0, :2] != 0).any()  # backward: it has already read the impulse
    jordan = preset_network(lesson.presets[1])
    assert jordan.parameter("weight_hh_l0").shape == (3, 2)  # it reads y(t-1), two outputs


def test_variants_coupled_gate_is_the_complement():
    lesson = lesson_by_id("variants")
    coupled = next(p for p in lesson.presets if p.spec.coupled)
    trace = preset_trace(coupled)
    assert np.allclose(trace["i"].numpy(), 1 - trace["f"].numpy(), atol=1e-7)


@pytest.mark.parametrize("lesson", [l for l in LESSONS if l.guide], ids=lambda l: l.id)
def test_guided_steps_point_at_real_steps_and_diagram_keys(lesson):
    from rnnviz.viz.diagram import diagram_keys
    assert len(lesson.guide) == len(lesson.notice["en"])
    for guide in filter(None, lesson.guide):
        preset = lesson.presets[guide.preset]
        assert 0 <= guide.step < preset.sequence.array(preset.spec.input_size).shape[0]
        assert guide.keys and set(guide.keys) <= set(diagram_keys(preset.spec)), guide
        assert guide.layer < preset.spec.num_layers and guide.direction < preset.spec.num_directions


def test_variants_parameter_counts_are_the_ones_the_lesson_states():
    """Lesson 6's last notice, in both languages: blocks and counts of each preset, as torch counts them."""
    import re

    import torch
    lesson = lesson_by_id("variants")
    counts = [p.spec.parameter_count for p in lesson.presets]
    assert counts == [40, 46, 30, 30]
    assert sum(p.numel() for p in torch.nn.LSTM(1, 2).parameters()) == counts[0]
    assert sum(p.numel() for p in torch.nn.GRU(1, 2).parameters()) == counts[3]
    assert [len(p.spec.gate_blocks) for p in lesson.presets] == [4, 4, 3, 3]
    peephole = lesson.presets[1].spec
    assert counts[1] - counts[0] == 3 * peephole.hidden_size  # 3 peephole vectors of H
    for lang in ("en", "zh"):
        stated = [int(n) for n in re.findall(r"(?<![\d_])(\d{2})(?!\d)", lesson.notice[lang][3])]
        assert stated == counts, lang


def test_memory_toy_reordered_ends_where_the_lesson_says():
    """Lesson 2, notice 2 in both languages: the reordered input ends at y = [44, 44], the course's at [32, 32]."""
    import re
    lesson = lesson_by_id("memory-toy")
    ends = [preset_trace(p)["y"][0, -1].tolist() for p in lesson.presets]
    assert ends == [[32.0, 32.0], [44.0, 44.0]]
    for lang in ("en", "zh"):
        stated = re.findall(r"\[(\d+), (\d+)\]", lesson.notice[lang][1])
        assert [[float(a), float(b)] for a, b in stated] == ends[::-1], lang
    # steps 1-3 of the course are t = 0-2 of the app: the published table's rows, in that order
    assert "t = 0, 1, 2" in lesson.notice["en"][0] and "t = 0、1、2" in lesson.notice["zh"][0]
    assert preset_trace(lesson.presets[0]).num_steps == 3
