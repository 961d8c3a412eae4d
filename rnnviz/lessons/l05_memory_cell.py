"""Course §4: the hand-wired LSTM memory cell (x2 = 1 writes x1, x2 = -1 resets, x3 = 1 reads).

Parts (rnnviz/lessons/views.py): EXPECTED_VALUES in rnnviz/ui/lesson_views/expected_values.py (strings expected_*);
TRY_WEIGHTS in rnnviz/ui/lesson_controls.py (strings try_*).
"""
import numpy as np

from rnnviz.data.source import SequenceSource
from rnnviz.model.spec import ModelSpec

from .lesson import Guide, Lesson, Preset, weights_from_blocks
from .views import EXPECTED_VALUES, TRY_WEIGHTS

# One unit; the cell input and the squashing of c are linear so the memory holds plain numbers.
SPEC = ModelSpec("lstm", 3, 1, cell_activation="identity", output_activation="identity")
# [w_x1, w_x2, w_x3, bias] per gate, exactly as the course writes them.
ROWS = {"i": [0, 100, 0, -10], "f": [0, 100, 0, 10], "g": [1, 0, 0, 0], "o": [0, 0, 100, -10]}
WEIGHTS = weights_from_blocks(SPEC, ROWS)
SHORT = [[3, 1, 0], [4, 1, 0], [2, 0, 0], [1, 0, 1], [3, -1, 0]]
X1 = [1, 3, 2, 4, 2, 1, 3, 6, 1]
X2 = [0, 1, 0, 1, 0, 0, -1, 1, 0]
X3 = [0, 0, 0, 0, 0, 1, 0, 0, 1]
LONG = [list(step) for step in zip(X1, X2, X3)]
# What the course says should appear (approximately: sigmoid(±10) is not exactly 0 or 1).
EXPECTED_SHORT = {"c": [[3], [7], [7], [7], [0]], "h": [[0], [0], [0], [7], [0]]}
EXPECTED_LONG = {"h": [[0], [0], [0], [0], [0], [7], [0], [0], [6]]}


def _preset(en, zh, rows, step):
    return Preset({"en": en, "zh": zh}, SPEC, SequenceSource("table", values=np.asarray(rows, np.float32)),
                  weights=WEIGHTS, step=step, quantities=("f", "i", "o", "c"))


LESSON = Lesson(
    id="memory-cell", number=5,
    title={"en": "5 · A hand-wired LSTM memory cell", "zh": "5 · 手工设置权重的 LSTM 记忆细胞"},
    body={
        "en": "Inputs x = [x1, x2, x3]. Wanted: when **x2 = 1** add x1 into memory; when **x2 = −1** reset the memory; "
              "when **x3 = 1** output the memory. One LSTM unit does it with these weights "
              "([w_x1, w_x2, w_x3, bias]), the cell input and the output squashing linear:\n\n"
              "| gate | weights |\n|---|---|\n| cell input g | [1, 0, 0, 0] |\n| input gate i | [0, 100, 0, −10] |\n"
              "| forget gate f | [0, 100, 0, 10] |\n| output gate o | [0, 0, 100, −10] |\n\n"
              "A gate's weight of 100 against a bias of ±10 makes it snap shut or open: σ(−10) ≈ 0.00005, σ(10) ≈ 0.99995.",
        "zh": "输入 x = [x1, x2, x3]。目标：当 **x2 = 1** 时把 x1 加入记忆；当 **x2 = −1** 时清空记忆；当 **x3 = 1** 时输出记忆。"
              "一个 LSTM 记忆细胞（一个隐藏单元）即可做到，权重如下（[w_x1, w_x2, w_x3, 偏置]），候选值与输出的激活函数都是线性的：\n\n"
              "| 门 | 权重 |\n|---|---|\n| 候选值 g | [1, 0, 0, 0] |\n| 输入门 i | [0, 100, 0, −10] |\n"
              "| 遗忘门 f | [0, 100, 0, 10] |\n| 输出门 o | [0, 0, 100, −10] |\n\n"
              "权重 100 配合 ±10 的偏置，让门几乎完全关闭或打开：σ(−10) ≈ 0.00005，σ(10) ≈ 0.99995。",
    },
    notice={
        "en": ["Step 0 → 1: the input gate valve opens (x2 = 1) and 3 is written; then 4 is added: memory 7.",
               "Step 2: x2 = 0 — the input gate closes, the forget gate stays open (f = 1 means *keep*): 7 stays.",
               "Step 3: x3 = 1 opens the output gate: h ≈ 7 is read out. Step 4: x2 = −1 shuts the forget gate: reset.",
               "In the long sequence the outputs ≈ 7 and ≈ 6 appear exactly at the two steps where x3 = 1.",
               "Change one weight beside the diagram (e.g. the forget bias b_f from 10 to −10): the memory leaks at "
               "once, and the tables below flag every number that now differs from the course."],
        "zh": ["第 0 → 1 步：输入门打开（x2 = 1），写入 3；接着加上 4：记忆为 7。",
               "第 2 步：x2 = 0——输入门关闭，遗忘门保持打开（f = 1 表示*保留*）：7 被保留。",
               "第 3 步：x3 = 1 打开输出门：读出 h ≈ 7。第 4 步：x2 = −1 关闭遗忘门：记忆清零。",
               "在长序列中，输出 ≈ 7 和 ≈ 6 正好出现在 x3 = 1 的两步。",
               "在结构图旁改一个权重（例如把遗忘门偏置 b_f 从 10 改为 −10）：记忆立刻就漏掉了，下方表格会标出所有与课程不同的数。"],
    },
    presets=(_preset("The worked sequence", "课程中的示例序列", SHORT, 3),
             _preset("The longer sequence (outputs ≈ 7 and ≈ 6)", "较长的序列（输出约为 7 和 6）", LONG, 5)),
    # One per notice item: the step and the gates or states it talks about.
    guide=(Guide(1, 0, ("i", "c")), Guide(2, 0, ("f", "c")), Guide(3, 0, ("o", "h")), Guide(5, 1, ("x", "h")), None),
    # The forget bias first: the lesson's own suggestion (10 -> -10) is one edit away.
    controls=((TRY_WEIGHTS, {"entries": (("try_bias_f", "bias_ih_l0", (1,)), ("try_bias_i", "bias_ih_l0", (0,)),
                                       ("try_bias_o", "bias_ih_l0", (3,)), ("try_bias_g", "bias_ih_l0", (2,)))}),),
    views=((EXPECTED_VALUES, {"expected": EXPECTED_SHORT, "preset": 0, "tolerance": 0.01}),
           (EXPECTED_VALUES, {"expected": EXPECTED_LONG, "preset": 1, "tolerance": 0.01})),
)
