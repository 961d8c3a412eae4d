"""The function that draws each extra view a lesson can name (declared in rnnviz/lessons/views.py).

Each is a general tool taking (lesson, params); lessons stay data. tests/lessons/test_parts.py checks that this
maps every declared view, and nothing else, to a function in the module its declaration names.
"""
from __future__ import annotations

from rnnviz.lessons import views as v

from . import (
               api_shapes,
               compare,
               encodings,
               expected_values,
               gradients,
               param_count,
               slot_filling,
               weight_names,
               worked_examples,
)

VIEWS = {
    v.COMPARE: compare.render,
    v.EXPECTED_VALUES: expected_values.render,
    v.API_SHAPES: api_shapes.render,
    v.PARAM_COUNT: param_count.render,
    v.ENCODINGS: encodings.render,
    v.SLOT_FILLING: slot_filling.render,
    v.REPEATED_WEIGHT: gradients.render_repeated_weight,
    v.GRADIENT_FLOW: gradients.render_gradient_flow,
    v.LOSS_SURFACE: gradients.render_loss_surface,
    v.FORGET_BIAS: gradients.render_forget_bias,
    v.GATE_BLOCKS: weight_names.render_gate_blocks,
    v.UWV: weight_names.render_uwv,
    v.POEM: worked_examples.render_poem,
    v.MANY_TO_MANY: worked_examples.render_many_to_many,
    v.DIGITS: worked_examples.render_digits,
}
