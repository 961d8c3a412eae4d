"""Course §1: why memory — slot filling, and three ways to turn words into vectors."""
import numpy as np

from rnnviz.data.encoders import one_hot
from rnnviz.data.source import SequenceSource
from rnnviz.model.spec import ModelSpec

from .lesson import Lesson, Preset

# The two sentences, one-hot over their six words, read by a small Elman RNN (seeded, untrained): the
# input at "Taipei" is the same vector in both, the hidden state is not.
SENTENCE_VOCAB = ["arrive", "leave", "Taipei", "on", "November", "2nd"]
ARRIVE = "arrive Taipei on November 2nd".split()
LEAVE = "leave Taipei on November 2nd".split()
RNN = ModelSpec("rnn", len(SENTENCE_VOCAB), 3)
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
               "difference is small and fades; the comparison at the bottom shows it step by step.)",
               "Type “Gandalf”: 1-of-N has no row for it; with “other” it gets the last dimension — and so does "
               "“Sauron”: two different unknown words, one identical vector.",
               "Word hashing gives Gandalf and Sauron different vectors, and similar spellings (apple, apples) "
               "share most of their dimensions.",
               "A one-hot vector has exactly one 1; a trigram vector can hold a 2 (“banana” has “ana” twice).",
               "Whatever the encoding, the same word always gets the same vector — telling the two Taipeis apart "
               "needs memory of the words before it."],
        "zh": ["演示从第 1 步 “Taipei” 开始。在两句话之间切换：x 是同一个 one-hot 向量，h 却不同——它仍带着"
               "“arrive” 或 “leave” 的信息。（这个网络未经训练，所以差别不大且逐渐消失；页面底部的对比图逐步显示了这一点。）",
               "输入 “Gandalf”：1-of-N 无法表示它；带“其他”维度时它落在最后一维——“Sauron” 也一样："
               "两个不同的未知词，同一个向量。",
               "词哈希给 Gandalf 和 Sauron 不同的向量，拼写相近的词（apple、apples）共享大部分维度。",
               "one-hot 向量恰有一个 1；三元组向量中可以出现 2（“banana” 中 “ana” 出现两次）。",
               "无论哪种编码，同一个词总是得到同一个向量——要区分两个 Taipei，需要记住它前面的词。"],
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
    views=(("encodings", {"vocab": VOCAB, "words": WORDS}),
           ("compare", {"quantity": "h", "unit": 0})),
)
