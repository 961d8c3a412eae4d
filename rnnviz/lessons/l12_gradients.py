"""Course §5: backpropagation through time, and why gradients vanish and explode (then clipping, the LSTM's cell,
the forget gate's bias).

Parts (rnnviz/lessons/views.py): REPEATED_WEIGHT, GRADIENT_FLOW, LOSS_SURFACE and FORGET_BIAS in
rnnviz/ui/lesson_views/gradients.py (strings grad_*), computed by rnnviz/learn/gradients.py, drawn by
rnnviz/viz/gradient_figures.py; TRY_WEIGHTS in rnnviz/ui/lesson_controls.py (strings try_*).
"""
from rnnviz.data.source import SequenceSource
from rnnviz.model.spec import ModelSpec

from .lesson import Guide, Lesson, Preset
from .views import FORGET_BIAS, GRADIENT_FLOW, LOSS_SURFACE, REPEATED_WEIGHT, TRY_WEIGHTS

STEPS = 1000
# One linear unit, no bias: h_t = w * h_(t-1) + 1 * x_t. Input 1 at step 1, then 0s: h at step 1000 is w^999.
SPEC = ModelSpec("rnn", 1, 1, nonlinearity="identity", bias=False)
IMPULSE = SequenceSource("generator", "impulse", STEPS, (("at", 0), ("height", 1.0)))
# What the course writes for w^999 (its own rounding); the REPEATED_WEIGHT view sets the exact values beside them.
COURSE = {"1": "1", "1.01": "≈ 20752", "0.99": "≈ 4.4e-5", "0.01": "≈ 0"}
# The gradient experiments: one random input, the same for every network.
NETS = {"steps": 100, "input_size": 4, "hidden_size": 16, "seed": 0}


def _unit(w: float) -> Preset:
    return Preset({"en": f"One linear unit, w = {w}", "zh": f"一个线性单元，w = {w}"}, SPEC, IMPULSE,
                  weights={"weight_ih_l0": [[1.0]], "weight_hh_l0": [[w]]}, step=STEPS - 1)


