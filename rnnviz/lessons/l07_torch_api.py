"""Course §6: nn.RNN / nn.LSTM / nn.GRU — the arguments, and the shape of every tensor in and out.

Parts (rnnviz/lessons/views.py): API_SHAPES in rnnviz/ui/lesson_views/api_shapes.py (strings api_*), measured by
rnnviz/model/shapes.py.
"""
from rnnviz.data.source import SequenceSource
from rnnviz.model.spec import ModelSpec

from .lesson import Guide, Lesson, Preset
from .views import API_SHAPES

# The course's example module, nn.LSTM(10, 20, 2), reading one sequence of 5 steps (L = 5).
COURSE_SPEC = ModelSpec("lstm", 10, 20, num_layers=2)
COURSE_INPUT = SequenceSource("generator", "random", 5, (("seed", 0), ("scale", 1.0)))
# The view's starting point: the course's example, input (5, 3, 10) = (L, N, H_in), batch_first=False.
COURSE_ARGS = {"kind": "lstm", "input_size": 10, "hidden_size": 20, "num_layers": 2, "batch_first": False,
               "bidirectional": False, "proj_size": 0, "batch": 3, "seq_len": 5}

LESSON = Lesson(
    id="torch-api", number=7,
    title={"en": "7 · PyTorch's API and shapes", "zh": "7 · PyTorch 的接口与张量形状"},
    body={
        "en": "`nn.RNN`, `nn.LSTM` and `nn.GRU` take **input_size, hidden_size, num_layers**, bias, "
              "**batch_first** (default False), dropout, **bidirectional**, and for the LSTM **proj_size**. "
              "Let D = 2 if bidirectional else 1, and H_out = proj_size if it is set, else hidden_size.\n\n"
              "| tensor | shape |\n|---|---|\n"
              "| input | (L, H_in) unbatched · (L, N, H_in) · (N, L, H_in) if batch_first |\n"
              "| h_0, h_n | (D·num_layers, N, H_out) |\n| c_0, c_n (LSTM) | (D·num_layers, N, hidden_size) |\n"
              "| output | (L, N, D·H_out) · (N, L, D·H_out) if batch_first |\n\n"
              "L is the sequence length, N the batch size. The course's example: `nn.LSTM(10, 20, 2)` with input "
              "(5, 3, 10) and h0, c0 (2, 3, 20) gives output (5, 3, 20) and h_n, c_n (2, 3, 20); "
              "output[-1] equals h_n[-1], the last layer at the last step. batch_first moves only input and "
              "output: h and c keep (layers, batch, size).\n\n"
              "A per-step (many-to-many) prediction applies the Linear head to every step of output; a sequence "
              "(many-to-one) prediction uses only the last step, `output[:, -1, :]` with batch_first=True.",
        "zh": "`nn.RNN`、`nn.LSTM` 和 `nn.GRU` 的参数有 **input_size、hidden_size、num_layers**、bias、"
              "**batch_first**（默认 False）、dropout、**bidirectional**，LSTM 还有 **proj_size**。"
              "设 D = 2（双向）或 1（单向），H_out = proj_size（若设置）否则为 hidden_size。\n\n"
              "| 张量 | 形状 |\n|---|---|\n"
              "| input | 无批量 (L, H_in) · (L, N, H_in) · batch_first 时 (N, L, H_in) |\n"
              "| h_0, h_n | (D·num_layers, N, H_out) |\n| c_0, c_n（LSTM） | (D·num_layers, N, hidden_size) |\n"
              "| output | (L, N, D·H_out) · batch_first 时 (N, L, D·H_out) |\n\n"
              "L 是序列长度，N 是批量大小。课程中的例子：`nn.LSTM(10, 20, 2)`，输入 (5, 3, 10)，h0、c0 为 (2, 3, 20)，"
              "得到 output (5, 3, 20)，h_n、c_n (2, 3, 20)；output[-1] 等于 h_n[-1]，即最后一层在最后一步的状态。"
              "batch_first 只改变 input 和 output 的维度顺序：h 和 c 仍是（层、批量、大小）。\n\n"
              "逐步预测（多对多）对 output 的每一步都接 Linear 输出层；整个序列的预测（多对一）只用最后一步，"
              "batch_first=True 时为 `output[:, -1, :]`。",
    },
    notice={
        "en": ["In the table below, the 5 of input (5, 3, 10) is L, the number of steps: the explorer above reads "
               "exactly that — 5 steps of 10 numbers (one sequence of the batch of 3).",
               "Tick batch_first: input and output swap their first two axes, h_n and c_n do not.",
               "Set proj_size (LSTM): h_n and output shrink to proj_size, c_n keeps hidden_size, and a weight_hr "
               "appears per layer; weight_hh now has proj_size columns.",
               "Tick bidirectional: output doubles its last axis, h_n its first. h_n[-1] is the reverse "
               "direction, which equals output at step 0, not at the last step.",
               "weight_ih_l1 has 20 (or 2·20) columns, not 10: layer 1 reads layer 0's h, not x.",
               "Copy the generated code into Python: it prints the same shapes."],
        "zh": ["在下方的表中，input (5, 3, 10) 中的 5 是 L，即步数：上方的逐步运行器正好读取 5 步、每步 10 个数"
               "（批量 3 个序列中的一个）。",
               "勾选 batch_first：input 和 output 的前两个维度交换，h_n 和 c_n 不变。",
               "设置 proj_size（LSTM）：h_n 和 output 缩小为 proj_size，c_n 仍为 hidden_size，每层多出一个 "
               "weight_hr；weight_hh 的列数变为 proj_size。",
               "勾选 bidirectional：output 的最后一维加倍，h_n 的第一维加倍。h_n[-1] 是反向部分，"
               "它等于第 0 步的 output，而不是最后一步的。",
               "weight_ih_l1 有 20（或 2·20）列而不是 10：第 1 层读的是第 0 层的 h，不是 x。",
               "把生成的代码复制到 Python 中运行：打印出的形状与此相同。"],
    },
    corrections={
        "en": "The course text calls the 5 in input (5, 3, 10) a batch size: with batch_first=False (the default) "
              "the first axis is the sequence length. Here L = 5 steps and N = 3 sequences in the batch.",
        "zh": "课程原文把输入 (5, 3, 10) 中的 5 称为批量大小（batch size）：在 batch_first=False（默认）时，"
              "第一个维度是序列长度。这里 L = 5 步，N = 3 是批量中的序列数。",
    },
    presets=(Preset({"en": "The course's nn.LSTM(10, 20, 2), one sequence of 5 steps",
                     "zh": "课程中的 nn.LSTM(10, 20, 2)，一个 5 步的序列"},
                    COURSE_SPEC, COURSE_INPUT, units=(0, 1)),),
    guide=(Guide(4, 0, ("x",)), None, None, None, None, None),  # the last of the 5 steps
    views=((API_SHAPES, COURSE_ARGS),),
)
