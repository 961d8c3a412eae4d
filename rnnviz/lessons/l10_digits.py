"""Course §7: an image read row by row as a sequence; LSTM vs vanilla RNN, on the 8x8 digits the app ships.

Parts (rnnviz/lessons/views.py): DIGITS in rnnviz/ui/lesson_views/worked_examples.py (strings we_*), trained by
rnnviz/learn/recipes.py (shared between sessions by rnnviz/learn/memo.py) on rnnviz/data/digits.py, drawn by
rnnviz/viz/training_figures.py.
"""
from rnnviz.data.digits import train_test_split
from rnnviz.data.source import SequenceSource
from rnnviz.learn.recipes import digits_spec

from .lesson import Guide, Lesson, Preset
from .views import DIGITS

_, _, _X_TEST, _ = train_test_split()

LESSON = Lesson(
    id="digits", number=10,
    title={"en": "10 · Reading an image row by row", "zh": "10 · 逐行读一张图"},
    body={
        "en": "A picture is not a sequence, but it can be read as one: one **row of pixels per time step**. "
              "The network sees the top row, updates its state, sees the next row, and so on; only after the "
              "last row does a Linear layer turn h into ten scores, one per digit (many-to-one: "
              "output[:, -1, :]).\n\n"
              "The course does this with 28 × 28 MNIST digits: 28 steps of 28 pixels, LSTM(28, 64) + "
              "Linear(64, 10), Adam lr 0.01, minibatches of 64, one epoch. MNIST would have to be downloaded, so "
              "this app uses the **8 × 8 digits that ship with it** (1,797 handwritten digits, 0–9): 8 steps of "
              "8 pixels, hence **LSTM(8, 64)** + Linear(64, 10), same optimiser and batch size. The images are "
              "small, so one epoch is only 22 minibatches: we train 10.\n\n"
              "The course adds that “with nn.RNN it hardly learns”. Train both below and see what happens on 8 "
              "steps.",
        "zh": "图片不是序列，但可以当作序列来读：**每个时间步读一行像素**。网络先读最上面一行，更新状态，再读下一行，"
              "依此类推；读完最后一行后，才由一个线性层把 h 变成十个分数，每个数字一个（多对一：output[:, -1, :]）。\n\n"
              "课程用的是 28 × 28 的 MNIST 数字：28 步，每步 28 个像素，LSTM(28, 64) + Linear(64, 10)，Adam 学习率 "
              "0.01，小批量 64，训练一轮。MNIST 需要下载，所以本应用使用**随应用附带的 8 × 8 手写数字**（1,797 张，"
              "0–9）：8 步，每步 8 个像素，因此是 **LSTM(8, 64)** + Linear(64, 10)，优化器和批量大小不变。图片很小，"
              "一轮只有 22 个小批量，所以我们训练 10 轮。\n\n"
              "课程还说“用 nn.RNN 几乎学不会”。在下方训练两者，看看在 8 步上会发生什么。",
    },
    notice={
        "en": ["In our runs the LSTM reaches about 94–97 % test accuracy after 10 epochs (seeds 0–2), and the "
               "vanilla RNN about 86–96 %: on 8 steps **the plain RNN learns too**. The course's claim is about "
               "28 steps: the gradient that tells the network how row 1 matters to the answer is multiplied by "
               "the recurrent weights once per step, and over 28 steps it can fade (lesson 11). Over 8 steps it "
               "does not fade much, so the vanilla RNN has no real handicap here (and each epoch is a little faster).",
               "The explorer opens with an untrained LSTM reading a test digit row by row. After training, press "
               "“Show it in the explorer above” to load the trained LSTM and the digit you picked.",
               "Watch c as the rows come in: after the first rows it has moved only a little, and every further row "
               "moves it more than the one before (in our run, the mean change per unit grows from about 0.09 at "
               "row 0 to about 0.4 at row 7). The network keeps its options open and commits late, just before the "
               "answer is read. The heatmap below shows c for all 64 units at once.",
               "The answer is read only at the last step; the outputs of the earlier steps are never used "
               "(many-to-one)."],
        "zh": ["在我们的运行中（随机种子 0–2），训练 10 轮后 LSTM 的测试准确率约为 94–97%，普通 RNN 约为 86–96%："
               "在 8 步上**普通 RNN 也能学会**。课程的说法针对的是 28 步：告诉网络第 1 行对答案有多重要的梯度，每经过"
               "一步就要乘一次循环权重，经过 28 步可能会消失（见第 11 课）。经过 8 步衰减不多，所以这里普通 RNN 并没有"
               "真正的劣势（而且每一轮还稍快一些）。",
               "逐步运行器打开时是一个未训练的 LSTM 在逐行读一个测试数字。训练之后，点击“在上方的逐步运行器中查看”，即可载入训练好"
               "的 LSTM 和你选中的数字。",
               "观察 c 如何随行变化：读完最初几行时它变化不大，之后每一行引起的变化都比前一行更大（在我们的运行中，每个单元"
               "的平均变化从第 0 行的约 0.09 增加到第 7 行的约 0.4）。网络先保留各种可能，到最后、即将读出答案时才做决定。"
               "下方热力图同时显示全部 64 个单元的 c。",
               "答案只在最后一步读出；前面各步的输出从不使用（多对一）。"],
    },
    presets=(Preset({"en": "Untrained LSTM(8, 64) reading a test digit", "zh": "未训练的 LSTM(8, 64) 读一个测试数字"},
                    digits_spec("lstm", "rows"), SequenceSource("table", values=_X_TEST[0].copy()), seed=0,
                    units=(0, 1, 2, 3)),),
    guide=(None, None, Guide(7, 0, ("c",)), Guide(7, 0, ("h",))),  # the 8th and last row
    views=((DIGITS, {"epochs": 10, "seed": 0}),),
)
