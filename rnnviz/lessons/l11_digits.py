"""Course §7: an image read as a sequence, pixel by pixel (64 steps) or row by row (8); LSTM vs vanilla RNN, on the
8x8 digits the app ships.

Parts (rnnviz/lessons/views.py): DIGITS in rnnviz/ui/lesson_views/worked_examples.py (strings we_*), trained by
rnnviz/learn/recipes.py (shared between sessions by rnnviz/learn/memo.py) on rnnviz/data/digits.py, drawn by
rnnviz/viz/training_figures.py.

The accuracies the text quotes are MEASURED below, for SETTINGS (a reading and a rnnviz/learn/train.py
TrainConfig each): benchmarks/measure_digits.py measures them (seeds 0-4) and prints them beside its own run;
tests/lessons/test_digits.py holds the text to them, trains seed 0 of each, and checks every other number the
text states.
"""
from rnnviz.data.digits import train_test_split
from rnnviz.data.source import SequenceSource
from rnnviz.learn.recipes import DIGITS_CONFIGS, digits_sequences, digits_spec
from rnnviz.learn.train import TrainConfig

from .lesson import Guide, Lesson, Preset
from .views import DIGITS

_, _, _X_TEST, _ = train_test_split()

# The settings the text quotes: name -> (reading, how it trains). The first two are what the view trains, one per
# preset; the other two are the text's controls (the pixel way of training on rows; a gentler one on pixels).
SETTINGS = {
    "pixels": ("pixels", DIGITS_CONFIGS["pixels"]),
    "rows": ("rows", DIGITS_CONFIGS["rows"]),
    "rows, trained as pixels": ("rows", DIGITS_CONFIGS["pixels"]),
    "pixels, gentler": ("pixels", TrainConfig(epochs=30, lr=0.005, batch_size=64, clip=1.0, loss="cross_entropy")),
}
# Test digits right, out of the 450 held out, for seeds 0-4: (setting, cell) -> one count per seed.
MEASURED = {
    ("pixels", "lstm"): (404, 408, 425, 401, 399),
    ("pixels", "rnn"): (48, 107, 53, 53, 114),
    ("rows", "lstm"): (421, 438, 432, 418, 432),
    ("rows", "rnn"): (434, 386, 423, 435, 424),
    ("rows, trained as pixels", "rnn"): (444, 437, 442, 440, 422),
    ("pixels, gentler", "rnn"): (343, 373, 307, 379, 357),
}
TEST_DIGITS = 450
PROBE_DIGITS = 20  # the text's gradient and saturation figures are measured on the first 20 test digits


def _preset(name: dict, reading: str) -> Preset:
    return Preset(name, digits_spec("lstm", reading),
                  SequenceSource("table", values=digits_sequences(_X_TEST[:1], reading)[0].copy()), seed=0,
                  units=(0, 1, 2, 3))


