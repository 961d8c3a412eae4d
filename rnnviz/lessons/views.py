"""What a lesson shows beyond its text and presets, declared once: its extra views and its controls.

A lesson names them by reference, views=((GRADIENT_FLOW, {...}),) and controls=((TRY_WEIGHTS, {...}),), so an
editor follows a lesson to its views and grep finds every use of one. rnnviz.ui maps each to the function that
draws it (rnnviz/ui/lesson_views/__init__.py: VIEWS; rnnviz/ui/lesson_controls.py: CONTROLS). This module stays
free of streamlit and imports nothing: the lessons are data.

Each names its Parts, the files that make it:
    renders   the rnnviz/ui module with the function that draws it (the only streamlit in a lesson)
    computes  the core modules it computes with (rnnviz/learn, rnnviz/model, rnnviz/data)
    draws     the figure builders it draws with (rnnviz/viz)
    strings   the prefix of its own keys in rnnviz/strings.py
A lesson module's docstring names the parts of everything it uses (Lesson.parts()). tests/lessons/test_parts.py
holds all of this to the code: the files exist, the ui maps exactly the views and controls declared here, each
function lives in the module its declaration names, that module imports every rnnviz.learn and rnnviz.viz
module declared and no other, and each lesson's docstring names its parts.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Parts:
    renders: str
    computes: tuple[str, ...] = ()
    draws: tuple[str, ...] = ()
    strings: str = ""

    def paths(self) -> tuple[str, ...]:
        return (self.renders, *self.computes, *self.draws)


# Identity, not value, tells two apart (eq=False): four views can share one Parts and stay four views.
@dataclass(frozen=True, eq=False)
class View:
    """An extra view under a lesson's text: the render function takes (lesson, params)."""

    name: str  # for messages and test ids; nothing looks a view up by it
    parts: Parts


@dataclass(frozen=True, eq=False)
class Control:
    """What a lesson tells the learner to change, offered beside its diagram: the function takes (lesson, params)."""

    name: str
    parts: Parts


# --- views -------------------------------------------------------------------------------------------------------
_COMPARE = Parts("rnnviz/ui/lesson_views/compare.py", draws=("rnnviz/viz/compare.py",), strings="compare_")
_EXPECTED = Parts("rnnviz/ui/lesson_views/expected_values.py", strings="expected_")
_API_SHAPES = Parts("rnnviz/ui/lesson_views/api_shapes.py", computes=("rnnviz/model/shapes.py",), strings="api_")
_PARAM_COUNT = Parts("rnnviz/ui/lesson_views/param_count.py", computes=("rnnviz/model/counting.py",), strings="pc_")
_ENCODINGS = Parts("rnnviz/ui/lesson_views/encodings.py", computes=("rnnviz/data/encoders.py",),
                   draws=("rnnviz/viz/colors.py",), strings="enc_")
_SLOT_FILLING = Parts("rnnviz/ui/lesson_views/slot_filling.py",
                      computes=("rnnviz/learn/slot_filling.py", "rnnviz/data/slots.py"),
                      draws=("rnnviz/viz/slot_figures.py",), strings="sf_")
_GRADIENTS = Parts("rnnviz/ui/lesson_views/gradients.py", computes=("rnnviz/learn/gradients.py",),
                   draws=("rnnviz/viz/gradient_figures.py",), strings="grad_")
_WORKED_EXAMPLES = Parts("rnnviz/ui/lesson_views/worked_examples.py",
                         computes=("rnnviz/learn/recipes.py", "rnnviz/learn/memo.py"),
                         draws=("rnnviz/viz/training_figures.py",), strings="we_")
_DIGITS = Parts("rnnviz/ui/lesson_views/worked_examples.py",
                computes=("rnnviz/learn/recipes.py", "rnnviz/learn/memo.py", "rnnviz/data/digits.py"),
                draws=("rnnviz/viz/training_figures.py",), strings="we_")

_WEIGHT_NAMES = Parts("rnnviz/ui/lesson_views/weight_names.py", computes=("rnnviz/model/textbook.py",),
                      strings="wn_")

COMPARE = View("compare", _COMPARE)  # every preset of the lesson on the same input, one chart
EXPECTED_VALUES = View("expected_values", _EXPECTED)  # the course's published numbers beside the computed ones
API_SHAPES = View("api_shapes", _API_SHAPES)  # nn.RNN / LSTM / GRU arguments and the shape of every tensor
PARAM_COUNT = View("param_count", _PARAM_COUNT)  # parameters counted tensor by tensor, against torch and the course
ENCODINGS = View("encodings", _ENCODINGS)  # words as vectors: one-hot, with "other", letter trigrams
SLOT_FILLING = View("slot_filling", _SLOT_FILLING)  # a feed-forward tagger vs an RNN on slot filling
REPEATED_WEIGHT = View("repeated_weight", _GRADIENTS)  # w^(T-1) for the course's w
GRADIENT_FLOW = View("gradient_flow", _GRADIENTS)  # ||dL/dx_t|| through time, RNN vs LSTM vs GRU, by weight gain
LOSS_SURFACE = View("loss_surface", _GRADIENTS)  # the cliff, and descents with and without clipping
FORGET_BIAS = View("forget_bias", _GRADIENTS)  # the LSTM's gradient reach by forget-gate bias
GATE_BLOCKS = View("gate_blocks", _WEIGHT_NAMES)  # an LSTM's i, f, g, o rows, and its 4x a plain unit's parameters
UWV = View("uwv", _WEIGHT_NAMES)  # an Elman RNN's U, W, V as PyTorch's weight_ih, weight_hh and the Linear readout
POEM = View("poem", _WORKED_EXAMPLES)  # next character of the poem, RNN vs LSTM, trained on a press
MANY_TO_MANY = View("many_to_many", _WORKED_EXAMPLES)  # per-step vs whole-sequence prediction
DIGITS = View("digits", _DIGITS)  # 8x8 digits read pixel by pixel or row by row, LSTM vs RNN

VIEWS = (COMPARE, EXPECTED_VALUES, API_SHAPES, PARAM_COUNT, ENCODINGS, SLOT_FILLING, REPEATED_WEIGHT, GRADIENT_FLOW,
         LOSS_SURFACE, FORGET_BIAS, GATE_BLOCKS, UWV, POEM, MANY_TO_MANY, DIGITS)

# --- controls ----------------------------------------------------------------------------------------------------
_CONTROLS = Parts("rnnviz/ui/lesson_controls.py", strings="try_")

TRY_WEIGHTS = Control("weights", _CONTROLS)  # one number input per (label key, weight, index) in params["entries"]
TRY_LAYER = Control("layer", _CONTROLS)  # which layer and direction the diagram follows
TRY_SEQUENCE = Control("sequence", _CONTROLS)  # the input as a table to edit in place

CONTROLS = (TRY_WEIGHTS, TRY_LAYER, TRY_SEQUENCE)
