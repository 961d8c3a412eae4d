"""The course's character model data (course-notes §7): Cao Cao's "Short Song", 8 lines of 4 characters.

Input = the line without its last character, target = the line without its first, one-hot over the
vocabulary of the poem's characters (in order of first appearance).
"""
import torch
import torch.nn.functional as F

LINES = ("对酒当歌", "人生几何", "譬如朝露", "去日苦多", "慨当以慷", "忧思难忘", "何以解忧", "唯有杜康")
# The lines the course says greedy generation reproduces; 慨 and 忧 start lines whose characters
# (当, 以, 忧) also appear in other lines, so the notes call their continuations ambiguous.
COURSE_LINES = ("对酒当歌", "人生几何", "譬如朝露", "去日苦多", "何以解忧", "唯有杜康")
VOCAB = tuple(dict.fromkeys("".join(LINES)))
INDEX = {c: i for i, c in enumerate(VOCAB)}


def poem_data():
    """x (8, 3, V) one-hot, y (8, 3) class indices."""
    ids = torch.tensor([[INDEX[c] for c in line] for line in LINES])
    return F.one_hot(ids[:, :-1], len(VOCAB)).float(), ids[:, 1:].contiguous()


def decode(indices) -> str:
    return "".join(VOCAB[i] for i in indices)
