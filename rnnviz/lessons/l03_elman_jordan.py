"""Course §3: Elman vs Jordan, deep and bidirectional RNNs on the same input.

Parts (rnnviz/lessons/views.py): COMPARE in rnnviz/ui/lesson_views/compare.py (strings compare_*), drawn by
rnnviz/viz/compare.py; UWV in rnnviz/ui/lesson_views/weight_names.py (strings wn_*), computed by
rnnviz/model/textbook.py; TRY_LAYER in rnnviz/ui/lesson_controls.py (strings try_*).
"""
from rnnviz.data.source import SequenceSource
from rnnviz.model.spec import HeadSpec, ModelSpec

from .lesson import Guide, Lesson, Preset
from .views import COMPARE, TRY_LAYER, UWV

INPUT = SequenceSource("generator", "impulse", 16, (("at", 2), ("height", 1.0)))


def _preset(en, zh, spec):
    return Preset({"en": en, "zh": zh}, spec, INPUT, seed=3, units=(0, 1, 2))


LESSON = Lesson(
    id="elman-jordan", number=3,
    title={"en": "3 · Elman vs Jordan, deep and bidirectional", "zh": "3 · Elman 与 Jordan、深层与双向 RNN"},
    body={
        "en": "- **Elman**: h_t = σ_h(W_h x_t + U_h **h_(t-1)**), y_t = σ_y(W_y h_t) — the hidden state is fed back.\n"
              "- **Jordan**: h_t = σ_h(W_h x_t + U_h **y_(t-1)**), y_t = σ_y(W_y h_t) — the *output* is fed back.\n"
              "- **Deep**: layer k's hidden sequence is layer k+1's input.\n"
              "- **Bidirectional**: one RNN reads forward, one backward; the output at t sees both halves.\n\n"
              "All four read the same input: a single impulse at step 2; none has a bias, so each stays at 0 "
              "until the impulse reaches it.",
        "zh": "- **Elman**：h_t = σ_h(W_h x_t + U_h **h_(t-1)**)，y_t = σ_y(W_y h_t)——反馈的是隐藏状态。\n"
              "- **Jordan**：h_t = σ_h(W_h x_t + U_h **y_(t-1)**)，y_t = σ_y(W_y h_t)——反馈的是*输出*。\n"
              "- **深层**：第 k 层的隐藏序列是第 k+1 层的输入。\n"
              "- **双向**：一个 RNN 正向读，一个反向读；第 t 步的输出同时看到前后两半。\n\n"
              "四个网络读取同一个输入：第 2 步的一个脉冲；它们都没有偏置，所以在脉冲到达之前都保持为 0。",
    },
    notice={
        "en": ["In the comparison below, the unidirectional networks are silent before step 2 and echo after it.",
               "The bidirectional network's reverse direction reacts *before* step 2: it read the sequence from the end.",
               "Jordan's recurrent weights multiply y(t-1): in Build, weight_hh_l0 has one column per output.",
               "Switch presets to see each one's diagram; in the deep network choose layer 1 to see what layer 0 feeds it.",
               "Mind the letters: the Elman formula above calls the input weights W_h and the recurrent ones U_h, "
               "while the table at the bottom uses the other common naming, U = weight_ih (input) and W = weight_hh "
               "(recurrent). The tensors are what count: weight_ih multiplies x, weight_hh multiplies h(t-1)."],
        "zh": ["在下方的对比中，单向网络在第 2 步之前没有反应，之后出现回响。",
               "双向网络的反向部分在第 2 步*之前*就有反应：它是从序列末尾读起的。",
               "Jordan 的循环权重乘的是 y(t-1)：在“搭建模型”中，weight_hh_l0 每一列对应一个输出。",
               "切换预设查看各自的结构图；在深层网络中选择第 1 层，看看第 0 层给它的输入。",
               "注意字母：上面的 Elman 公式把输入权重叫 W_h、循环权重叫 U_h，而页面底部的表用另一种常见叫法："
               "U = weight_ih（输入）、W = weight_hh（循环）。以张量为准：weight_ih 乘 x，weight_hh 乘 h(t-1)。"],
    },
    presets=(
        # No biases, so every network is exactly 0 until the impulse reaches it (tanh(0) = 0).
        _preset("Elman RNN", "Elman RNN", ModelSpec("rnn", 1, 3, bias=False)),
        _preset("Jordan RNN (feeds back y)", "Jordan RNN（反馈 y）",
                ModelSpec("jordan", 1, 3, bias=False, head=HeadSpec(2, bias=False))),
        _preset("Deep: 2 stacked Elman layers", "深层：两层 Elman", ModelSpec("rnn", 1, 3, num_layers=2, bias=False)),
        _preset("Bidirectional Elman", "双向 Elman", ModelSpec("rnn", 1, 3, bidirectional=True, bias=False)),
    ),
    # The impulse at step 2 in Elman; the bidirectional's reverse half before it; Jordan's fed-back y.
    guide=(Guide(2, 0, ("x", "h")), Guide(1, 3, ("h",), direction=1), Guide(3, 1, ("y_prev",)),
           Guide(2, 2, ("x", "h"), layer=1), None),
    controls=((TRY_LAYER, {}),),
    views=((COMPARE, {"quantity": "h", "unit": 0}), (UWV, {"preset": 0})),
)
