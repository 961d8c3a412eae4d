"""Course §6, parameter counting: LSTM(6, 32) + Linear(32, 2) = 5,186, and why 4(n + 1)(m + n) is wrong.

Parts (rnnviz/lessons/views.py): PARAM_COUNT in rnnviz/ui/lesson_views/param_count.py (strings pc_*), counted by
rnnviz/model/counting.py.
"""
from rnnviz.data.source import SequenceSource
from rnnviz.model.spec import HeadSpec, ModelSpec

from .lesson import Lesson, Preset
from .views import PARAM_COUNT

# The course's per-step classifier (§7): 6 features, windows of 5 steps, LSTM(6, 32) + Linear(32, 2).
SPEC = ModelSpec("lstm", 6, 32, head=HeadSpec(2))
WINDOW = SequenceSource("generator", "random", 5, (("seed", 0), ("scale", 1.0)))
EXPECTED = {"lstm": 5120, "head": 66, "total": 5186, "course_formula": 5016}

LESSON = Lesson(
    id="counting", number=8,
    title={"en": "8 · Counting parameters", "zh": "8 · 计算参数数量"},
    body={
        "en": "One LSTM layer with input size m and n hidden units has four gate blocks (i, f, g, o), each with\n"
              "- n × m weights from the input (stacked: **weight_ih**, 4n × m),\n"
              "- n × n recurrent weights (**weight_hh**, 4n × n),\n"
              "- and in PyTorch **two** bias vectors, **bias_ih** and **bias_hh** (4n each).\n\n"
              "So 4(nm + n² + n + n) = **4n(m + n + 2)**. For the course's LSTM(6, 32): 4·32·40 = **5,120**; "
              "with the readout Linear(32, 2) (2·32 weights + 2 biases) the model has **5,186** parameters.\n\n"
              "A GRU has 3 blocks, an Elman RNN 1; a layer above the first reads D·n inputs, not m.",
        "zh": "一层输入维度为 m、隐藏单元为 n 的 LSTM 有四个门块（i、f、g、o），每块有\n"
              "- 来自输入的 n × m 个权重（堆叠为 **weight_ih**，4n × m），\n"
              "- n × n 个循环权重（**weight_hh**，4n × n），\n"
              "- 在 PyTorch 中还有**两个**偏置向量 **bias_ih** 和 **bias_hh**（各 4n 个）。\n\n"
              "所以共 4(nm + n² + n + n) = **4n(m + n + 2)**。课程中的 LSTM(6, 32)：4·32·40 = **5,120**；"
              "加上输出层 Linear(32, 2)（2·32 个权重 + 2 个偏置），模型共有 **5,186** 个参数。\n\n"
              "GRU 有 3 个块，Elman RNN 有 1 个；第一层之上的层读入 D·n 个输入，而不是 m 个。",
    },
    notice={
        "en": ["The two biases bias_ih and bias_hh are added together in every gate, so one of them is redundant "
               "mathematically — but torch stores and trains both, and the count includes both.",
               "The course's 4(n + 1)(m + n) = 5,016 is 104 short: it adds one number per input connection, "
               "4(m + n), where torch has two biases per unit, 8n.",
               "In the calculator, try m = n: the wrong formula then happens to give the right number — which is "
               "how such a mistake survives a quick check.",
               "Open Build: its parameter table and count lines show the same 5,186."],
        "zh": ["两个偏置 bias_ih 和 bias_hh 在每个门中相加，数学上有一个是多余的——但 torch 两个都存储、都训练，"
               "计数时两个都要算。",
               "课程的 4(n + 1)(m + n) = 5,016 少了 104：它为每个输入连接加一个数，即 4(m + n)；"
               "而 torch 每个单元有两个偏置，即 8n。",
               "在计算器中试试 m = n：这时错误的公式碰巧给出正确的数——这类错误就是这样躲过粗略检查的。",
               "打开“搭建模型”：参数表和计数公式给出同样的 5,186。"],
    },
    corrections={
        "en": "The course text gives one LSTM layer 4(n + 1)(m + n) parameters, which is 5,016 for LSTM(6, 32). "
              "That is not the count: torch's nn.LSTM(6, 32) has 4n(m + n + 2) = 5,120 (two bias vectors per "
              "gate block), and 5,186 with Linear(32, 2). The two formulas agree only when m = n.",
        "zh": "课程原文说一层 LSTM 有 4(n + 1)(m + n) 个参数，对 LSTM(6, 32) 即 5,016。这不是参数数量："
              "torch 的 nn.LSTM(6, 32) 有 4n(m + n + 2) = 5,120 个（每个门块两个偏置向量），加上 Linear(32, 2) "
              "共 5,186 个。两个公式只有在 m = n 时才一致。",
    },
    presets=(Preset({"en": "LSTM(6, 32) + Linear(32, 2) on a window of 5 steps",
                     "zh": "LSTM(6, 32) + Linear(32, 2)，读取 5 步的窗口"}, SPEC, WINDOW, units=(0, 1)),),
    views=((PARAM_COUNT, {"preset": 0}),),
)
