"""Course §4: the LSTM, one gate at a time: forget, input and candidate, the cell update, output; 4x the parameters.

Parts (rnnviz/lessons/views.py): GATE_BLOCKS in rnnviz/ui/lesson_views/weight_names.py (strings wn_*), computed by
rnnviz/model/textbook.py.
"""
import numpy as np

from rnnviz.data.source import SequenceSource
from rnnviz.model.spec import ModelSpec

from .lesson import Guide, Lesson, Preset, weights_from_blocks
from .views import GATE_BLOCKS

# One unit of a real LSTM (tanh for g and for c in h), reading x = [value, write, erase, read]. Each gate listens to
# one input: write opens i, erase closes f, read opens o; a weight of 6 against a bias of -3 or +3 swings a gate
# between σ(-3) ≈ 0.047 and σ(3) ≈ 0.953, so each gate is visibly open or shut, never exactly.
SPEC = ModelSpec("lstm", 4, 1)
ROWS = {"i": [0, 6, 0, 0, -3], "f": [0, 0, -6, 0, 3], "g": [2, 0, 0, 0, 0], "o": [0, 0, 0, 6, -3]}
WEIGHTS = weights_from_blocks(SPEC, ROWS)
# write 0.5 · keep · read · erase · write −0.8 · keep · read · keep
SEQUENCE = [[0.5, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0],
            [-0.8, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]]
# The steps each "What to notice" item talks about (tests/lessons/test_lstm_gates.py reads the numbers there).
WRITE, KEEP, READ, ERASE, READ_AGAIN = 0, 1, 2, 3, 6


