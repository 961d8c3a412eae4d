"""Course §7: a character-level next-character model on Cao Cao's poem, trained live; RNN vs LSTM.

Parts (rnnviz/lessons/views.py): POEM in rnnviz/ui/lesson_views/worked_examples.py (strings we_*), trained by
rnnviz/learn/recipes.py (shared between sessions by rnnviz/learn/memo.py), drawn by rnnviz/viz/training_figures.py.
"""
from rnnviz.data.builtin import poem_vocabulary
from rnnviz.data.source import SequenceSource
from rnnviz.learn.recipes import poem_line_onehot, poem_spec

from .lesson import Lesson, Preset
from .views import POEM

LESSON = Lesson(
    id="poem", number=9,
    title={"en": "9 · Training: the poem, one character at a time", "zh": "9 · 训练：一个字一个字地学诗"},
    body={
        "en": "Cao Cao's “Short Song” (短歌行) in eight lines of four characters: 对酒当歌 人生几何 譬如朝露 "
              "去日苦多 慨当以慷 忧思难忘 何以解忧 唯有杜康.\n\n"
              "Every distinct character (28 of them) gets a one-hot vector. The **input** is each line without its "
              "last character, the **target** the line without its first: after 对 comes 酒, after 酒 comes 当, "
              "after 当 comes 歌. An Elman RNN with 12 hidden units and a softmax over the 28 characters learns "
              "this with Adam (lr 0.01) in 100 epochs, the eight lines forming one batch.\n\n"
              "Then **greedy generation**: feed a first character, take the most likely next character, feed "
              "that back in, and so on. The course promises that 对 → 对酒当歌, 人 → 人生几何, 譬 → 譬如朝露, "
              "去 → 去日苦多, 何 → 何以解忧, 唯 → 唯有杜康.\n\n"
              "It leaves out 慨当以慷 and 忧思难忘 because characters repeat: 当 is followed by 歌 in line 1 "
              "and by 以 in line 5; 以 by 慷 in line 5 and by 解 in line 7. A model that saw only the current "
              "character would have to guess there. The RNN does not see only the current character: its hidden "
              "state still carries 对酒 or 慨, and that is enough to tell the two 当 apart.",
        "zh": "曹操《短歌行》的八句，每句四字：对酒当歌 人生几何 譬如朝露 去日苦多 慨当以慷 忧思难忘 何以解忧 唯有杜康。\n\n"
              "每个不同的字（共 28 个）对应一个 one-hot 向量。**输入**是去掉最后一个字的诗句，**目标**是去掉第一个字的"
              "诗句：对之后是酒，酒之后是当，当之后是歌。一个 12 个隐藏单元的 Elman RNN 加上对 28 个字的 softmax，"
              "用 Adam（学习率 0.01）训练 100 轮就能学会，八句诗组成一个批量。\n\n"
              "然后是**贪心生成**：输入首字，取最可能的下一个字，再把它输入回去，如此继续。课程说：对 → 对酒当歌，"
              "人 → 人生几何，譬 → 譬如朝露，去 → 去日苦多，何 → 何以解忧，唯 → 唯有杜康。\n\n"
              "课程没有列出慨当以慷和忧思难忘，因为有字重复：当在第 1 句后接歌，在第 5 句后接以；以在第 5 句后接慷，"
              "在第 7 句后接解。只看当前字的模型在这里只能猜。RNN 看到的不只是当前字：它的隐藏状态里还带着“对酒”或"
              "“慨”，这足以区分两个“当”。",
    },
    notice={
        "en": ["The explorer opens with an **untrained** RNN reading 对酒当歌. Train below, press “Show it in the "
               "explorer above”, and h changes: the trained network's h swings close to ±1. Open it in Step "
               "through to see y too, the softmax over 28 characters: nearly flat before training, almost all on "
               "the next character after.",
               "With seeds 0–4 the trained RNN reproduces all eight lines after 100 epochs, the two ambiguous ones "
               "included; the table marks each line ✓ or ✗. Train for fewer epochs and the first mistakes borrow "
               "a character from another line: with seed 0, 40 epochs writes 慨日苦多 (日 comes from 去日苦多) "
               "and 30 epochs writes 去日当歌, 慨日当多 and 唯生当何. From 50 epochs on all eight lines are right.",
               "The hidden-state heatmap of 慨当以慷 and 对酒当歌: h at 当 differs between the two lines although "
               "the input at 当 is the same one-hot vector. That difference is the memory that picks 以 or 歌.",
               "The LSTM, same size, same data: its loss falls more slowly at first (four gates to set instead of "
               "one layer; its output is squashed twice), but for lines of three steps it reaches the same "
               "generations. Long-range memory is not needed here."],
        "zh": ["逐步运行器打开时是一个**未训练**的 RNN 在读“对酒当歌”。在下方训练，点击“在上方的逐步运行器中查看”，h 随之改变："
               "训练后网络的 h 摆动到接近 ±1。在“逐步运行”中打开还能看到 y，即对 28 个字的 softmax：训练前几乎是平的，"
               "训练后几乎全部集中在下一个字上。",
               "随机种子 0–4 下，训练 100 轮后 RNN 能还原全部八句，包括两句有歧义的；表中每句标有 ✓ 或 ✗。"
               "少训练几轮，最先出现的错误是借用了别的诗句中的字：随机种子 0 时，40 轮写出“慨日苦多”（“日”来自“去日苦多”），"
               "30 轮写出“去日当歌”“慨日当多”和“唯生当何”。从 50 轮起八句全对。",
               "比较“慨当以慷”和“对酒当歌”的隐藏状态热力图：虽然“当”处的输入是同一个 one-hot 向量，两句中“当”处的 h "
               "却不同。正是这个差别（记忆）决定了下一个字是“以”还是“歌”。",
               "同样大小、同样数据的 LSTM：开始时损失下降得更慢（要调四个门，而不是一层；输出还被压缩两次），"
               "但对于只有三步的诗句，它最终给出同样的生成结果。这里并不需要长程记忆。"],
    },
    presets=(Preset({"en": "Untrained RNN reading 对酒当歌", "zh": "未训练的 RNN 读“对酒当歌”"}, poem_spec("rnn"),
                    SequenceSource("table", values=poem_line_onehot("对酒当歌")), seed=0, units=(0, 1, 2, 3),
                    tokens=tuple(poem_vocabulary())),),
    views=((POEM, {"epochs": 100, "seed": 0}),),
)
