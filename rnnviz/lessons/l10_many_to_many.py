"""Course §6-§7: per-step (many-to-many) vs whole-sequence (many-to-one) prediction, LSTM(6, 32) + Linear(32, 2).

Parts (rnnviz/lessons/views.py): MANY_TO_MANY in rnnviz/ui/lesson_views/worked_examples.py (strings we_*), trained
by rnnviz/learn/recipes.py (shared between sessions by rnnviz/learn/memo.py), drawn by
rnnviz/viz/training_figures.py.
"""
from rnnviz.data.source import SequenceSource
from rnnviz.learn.recipes import running_sum_data, running_sum_spec

from .lesson import Lesson, Preset
from .views import MANY_TO_MANY

_EXAMPLE = running_sum_data(1, seed=7)

LESSON = Lesson(
    id="many-to-many", number=10,
    title={"en": "10 · Per-step vs whole-sequence prediction", "zh": "10 · 逐步预测与整序列预测"},
    body={
        "en": "The course's per-step binary classifier: windows of **5 steps with 6 features** each, an "
              "LSTM(6, 32) and a Linear(32, 2) applied at **every** step, Adam lr 0.05, gradient norm clipped at "
              "1.0, cross-entropy at every step. The course gives no data, so this app generates some "
              "(deterministically, from a seed):\n\n"
              "- the 6 features are random numbers (standard normal);\n"
              "- the label at step t is 1 when **feature 0 summed over steps 0…t is positive**, else 0;\n"
              "- features 1–5 are noise the network must learn to ignore.\n\n"
              "The label cannot be read off the current step: it needs the sum so far, i.e. memory. That is "
              "**many-to-many**: one output per input step; y has shape (batch, 5, 2).\n\n"
              "The **many-to-one** version asks one question per window: is the **total** of feature 0 positive? "
              "Same LSTM, but the Linear layer reads only the last step's output, output[:, -1, :] (course §6); "
              "in rnnviz that is HeadSpec(2, \"softmax\", every_step=False), and y has shape (batch, 1, 2) (torch's "
              "linear(output[:, -1, :]) gives (batch, 2)). Its label is exactly the per-step label at the last "
              "step, so the two models can be compared on the same question.",
        "zh": "课程中的逐步二分类器：每个窗口 **5 步、每步 6 个特征**，一个 LSTM(6, 32)，在**每一步**都接一个 "
              "Linear(32, 2)，Adam 学习率 0.05，梯度范数裁剪到 1.0，每一步都计算交叉熵。课程没有给出数据，所以本应用"
              "自己生成（由随机种子确定）：\n\n"
              "- 6 个特征是随机数（标准正态分布）；\n"
              "- 第 t 步的标签为 1，当且仅当**特征 0 在第 0…t 步的累计和为正**，否则为 0；\n"
              "- 特征 1–5 是噪声，网络要学会忽略它们。\n\n"
              "标签无法只从当前这一步读出：它需要到目前为止的累计和，也就是记忆。这就是**多对多**：每个输入步一个输出；"
              "y 的形状为 (batch, 5, 2)。\n\n"
              "**多对一**版本对每个窗口只问一个问题：特征 0 的**总和**是否为正？LSTM 相同，但线性层只读取最后一步的"
              "输出 output[:, -1, :]（课程第 6 节）；在 rnnviz 中就是 HeadSpec(2, \"softmax\", every_step=False)，y 的形状为 "
              "(batch, 1, 2)（torch 的 linear(output[:, -1, :]) 得到 (batch, 2)）。它的标签恰好是逐步标签在最后一步的值，"
              "所以两个模型可以在同一个问题上比较。",
    },
    notice={
        "en": ["In our runs (seeds 0–2, 10 epochs, 500 held-out windows) the per-step model is right at about "
               "97.6–98 % of all steps, the whole-sequence model at about 94.6–95.6 % of windows.",
               "On the very same question (the last step), the per-step model does better: about 96.6–98.2 %. "
               "It was told the answer at every step, so it was pushed to keep a running sum from the start; the "
               "many-to-one model gets one label per window and must discover that on its own.",
               "Its mistakes are windows whose sum is close to 0: one small number decides the sign.",
               "The explorer opens with an untrained LSTM(6, 32) on one generated window; after training, “Show it "
               "in the explorer above” loads the trained per-step model and the window you picked, and y shows "
               "P(negative), P(positive) at every step."],
        "zh": ["在我们的运行中（随机种子 0–2，训练 10 轮，500 个留出窗口），逐步模型在约 97.6–98% 的步上正确，整序列模型"
               "在约 94.6–95.6% 的窗口上正确。",
               "在完全相同的问题上（最后一步），逐步模型更好：约 96.6–98.2%。它在每一步都被告知答案，因此从一开始就被"
               "推动去维护累计和；多对一模型每个窗口只有一个标签，必须自己发现这一点。",
               "它出错的窗口，总和都接近 0：一个很小的数就决定了正负。",
               "逐步运行器打开时是一个未训练的 LSTM(6, 32) 读一个生成的窗口；训练之后，点击“在上方的逐步运行器中查看”会载入训练好的"
               "逐步模型和你选中的窗口，y 显示每一步的 P(负)、P(正)。"],
    },
    presets=(Preset({"en": "Untrained LSTM(6, 32) + Linear(32, 2) at every step, one generated window",
                     "zh": "未训练的 LSTM(6, 32) + 每步的 Linear(32, 2)，一个生成的窗口"},
                    running_sum_spec("per_step"), SequenceSource("table", values=_EXAMPLE.x[0].copy()), seed=0,
                    units=(0, 1, 2, 3)),),
    views=((MANY_TO_MANY, {"epochs": 10, "seed": 0}),),
)