LESSON = Lesson(
    id="lstm-gates", number=4,
    title={"en": "4 · The LSTM, one gate at a time", "zh": "4 · LSTM：一次认识一个门"},
    body={
        "en": "An LSTM unit keeps a **cell state c**, a memory that is only ever scaled and added to, and three "
              "**gates** that decide what happens to it. A gate is a sigmoid, a number between 0 and 1 that "
              "multiplies something: 1 lets it through, 0 stops it.\n\n"
              "- **forget gate f**: how much of the old memory c(t−1) to keep. **f = 1 means keep**, 0 means erase.\n"
              "- **input gate i** and **candidate g**: g = tanh(…) is what could be written, i how much of it is.\n"
              "- **cell update**: c(t) = f · c(t−1) + i · g. Nothing else ever touches c.\n"
              "- **output gate o**: how much of the memory to show: h(t) = o · tanh(c(t)).\n\n"
              "Every gate reads both the input x_t and the last output h(t−1), with a weight matrix on each and "
              "two biases: the equations in PyTorch's notation, which the course uses too, are written out in "
              "full below the explorer. PyTorch stores the four gates' rows stacked in **weight_ih_l0** "
              "(4H × input) and **weight_hh_l0** (4H × H), in the order **i, f, g, o**.\n\n"
              "The network above has **one unit** and reads x = [value, write, erase, read]: each gate listens to "
              "one input (write opens i, erase shuts f, read opens o), and g = tanh(2 · value). Step through it, "
              "or follow the items below: each one shows one gate at work.",
        "zh": "LSTM 单元保存一个**细胞状态 c**：一份只会被缩放、被加上新内容的记忆；另有三个**门**决定它的去留。门是一个 "
              "sigmoid，取值在 0 和 1 之间，乘在某个量上：1 表示放行，0 表示拦住。\n\n"
              "- **遗忘门 f**：旧记忆 c(t−1) 保留多少。**f = 1 表示保留**，0 表示清除。\n"
              "- **输入门 i** 与**候选值 g**：g = tanh(…) 是可以写入的内容，i 决定写入多少。\n"
              "- **细胞更新**：c(t) = f · c(t−1) + i · g。除此之外没有任何东西改动 c。\n"
              "- **输出门 o**：把多少记忆显示出来：h(t) = o · tanh(c(t))。\n\n"
              "每个门都读取输入 x_t 和上一步的输出 h(t−1)，两者各乘一个权重矩阵，另有两个偏置：用 PyTorch 的写法"
              "（课程也用这种写法）完整写出的公式在逐步运行器下方。PyTorch 把四个门的行按 **i、f、g、o** 的顺序叠放在 "
              "**weight_ih_l0**（4H × 输入）和 **weight_hh_l0**（4H × H）中。\n\n"
              "上方的网络只有**一个单元**，读取 x = [值, 写, 清除, 读]：每个门只听一个输入（“写”打开 i，“清除”关闭 f，"
              "“读”打开 o），而 g = tanh(2 · 值)。可以逐步运行，也可以按下面各条查看：每一条展示一个门的作用。",
    },
    notice={
        "en": ["**Input gate and candidate** (step 0): write = 1 opens i to 0.953 and value 0.5 gives g = tanh(1) "
               "= 0.762, so c goes from 0 to 0.725.",
               "**Forget gate, keeping** (step 1): nothing is written (i = 0.047, g = 0) and f = 0.953 keeps the "
               "memory: c = 0.953 · 0.725 = 0.691. f = 1 would keep it exactly; 0.953 leaks a little every step.",
               "**Output gate** (step 2): read = 1 opens o to 0.953 and h = 0.953 · tanh(0.658) = 0.550. "
               "At the other steps o = 0.047 and h stays near 0 although the memory is full.",
               "**Forget gate, erasing** (step 3): erase = 1 shuts f to 0.047: c falls from 0.658 to 0.031.",
               "**All four together** (steps 4–6): write −0.8 (c = −0.848), keep it, and read it at step 6: "
               "h = −0.616.",
               "**4 inputs, 4× the parameters**: a plain unit has one input, an LSTM unit has four (g and the "
               "three gate controls), each with its own weights on x and h. The table below counts them for the "
               "model on screen; change the model on the Build page and come back."],
        "zh": ["**输入门与候选值**（第 0 步）：“写” = 1 把 i 打开到 0.953，值 0.5 给出 g = tanh(1) = 0.762，"
               "于是 c 从 0 变为 0.725。",
               "**遗忘门：保留**（第 1 步）：没有写入（i = 0.047，g = 0），f = 0.953 保留了记忆："
               "c = 0.953 · 0.725 = 0.691。f = 1 会完整保留；0.953 每一步都会漏掉一点。",
               "**输出门**（第 2 步）：“读” = 1 把 o 打开到 0.953，h = 0.953 · tanh(0.658) = 0.550。"
               "其他各步 o = 0.047，即使记忆是满的，h 也接近 0。",
               "**遗忘门：清除**（第 3 步）：“清除” = 1 把 f 关到 0.047：c 从 0.658 降到 0.031。",
               "**四者合作**（第 4–6 步）：写入 −0.8（c = −0.848），保留，在第 6 步读出：h = −0.616。",
               "**4 个输入，4 倍的参数**：普通单元只有一个输入，LSTM 单元有四个（g 和三个门的控制），每一个都有自己"
               "作用于 x 和 h 的权重。下表为当前的模型计算参数个数；可以在“搭建模型”页改变模型后再回来看。"],
    },
    presets=(Preset({"en": "One LSTM unit: write, keep, read, erase", "zh": "一个 LSTM 单元：写、保留、读、清除"},
                    SPEC, SequenceSource("table", values=np.asarray(SEQUENCE, np.float32)), weights=WEIGHTS,
                    quantities=("f", "i", "o", "c")),),  # g and h read in the diagram: 4 rows fit a projector
    guide=(Guide(WRITE, 0, ("i", "g", "c")), Guide(KEEP, 0, ("f", "c", "c_prev")), Guide(READ, 0, ("o", "h")),
           Guide(ERASE, 0, ("f", "c")), Guide(READ_AGAIN, 0, ("o", "h", "c")), None),
    views=((GATE_BLOCKS, {"preset": 0}),),
)
