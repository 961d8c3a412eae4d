"""Extra views a lesson can name. Each is a general tool taking (lesson, params); lessons stay data."""
from __future__ import annotations

from . import api_shapes, compare, encodings, expected_values, gradients, param_count, slot_filling, worked_examples

VIEWS = {
    "compare": compare.render,
    "expected_values": expected_values.render,
    "api_shapes": api_shapes.render,
    "param_count": param_count.render,
    "encodings": encodings.render,
    "slot_filling": slot_filling.render,
    "repeated_weight": gradients.render_repeated_weight,
    "gradient_flow": gradients.render_gradient_flow,
    "loss_surface": gradients.render_loss_surface,
    "forget_bias": gradients.render_forget_bias,
    "poem": worked_examples.render_poem,
    "many_to_many": worked_examples.render_many_to_many,
    "digits": worked_examples.render_digits,
}
