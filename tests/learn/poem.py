"""The course's character model data (course-notes §7), from the app's own rnnviz.data.builtin.

Input = the line without its last character, target = the line without its first, one-hot over the
vocabulary of the poem's characters (in order of first appearance).
"""
import torch

from rnnviz.data.builtin import POEM_LINES, poem_dataset, poem_vocabulary

LINES = POEM_LINES
# The lines the course says greedy generation reproduces; 慨 and 忧 start lines whose characters
# (当, 以, 忧) also appear in other lines, so the notes call their continuations ambiguous.
COURSE_LINES = ("对酒当歌", "人生几何", "譬如朝露", "去日苦多", "何以解忧", "唯有杜康")
VOCAB = tuple(poem_vocabulary())
INDEX = {c: i for i, c in enumerate(VOCAB)}


def poem_data():
    """x (8, 3, V) one-hot, y (8, 3) class indices."""
    x, y, _ = poem_dataset()
    return torch.from_numpy(x), torch.from_numpy(y)


def decode(indices) -> str:
    return "".join(VOCAB[i] for i in indices)
