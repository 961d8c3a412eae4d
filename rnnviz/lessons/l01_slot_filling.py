"""Course §1: why memory — slot filling, and three ways to turn words into vectors.

Parts (rnnviz/lessons/views.py): ENCODINGS in rnnviz/ui/lesson_views/encodings.py (strings enc_*), computed by
rnnviz/data/encoders.py, coloured by rnnviz/viz/colors.py; SLOT_FILLING in rnnviz/ui/lesson_views/slot_filling.py
(strings sf_*), trained by rnnviz/learn/slot_filling.py on rnnviz/data/slots.py, drawn by rnnviz/viz/slot_figures.py.
"""
import numpy as np

from rnnviz.data.encoders import one_hot
from rnnviz.data.source import SequenceSource
from rnnviz.model.spec import ModelSpec

from .lesson import Guide, Lesson, Preset
from .views import ENCODINGS, SLOT_FILLING

# The two sentences, one-hot over their six words, read by a small Elman RNN (seeded, untrained): the
# input at "Taipei" is the same vector in both, the hidden state is not.
SENTENCE_VOCAB = ["arrive", "leave", "Taipei", "on", "November", "2nd"]
ARRIVE = "arrive Taipei on November 2nd".split()
LEAVE = "leave Taipei on November 2nd".split()
RNN = ModelSpec("rnn", len(SENTENCE_VOCAB), 3)

# A handful of made-up booking sentences, one slot label per word, for the trained comparison. "Taipei" is
# a destination twice and a place of departure three times: only the words before it can tell which.
SLOTS = ("other", "destination", "departure", "time")
SLOT_NAMES = {"en": ["other", "destination", "place of departure", "time"], "zh": ["其他", "目的地", "出发地", "时间"]}
EXAMPLES = (
    ("arrive Taipei on November 2nd", "other destination other time time"),
    ("leave Taipei on November 2nd", "other departure other time time"),
    ("arrive Tokyo on May 5th", "other destination other time time"),
    ("leave Tokyo on May 5th", "other departure other time time"),
    ("arrive Paris on June 1st", "other destination other time time"),
    ("leave Paris on June 1st", "other departure other time time"),
    ("leave Taipei on May 5th", "other departure other time time"),
    ("arrive Taipei on June 1st", "other destination other time time"),
    ("I arrive in Tokyo on November 2nd", "other other other destination other time time"),
    ("I leave Paris on May 5th", "other other departure other time time"),
    ("I want to arrive in Paris", "other other other other other destination"),
    ("I want to leave Taipei", "other other other other departure"),
)
COURSE_SENTENCES = ("arrive Taipei on November 2nd", "leave Taipei on November 2nd")
TAGGER = {"examples": EXAMPLES, "slots": SLOTS, "slot_names": SLOT_NAMES, "sentences": COURSE_SENTENCES,
          "focus": "Taipei", "hidden_size": 8, "epochs": 150, "lr": 0.05, "seed": 0}
# The classic lecture vocabulary; Gandalf and Sauron are not in it.
VOCAB = ["apple", "bag", "cat", "dog", "elephant"]
WORDS = "apple dog Gandalf Sauron"


def _preset(en, zh, words):
    x = one_hot(words, SENTENCE_VOCAB)
    return Preset({"en": en, "zh": zh}, RNN, SequenceSource("table", values=np.asarray(x, np.float32)), seed=2,
                  step=1, units=(0, 1, 2))


