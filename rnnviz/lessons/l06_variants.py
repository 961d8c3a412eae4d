"""Course §4 variants: peephole connections, coupled gates and the GRU beside a standard LSTM.

Parts (rnnviz/lessons/views.py): COMPARE in rnnviz/ui/lesson_views/compare.py (strings compare_*), drawn by
rnnviz/viz/compare.py.
"""
from rnnviz.data.source import SequenceSource
from rnnviz.model.spec import ModelSpec

from .lesson import Guide, Lesson, Preset
from .views import COMPARE

INPUT = SequenceSource("generator", "square", 30, (("period", 10.0), ("amplitude", 1.0)))


def _preset(en, zh, spec):
    # The gates the notes talk about, then the state (those a cell lacks are left out of its chart).
    return Preset({"en": en, "zh": zh}, spec, INPUT, seed=1, units=(0, 1), quantities=("f", "i", "z", "c", "h"))


LESSON = Lesson(
    id="variants", number=6,
    title={"en": "6 · LSTM variants and the GRU", "zh": "6 · LSTM 变体与 GRU"},
    body={
        "en": "- **Peephole connections**: the gates also look at the cell: f and i see c_(t-1), o sees c_t.\n"
              "- **Coupled input and forget gates**: c_t = f_t c_(t-1) + (1 − f_t) g_t — forget only to write.\n"
              "- **GRU**: two gates, reset r and update z, and no separate cell: "
              "n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h_t = (1 − z) ⊙ n + z ⊙ h_(t-1). "
              "\"The old must go for the new to come in.\"\n\n"
              "All four read the same square wave.",
        "zh": "- **窥视孔连接**：门同时看细胞状态：f 和 i 看 c_(t-1)，o 看 c_t。\n"
              "- **耦合输入门与遗忘门**：c_t = f_t c_(t-1) + (1 − f_t) g_t——遗忘多少，就写入多少。\n"
              "- **GRU**：两个门（重置门 r、更新门 z），没有单独的细胞状态："
              "n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))，h_t = (1 − z) ⊙ n + z ⊙ h_(t-1)。“旧的不去，新的不来。”\n\n"
              "四个网络读取同一个方波。",
    },
    notice={
        "en": ["Coupled LSTM: the diagram shows i = 1 − f; the input-gate valve is always the forget valve's complement.",
               "Peephole LSTM: dashed links from the cell into the gates; Build shows the extra weight_ch_l0.",
               "GRU: z plays both roles — when z is near 1 the old h is kept and the new n barely enters.",
               "The parameter counts differ (1 input, 2 units): the LSTM has 4 blocks of weights, 40 parameters; "
               "the peephole LSTM the same 4 blocks plus 3 peephole vectors (weight_ch_l0), 46; the coupled LSTM "
               "drops the input gate's block, 3 blocks, 30; the GRU has 3 blocks (r, z, n), 30."],
        "zh": ["耦合 LSTM：结构图显示 i = 1 − f；输入门总是遗忘门的补数。",
               "窥视孔 LSTM：从细胞指向各个门的虚线；“搭建模型”页显示额外的 weight_ch_l0。",
               "GRU：z 一身二任——z 接近 1 时保留旧的 h，新的 n 几乎进不来。",
               "参数数量不同（1 个输入，2 个单元）：LSTM 有 4 个权重块，共 40 个参数；窥视孔 LSTM 同样 4 个块，"
               "另加 3 个窥视孔向量（weight_ch_l0），共 46 个；耦合 LSTM 去掉了输入门的块，3 个块，共 30 个；"
               "GRU 有 3 个块（r、z、n），共 30 个。"],
    },
    presets=(
        _preset("Standard LSTM", "标准 LSTM", ModelSpec("lstm", 1, 2)),
        _preset("LSTM with peepholes", "带窥视孔的 LSTM", ModelSpec("lstm", 1, 2, peephole=True)),
        _preset("LSTM with coupled gates", "耦合门 LSTM", ModelSpec("lstm", 1, 2, coupled=True)),
        _preset("GRU", "GRU", ModelSpec("gru", 1, 2)),
    ),
    preset_label="variant",
    # Coupled: i next to f; peephole: the cell the gates look at; GRU: z deciding between old h and new n.
    guide=(Guide(4, 2, ("i", "f")), Guide(4, 1, ("c_prev", "c")), Guide(4, 3, ("z", "n", "h_prev")),
           None),
    views=((COMPARE, {"quantity": "h", "unit": 0}),),
)