LESSON = Lesson(
    id="digits", number=11,
    title={"en": "11 · Reading an image as a sequence", "zh": "11 · 把一张图当作序列来读"},
    body={
        "en": "A picture is not a sequence, but it can be read as one. This lesson reads the **8 × 8 digits that ship "
              "with the app** (1,797 handwritten digits, 0–9) in two ways: **pixel by pixel**, 64 steps of one value "
              "(row 0 from left to right, then row 1, …), or **row by row**, 8 steps of 8 pixels. The network "
              "updates its state at every step; only after the last step does a Linear layer turn h into ten "
              "scores, one per digit (many-to-one: output[:, -1, :]).\n\n"
              "The course reads 28 × 28 MNIST digits row by row: 28 steps of 28 pixels, LSTM(28, 64) + "
              "Linear(64, 10), Adam lr 0.01, minibatches of 64, one epoch; and it adds that “with nn.RNN it hardly "
              "learns”. MNIST would have to be downloaded, and the 8 × 8 digits read row by row are only 8 steps "
              "long: there the vanilla RNN learns about as well as the LSTM (the second preset). Read pixel by "
              "pixel, the same images are 64 steps long, and the course's contrast appears (the first preset).\n\n"
              "**Why the length decides it.** The answer is read at the last step. What tells the network how the "
              "first pixel mattered is the gradient, carried back from the answer one step at a time, and every "
              "step back multiplies it by the recurrent Jacobian: the recurrent weights times the derivative of "
              "tanh (lesson 12). Over 7 steps that product stays usable; over 63 it fades or explodes. Untrained, "
              "both networks pass back to the first pixel between 10⁻¹³ and 10⁻¹² of what the last pixel gets (row "
              "by row, to the first row: 0.03–0.05). To learn from the early pixels, training has to open that "
              "path:\n"
              "- The **LSTM** has a path made for it: its cell is added to, c_t = f_t ⊙ c_(t−1) + i_t ⊙ g_t, and "
              "going back along it multiplies only by the forget gate. Trained, its first pixel gets about 0.6 of "
              "what the last one gets.\n"
              "- The **vanilla RNN** has only W_hh and tanh. Its recurrent weights grow until the gradient "
              "explodes (after 2 epochs the first pixel gets about 10 times what the last one gets); then its tanh "
              "units saturate: trained, 95 % of its h values are beyond ±0.95, where tanh is nearly flat, and the "
              "gradient has vanished again (below 10⁻²⁰ at the first pixel). It stays near chance.\n\n"
              "These figures are from the run the view below trains (seed 0), on 20 test digits (for the gradient, "
              "their median).\n\n"
              "Settings: pixel by pixel, LSTM(1, 64) or RNN(1, 64) + Linear(64, 10), the course's Adam lr 0.01, "
              "minibatches of 32, 30 epochs. Row by row, LSTM(8, 64) or RNN(8, 64) with the course's recipe (lr "
              "0.01, minibatches of 64); the images are small, so one epoch is only 22 minibatches: we train 10.",
        "zh": "图片不是序列，但可以当作序列来读。本课用**随应用附带的 8 × 8 手写数字**（1,797 张，0–9），有两种读法："
              "**逐像素**，64 步，每步一个值（先从左到右读第 0 行，再读第 1 行……）；或**逐行**，8 步，每步 8 个像素。"
              "网络每一步都更新状态；读完最后一步后，才由一个线性层把 h 变成十个分数，每个数字一个（多对一："
              "output[:, -1, :]）。\n\n"
              "课程逐行读 28 × 28 的 MNIST 数字：28 步，每步 28 个像素，LSTM(28, 64) + Linear(64, 10)，Adam 学习率 "
              "0.01，小批量 64，训练一轮；并说“用 nn.RNN 几乎学不会”。MNIST 需要下载，而 8 × 8 数字逐行读只有 8 步："
              "在这里普通 RNN 学得和 LSTM 差不多好（第二个预设）。逐像素读，同样的图片有 64 步，课程所说的差别就出现了"
              "（第一个预设）。\n\n"
              "**为什么序列长度起决定作用。** 答案在最后一步读出。告诉网络第一个像素起了什么作用的是梯度：它从答案出发"
              "一步一步往回传，每往回一步就乘一次循环雅可比矩阵，即循环权重乘以 tanh 的导数（第 12 课）。经过 7 步，"
              "这个乘积还能用；经过 63 步，它要么消失，要么爆炸。未训练时，两个网络传回第一个像素的梯度都只有最后一个"
              "像素的 10⁻¹³ 到 10⁻¹² 倍（逐行读时，传回第一行的是 0.03–0.05 倍）。要从前面的像素学到东西，训练必须"
              "打通这条路径：\n"
              "- **LSTM** 有一条为此而设的路径：细胞是累加的，c_t = f_t ⊙ c_(t−1) + i_t ⊙ g_t，沿它往回传只乘遗忘门。"
              "训练后，第一个像素得到的梯度约为最后一个像素的 0.6 倍。\n"
              "- **普通 RNN** 只有 W_hh 和 tanh。它的循环权重不断变大，直到梯度爆炸（训练 2 轮后，第一个像素得到的梯度"
              "约为最后一个像素的 10 倍）；随后 tanh 单元饱和：训练后，它 95% 的 h 值超出 ±0.95，那里 tanh 几乎是平的，"
              "梯度又消失了（第一个像素处低于 10⁻²⁰）。它停留在接近随机猜测的水平。\n\n"
              "这些数字来自下方视图训练的那次运行（随机种子 0），在 20 个测试数字上测得（梯度取它们的中位数）。\n\n"
              "设置：逐像素时，LSTM(1, 64) 或 RNN(1, 64) + Linear(64, 10)，沿用课程的 Adam 学习率 0.01，小批量 32，"
              "训练 30 轮。逐行时，LSTM(8, 64) 或 RNN(8, 64)，用课程的设置（学习率 0.01，小批量 64）；图片很小，"
              "一轮只有 22 个小批量，所以训练 10 轮。",
    },
    notice={
        "en": ["Measured over seeds 0–4 (`benchmarks/measure_digits.py`), test accuracy on the 450 held-out digits, "
               "mean (lowest–highest seed). Pixel by pixel: LSTM 90.5 % (88.7–94.4 %), vanilla RNN 16.7 % "
               "(10.7–25.3 %; chance is 10 %): **the RNN hardly learns**, as the course says. Row by row: LSTM "
               "95.2 % (92.9–97.3 %), RNN 93.4 % (85.8–96.7 %): on 8 steps **the plain RNN learns too**. The view "
               "below trains seed 0 for the preset that is open.",
               "It is the length, not the training: trained the pixel way (minibatches of 32, 30 epochs), the RNN "
               "reading rows reaches 97.1 % (93.8–98.7 %). And over 64 steps the vanilla RNN is fragile rather "
               "than helpless: with half the step (lr 0.005), minibatches of 64 and the gradient clipped at norm 1 "
               "(lesson 12), it learns pixel by pixel too, to 78.2 % (68.2–84.2 %) in 30 epochs.",
               "The explorer opens with an untrained LSTM reading a test digit pixel by pixel (the second preset: "
               "row by row). After training, press “Show it in the explorer above” to load the trained LSTM and "
               "the digit you picked.",
               "Row by row (the second preset), train and show the LSTM in the explorer, then watch c as the rows "
               "come in: after the first rows it has moved only a little, and every further row moves it more "
               "than the one before (in the view's run, the mean change per unit over 200 test digits grows from "
               "about 0.09 at row 0 to about 0.4 at row 7). The network keeps its options open and commits late, "
               "just before the answer is read. The heatmap below shows c for all 64 units at once.",
               "The answer is read only at the last step (step 63 pixel by pixel, step 7 row by row); the outputs "
               "of the earlier steps are never used (many-to-one)."],
        "zh": ["在随机种子 0–4 上测得（`benchmarks/measure_digits.py`），450 张留出测试图上的准确率，平均值（最低–最高）。"
               "逐像素：LSTM 90.5%（88.7–94.4%），普通 RNN 16.7%（10.7–25.3%；随机猜测为 10%）：正如课程所说，"
               "**RNN 几乎学不会**。逐行：LSTM 95.2%（92.9–97.3%），RNN 93.4%（85.8–96.7%）：在 8 步上**普通 RNN "
               "也能学会**。下方视图用随机种子 0 训练当前打开的预设。",
               "起决定作用的是长度，而不是训练方式：按逐像素的方式训练（小批量 32，30 轮），逐行读的 RNN 达到 "
               "97.1%（93.8–98.7%）。而且在 64 步上，普通 RNN 是脆弱，而不是无能为力：把步长减半（学习率 0.005）、"
               "小批量 64、梯度范数裁剪到 1（第 12 课），它逐像素也能学会，30 轮后达到 78.2%（68.2–84.2%）。",
               "逐步运行器打开时是一个未训练的 LSTM 在逐像素读一个测试数字（第二个预设：逐行读）。训练之后，点击“在上方的"
               "逐步运行器中查看”，即可载入训练好的 LSTM 和你选中的数字。",
               "逐行读（第二个预设）时，训练并把 LSTM 载入逐步运行器，然后观察 c 如何随行变化：读完最初几行时它变化不大，"
               "之后每一行引起的变化都比前一行更大（在视图的那次运行中，200 个测试数字上每个单元的平均变化从第 0 行的"
               "约 0.09 增加到第 7 行的约 0.4）。网络先保留各种可能，到最后、即将读出答案时才做决定。下方热力图同时显示"
               "全部 64 个单元的 c。",
               "答案只在最后一步读出（逐像素为第 63 步，逐行为第 7 步）；前面各步的输出从不使用（多对一）。"],
    },
    presets=(_preset({"en": "Untrained LSTM(1, 64) reading a test digit pixel by pixel (64 steps)",
                      "zh": "未训练的 LSTM(1, 64) 逐像素读一个测试数字（64 步）"}, "pixels"),
             _preset({"en": "Untrained LSTM(8, 64) reading it row by row (8 steps, the course's way)",
                      "zh": "未训练的 LSTM(8, 64) 逐行读它（8 步，课程的读法）"}, "rows")),
    guide=(None, None, None, Guide(7, 1, ("c",)), Guide(63, 0, ("h",))),  # the 8th row; the 64th pixel
    views=((DIGITS, {"seed": 0, "readings": ("pixels", "rows")}),),  # the reading each preset trains
)