LESSON = Lesson(
    id="gradients", number=12,
    title={"en": "12 · Why gradients vanish and explode", "zh": "12 · 梯度为什么会消失和爆炸"},
    body={
        "en": "**Backpropagation through time (BPTT).** Unroll the network over the sequence: one copy of the cell "
              "per step, all sharing the same weights. The loss is a sum over steps (e.g. the cross-entropy at every "
              "step); its gradient flows back from each step through every earlier one, and the contributions to "
              "each shared weight are added up.\n\n"
              "**The same weight, again and again.** Going back one step multiplies the gradient by the recurrent "
              "weight (times the derivative of tanh, which is at most 1). Take one linear unit, input 1 at step 1 "
              "and 0 afterwards, recurrent weight w: the output at step 1000 is w⁹⁹⁹.\n\n"
              "| w | 1 | 1.01 | 0.99 | 0.01 |\n|---|---|---|---|---|\n"
              "| w⁹⁹⁹ | 1 | 20751.64 | 4.3607 × 10⁻⁵ | 10⁻¹⁹⁹⁸ |\n\n"
              "The course writes ≈ 20752, ≈ 4.4e-5 and ≈ 0: right, rounded. 10⁻¹⁹⁹⁸ is below the smallest number "
              "a float64 can hold (≈ 4.9 × 10⁻³²⁴), so a computer really gets 0. A change of w by 1 % changes the "
              "result 20 000-fold one way or 20 000-fold the other: the gradient through many steps either "
              "**vanishes** (the early steps stop learning) or **explodes** (one update throws the weights away).\n\n"
              "**The loss surface is rough**: flat plateaus where nothing moves and cliffs where the gradient is "
              "enormous. **Gradient clipping** rescales a gradient longer than a threshold down to that length "
              "(torch.nn.utils.clip_grad_norm_): the direction is kept, the jump is not.\n\n"
              "**The LSTM fixes vanishing**: its cell is *added to*, c_t = f_t ⊙ c_(t-1) + i_t ⊙ g_t, so going back "
              "one step along the cell multiplies the gradient by the forget gate f only — no weight matrix, no "
              "squashing. While f stays near 1 the gradient survives. That is why forget gates are initialised "
              "mostly open (a positive forget bias). It does **not** fix exploding: the gates and h still pass "
              "through weights, so LSTMs are trained with clipping too. The **GRU** ties input and forget gates: "
              "h_t = (1 − z) ⊙ n + z ⊙ h_(t-1), one z decides both what is kept and what is written.\n\n"
              "Below, every number is computed: the recurrence is run, and gradients come from autograd. The gradient "
              "plots measure ‖∂L/∂x_t‖, how much the *input* at step t can still change a loss at the last step: the "
              "same question for every cell kind (for an LSTM, ∂L/∂h_t alone would leave out the cell).",
        "zh": "**随时间反向传播（BPTT）。** 把网络沿序列展开：每一步一份网络的副本，所有副本共享同一组权重。损失是各步之和"
              "（例如每一步的交叉熵）；梯度从每一步出发，穿过之前的每一步传回去，每个共享权重得到的各份贡献相加。\n\n"
              "**同一个权重，一遍又一遍。** 每往回传一步，梯度就乘上一次循环权重（再乘上 tanh 的导数，它不超过 1）。"
              "取一个线性单元，第 1 步输入 1、之后输入 0，循环权重为 w：第 1000 步的输出是 w⁹⁹⁹。\n\n"
              "| w | 1 | 1.01 | 0.99 | 0.01 |\n|---|---|---|---|---|\n"
              "| w⁹⁹⁹ | 1 | 20751.64 | 4.3607 × 10⁻⁵ | 10⁻¹⁹⁹⁸ |\n\n"
              "课程写的是 ≈ 20752、≈ 4.4e-5 和 ≈ 0：四舍五入后是对的。10⁻¹⁹⁹⁸ 比 float64 能表示的最小数"
              "（≈ 4.9 × 10⁻³²⁴）还小，所以计算机得到的确实是 0。w 只变化 1%，结果就相差 2 万倍（往大或往小）："
              "穿过许多步的梯度要么**消失**（前面的步学不到东西），要么**爆炸**（一次更新就把权重甩飞）。\n\n"
              "**损失曲面很崎岖**：有梯度几乎为零、参数动不了的平原，也有梯度巨大的悬崖。**梯度裁剪**把长度超过阈值的"
              "梯度按比例缩短到阈值（torch.nn.utils.clip_grad_norm_）：方向不变，但不再猛跳。\n\n"
              "**LSTM 解决了梯度消失**：细胞是*累加*的，c_t = f_t ⊙ c_(t-1) + i_t ⊙ g_t，沿细胞往回传一步，梯度只乘上"
              "遗忘门 f——没有权重矩阵，也没有压缩函数。只要 f 接近 1，梯度就能保留下来。所以遗忘门通常初始化为"
              "基本打开（正的遗忘门偏置）。但它**没有**解决梯度爆炸：门和 h 仍要经过权重，所以训练 LSTM 时同样要裁剪梯度。"
              "**GRU** 把输入门和遗忘门绑在一起：h_t = (1 − z) ⊙ n + z ⊙ h_(t-1)，一个 z 同时决定保留多少旧的、写入多少新的。\n\n"
              "下面每个数都是算出来的：递推真正运行，梯度由自动求导得到。梯度图测量的是 ‖∂L/∂x_t‖，即第 t 步的*输入*还能在多大"
              "程度上改变最后一步的损失：对每种循环网络都是同一个问题（对 LSTM 而言，只看 ∂L/∂h_t 会漏掉细胞这条路径）。",
    },
    notice={
        "en": ["Part 1: press w = 1.01 and w = 0.99. The two lines leave 1 in opposite directions and end about "
               "5 × 10⁸ apart (20751.6 vs 0.0000436); w = 0.01 reads exactly 0 from step 163 on in float64.",
               "The explorer above steps the same unit: go to the last step and read h. Change w beside it and watch h.",
               "Part 2, default initialisation: the Elman RNN's gradient at step 1 is about 10⁻²⁵ of its value at the "
               "last step. The default LSTM vanishes too (its forget gates start near 0.5); with forget bias +2 it "
               "keeps about 10⁻², some 10¹⁷ times more.",
               "Part 2, recurrent weights × 4: now the RNN's gradient grows going back (about 10⁶ at step 1): it "
               "explodes. The LSTM with open forget gates now grows going back as well (step 1 ÷ last ≈ 3.6): nothing "
               "in the cell stops growth, so the LSTM does not fix exploding and is clipped too.",
               "Part 3: both descents creep down the same plateau; at the cliff the unclipped one takes a step about "
               "160 long and lands on a flat plateau it never leaves (loss stuck at 0.25). The clipped one steps "
               "at most lr × threshold and walks into the valley (loss ≈ 3 × 10⁻¹¹).",
               "Part 4: forget bias 0 → +1 → +3 takes the LSTM's gradient reach from about 10⁻²¹ to 10⁻⁹ to 10⁻¹."],
        "zh": ["第 1 部分：点 w = 1.01 和 w = 0.99。两条线从 1 出发、方向相反，最后相差约 5 × 10⁸ 倍（20751.6 对 0.0000436）；"
               "w = 0.01 在 float64 下从第 163 步起恰好为 0。",
               "上方的逐步运行器运行的就是这个单元：跳到最后一步看 h。在它旁边修改 w，再观察 h。",
               "第 2 部分，默认初始化：Elman RNN 在第 1 步的梯度约为最后一步的 10⁻²⁵。默认初始化的 LSTM 也会消失"
               "（遗忘门一开始约为 0.5）；遗忘门偏置为 +2 时约保留 10⁻²，多了约 10¹⁷ 倍。",
               "第 2 部分，循环权重 × 4：RNN 的梯度越往回越大（第 1 步约 10⁶）：梯度爆炸。遗忘门打开的 LSTM 也变成越往回越大"
               "（第 1 步 ÷ 最后一步 ≈ 3.6）：细胞里没有任何东西阻止增长，所以 LSTM 解决不了梯度爆炸，同样需要裁剪。",
               "第 3 部分：两次梯度下降沿同一片平原慢慢往下走；到了悬崖，不裁剪的那次一步跨出约 160，落到一片平原上再也"
               "回不来（损失停在 0.25）。裁剪的那次每步最多走 学习率 × 阈值，走进了山谷（损失 ≈ 3 × 10⁻¹¹）。",
               "第 4 部分：遗忘门偏置从 0 → +1 → +3，LSTM 梯度的传播距离从约 10⁻²¹ 到 10⁻⁹ 再到 10⁻¹。"],
    },
    presets=(_unit(1.01), _unit(0.99), _unit(1.0), _unit(0.01)),
    # w up to ±1.05: 1.05⁹⁹⁹ ≈ 1.5 × 10²¹ still fits a float32 (1.1⁹⁹⁹ would not).
    controls=((TRY_WEIGHTS, {"entries": (("try_w", "weight_hh_l0", (0, 0)),), "range": (-1.05, 1.05), "step": 0.01,
                           "format": "%.4f"}),),
    guide=(None, Guide(STEPS - 1, 0, ("h",)), None, None, None, None),
    views=(
        (REPEATED_WEIGHT, {"steps": STEPS, "course": COURSE}),
        (GRADIENT_FLOW, {**NETS, "open_bias": 2.0, "gains": (0.5, 1.0, 2.0, 3.0, 4.0, 6.0)}),
        (LOSS_SURFACE, {"w_range": (0.0, 4.0), "u_range": (-2.0, 2.0), "resolution": 100, "start": (2.5, 0.75),
                          "lr": 0.3, "clip": 1.0, "descent_steps": 200}),
        (FORGET_BIAS, {**NETS, "biases": (0.0, 1.0, 3.0)}),
    ),
)
