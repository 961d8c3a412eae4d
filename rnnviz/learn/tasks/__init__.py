"""The training tasks the Train page offers: each one a ready data set plus what a network needs to fit it.

    task = make_task("adding", seq_len=30, seed=0)
    net = Network(task.spec("lstm", hidden_size=16), seed=0)
    history = task.fit(net)                 # train() with task.recommended's epochs / lr / batch / clip
    task.evaluate(net)                      # {"loss": ..., "accuracy": None, "split": "test"}

Every task is a `Task` (task.py): inputs x (B, T, input_size) float32, targets y exactly as
rnnviz.learn.train.train takes them for the task's loss, an optional mask, an optional held-out split, per-step
`features` (what a hidden unit may learn to track: a counter, a depth, the value to predict) for the Interpret
page, and the `recommended` training settings; tests/learn/test_tasks.py checks what each task reaches with them.

registry.py holds make_task and the parameters each task takes (PARAMS); each task's builder, with what the task
asks of a network, is in text.py, synthetic.py, counting.py, digits.py or csv_table.py. Every bad argument
raises ValueError naming what was expected and what was given; every task is deterministic for its seed.
"""
from .csv_table import CSV_KINDS, MAX_CSV_CELLS, MAX_CSV_CLASSES, MAX_CSV_COLUMNS, MAX_CSV_ROWS, csv_columns
from .registry import MAX_TASK_MB, PARAMS, TASKS, TEXT_PARAMS, Param, make_task
from .task import Task
from .text import MAX_TEXT_CHARS, MAX_TEXT_SYMBOLS, TEXT_SOURCES

__all__ = ["TASKS", "TEXT_SOURCES", "CSV_KINDS", "PARAMS", "TEXT_PARAMS", "Param", "Task", "make_task", "csv_columns",
           "MAX_TEXT_CHARS", "MAX_TEXT_SYMBOLS", "MAX_CSV_ROWS", "MAX_CSV_COLUMNS", "MAX_CSV_CLASSES", "MAX_CSV_CELLS",
           "MAX_TASK_MB"]
