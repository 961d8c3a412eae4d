"""Course §2: the memory toy. Elman RNN, every weight 1, linear, no bias: order matters.

Parts (rnnviz/lessons/views.py): EXPECTED_VALUES in rnnviz/ui/lesson_views/expected_values.py (strings expected_*);
COMPARE in rnnviz/ui/lesson_views/compare.py (strings compare_*), drawn by rnnviz/viz/compare.py; TRY_SEQUENCE in rnnviz/ui/lesson_controls.py (strings try_*).
"""
from rnnviz.data.source import SequenceSource
from rnnviz.model.spec import HeadSpec, ModelSpec

from .lesson import Guide, Lesson, Preset
from .views import COMPARE, EXPECTED_VALUES, TRY_SEQUENCE

SPEC = ModelSpec("rnn", 2, 2, bias=False, nonlinearity="identity", head=HeadSpec(2, "identity", bias=False))
ONES = {"weight_ih_l0": [[1, 1], [1, 1]], "weight_hh_l0": [[1, 1], [1, 1]], "head.weight": [[1, 1], [1, 1]]}
COURSE_INPUT = [[1, 1], [1, 1], [2, 2]]
# The published table: hidden (stored in memory) and y at steps 1, 2, 3.
EXPECTED = {"h": [[2, 2], [6, 6], [16, 16]], "y": [[4, 4], [12, 12], [32, 32]]}
REORDERED = [[2, 2], [1, 1], [1, 1]]


def _preset(name_en, name_zh, rows):
    return Preset({"en": name_en, "zh": name_zh}, SPEC, SequenceSource("table", values=_array(rows)), weights=ONES,
                  units=(0, 1), quantities=("h", "y"))


def _array(rows):
    import numpy as np
    return np.asarray(rows, dtype=np.float32)


LESSON = Lesson(
    id="memory-toy", number=2,
    title={"en": "2 · The memory toy", "zh": "2 · 记忆的小例子"},
    body={
        "en": "Two inputs, two hidden units, two outputs; **every weight is 1**, the activations are linear and "
              "there is no bias. The hidden values are stored in memory and fed back at the next step "
              "(h_t = W_ih x_t + W_hh h_(t-1), y_t = W_y h_t). Memory starts at 0.\n\n"
              "| step | x | hidden (memory) | y |\n|---|---|---|---|\n"
              "| 1 | [1, 1] | [2, 2] | [4, 4] |\n| 2 | [1, 1] | [6, 6] | [12, 12] |\n| 3 | [2, 2] | [16, 16] | [32, 32] |",
        "zh": "两个输入、两个隐藏单元、两个输出；**所有权重都是 1**，激活函数为线性，没有偏置。隐藏层的值存入记忆，"
              "在下一步被送回（h_t = W_ih x_t + W_hh h_(t-1)，y_t = W_y h_t）。记忆初始为 0。\n\n"
              "| 步 | x | 隐藏（记忆） | y |\n|---|---|---|---|\n"
              "| 1 | [1, 1] | [2, 2] | [4, 4] |\n| 2 | [1, 1] | [6, 6] | [12, 12] |\n| 3 | [2, 2] | [16, 16] | [32, 32] |",
    },
    notice={
        "en": ["Step through: the diagram's h(t-1) is the memory; it starts at 0 and carries every earlier input. "
               "The course counts steps 1, 2, 3; the app counts t = 0, 1, 2, as PyTorch indexes a sequence.",
               "Open the second preset: the same three inputs in another order give other outputs — y ends at "
               "[44, 44] instead of [32, 32] (both orders are drawn below). The network is not a function of the "
               "current input alone.",
               "Edit the input in the table beside the diagram and predict y before you step."],
        "zh": ["逐步运行：结构图中的 h(t-1) 就是记忆；它从 0 开始，并携带之前所有的输入。"
               "课程把步数记为 1、2、3；本应用像 PyTorch 索引序列那样记为 t = 0、1、2。",
               "打开第二个预设：同样的三个输入换一个顺序，输出就不同——y 最后是 [44, 44] 而不是 [32, 32]"
               "（下方画出了两种顺序）。网络的输出不只取决于当前输入。",
               "在结构图旁的表格里修改输入，先预测 y 再逐步运行验证。"],
    },
    presets=(_preset("The course's order: [1,1], [1,1], [2,2]", "课程中的顺序：[1,1]、[1,1]、[2,2]", COURSE_INPUT),
             _preset("Reordered: [2,2], [1,1], [1,1]", "换个顺序：[2,2]、[1,1]、[1,1]", REORDERED)),
    # h(t-1), the memory, at the second step; the reordered input at its last step.
    guide=(Guide(1, 0, ("h_prev",)), Guide(2, 1, ("x", "h")), None),
    controls=((TRY_SEQUENCE, {}),),  # the input, to edit and predict y before stepping
    views=((EXPECTED_VALUES, {"expected": EXPECTED, "preset": 0}), (COMPARE, {"quantity": "h", "unit": 0})),
)