LESSON = Lesson(
    id="slot-filling", number=1,
    title={"en": "1 · Why memory: slot filling", "zh": "1 · 为什么需要记忆：槽位填充"},
    body={
        "en": "A booking assistant reads **“arrive Taipei on November 2nd”** and **“leave Taipei on November 2nd”** "
              "and must fill slots: *destination*, *place of departure*, *time of arrival/departure*. "
              "Each word is labelled with a probability per slot.\n\n"
              "A feed-forward network sees each word on its own. It gets the same vector for “Taipei” in both "
              "sentences, so it must give the same answer: it **cannot** tell destination from departure. "
              "A network with **memory** of the earlier words (“arrive” or “leave”) can. That is the whole "
              "reason for recurrent networks.\n\n"
              "First, words must become vectors:\n"
              "- **1-of-N (one-hot)**: one dimension per vocabulary word;\n"
              "- **1-of-N + “other”**: one more dimension for every word outside the vocabulary;\n"
              "- **word hashing**: a count per letter trigram (“apple” → #ap, app, ppl, ple, le#) — every "
              "spelling has a vector, so no “other” is needed.",
        "zh": "订票助手读到 **“arrive Taipei on November 2nd”**（11 月 2 日到达台北）和 "
              "**“leave Taipei on November 2nd”**（11 月 2 日离开台北），需要填写槽位：*目的地*、*出发地*、"
              "*到达/出发时间*。每个词得到每个槽位的概率。\n\n"
              "前馈网络孤立地看每个词。两句话中的 “Taipei” 得到同一个向量，所以输出必然相同：它**无法**区分目的地和"
              "出发地。而**记得**前面的词（“arrive” 或 “leave”）的网络就可以。这正是需要循环神经网络的原因。\n\n"
              "首先要把词变成向量：\n"
              "- **1-of-N（one-hot）**：词表中每个词一个维度；\n"
              "- **1-of-N + “其他”**：为所有词表外的词再加一个维度；\n"
              "- **词哈希**：按字母三元组计数（“apple” → #ap、app、ppl、ple、le#）——任何拼写都有向量，"
              "不需要“其他”维度。",
    },
    notice={
        "en": ["The explorer opens at step 1, “Taipei”. Switch between the two sentences: x is the same one-hot "
               "vector, yet h differs — it still carries “arrive” or “leave”. (This network is untrained, so the "
               "difference is small; training makes it decisive — see the taggers at the bottom.)",
               "Type “Gandalf”: 1-of-N has no row for it; with “other” it gets the last dimension — and so does "
               "“Sauron”: two different unknown words, one identical vector.",
               "Word hashing gives Gandalf and Sauron different vectors, and similar spellings (apple, apples) "
               "share most of their dimensions.",
               "A one-hot vector has exactly one 1; a trigram vector can hold a 2 (“banana” has “ana” twice).",
               "Whatever the encoding, the same word always gets the same vector — telling the two Taipeis apart "
               "needs memory of the words before it.",
               "At the bottom, both taggers are trained on the same 12 sentences. The RNN labels Taipei "
               "*destination* after “arrive” and *place of departure* after “leave”; the feed-forward tagger gives "
               "Taipei the very same probabilities in both sentences (about 40 % / 60 %: how often Taipei was each "
               "in the training data). Try “leave Kaohsiung on May 5th”: an unknown word, still placed by memory."],
        "zh": ["逐步运行器从第 1 步 “Taipei” 开始。在两句话之间切换：x 是同一个 one-hot 向量，h 却不同——它仍带着"
               "“arrive” 或 “leave” 的信息。（这个网络未经训练，所以差别不大；训练之后差别就变得决定性——见页面底部的两个标注器。）",
               "输入 “Gandalf”：1-of-N 无法表示它；带“其他”维度时它落在最后一维——“Sauron” 也一样："
               "两个不同的未知词，同一个向量。",
               "词哈希给 Gandalf 和 Sauron 不同的向量，拼写相近的词（apple、apples）共享大部分维度。",
               "one-hot 向量恰有一个 1；三元组向量中可以出现 2（“banana” 中 “ana” 出现两次）。",
               "无论哪种编码，同一个词总是得到同一个向量——要区分两个 Taipei，需要记住它前面的词。",
               "页面底部的两个标注器用同样的 12 个句子训练。RNN 在 “arrive” 之后把 Taipei 标为*目的地*，在 “leave” 之后"
               "标为*出发地*；前馈标注器在两句中给 Taipei 完全相同的概率（约 40% / 60%：即训练数据中 Taipei 分别作为两者的"
               "比例）。试试 “leave Kaohsiung on May 5th”：一个未知词，仍然凭记忆被正确归类。"],
    },
    corrections={
        "en": "The course counts 26³ = 17,576 trigram dimensions but also marks word boundaries with # (“#ap”, "
              "“le#”), which 26 letters cannot hold. Here # is a 27th symbol: 27³ = 19,683 dimensions "
              "(switch the boundary marks off for letters only, exactly 26³).",
        "zh": "课程说三元组共有 26³ = 17,576 维，但同时用 # 标记词的边界（“#ap”、“le#”），而 26 个字母容纳不了 #。"
              "这里把 # 作为第 27 个符号：共 27³ = 19,683 维（关闭边界标记则只用字母，正好 26³ 维）。",
    },
    presets=(_preset("“arrive Taipei on November 2nd”, one-hot", "“arrive Taipei on November 2nd”，one-hot 编码", ARRIVE),
             _preset("“leave Taipei on November 2nd”, one-hot", "“leave Taipei on November 2nd”，one-hot 编码", LEAVE)),
    guide=(Guide(1, 0, ("x", "h")), None, None, None, None, None),  # step 1: "Taipei"
    views=((ENCODINGS, {"vocab": VOCAB, "words": WORDS}),
           (SLOT_FILLING, TAGGER)),
)
