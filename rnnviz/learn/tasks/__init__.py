"""The training tasks the Train page offers: each one a ready data set plus what a network needs to fit it.

    task = make_task("adding", seq_len=30, seed=0)
    net = Network(task.spec("lstm", hidden_size=16), seed=0)
    history = task.fit(net)                 # train() with task.recommended's epochs / lr / batch / clip
    task.evaluate(net)                      # {"loss": ..., "accuracy": None, "split": "test"}

Every task is a `Task`: inputs x (B, T, input_size) float32, targets y exactly as rnnviz.learn.train.train
takes them for the task's loss, an optional mask, an optional held-out split, and per-step `features` (what
a hidden unit may learn to track: a counter, a depth, the value to predict) for the Interpret page.

The tasks (numeric parameters in PARAMS; text-valued ones below). Recommended settings (task.recommended)
and what they reached in tests/learn/test_tasks.py on one CPU thread, seed 0:

- "text": next character. source: "poem" (default) | "english" | "brackets" | "pasted"; text: the pasted
  text (read only when source="pasted"; 2 to 20,000 characters, at most 200 distinct); seq_len.
  The poem is the course's recipe exactly: x, y = poem_dataset() (8 lines, T=3; seq_len is not used), the
  vocabulary poem_vocabulary(), recommended Elman RNN hidden 12, Adam lr 0.01, 100 epochs, full batch
  (training accuracy 100% and greedy generation rebuilds all eight lines, ~0.1 s; an LSTM too).
  Other sources are cut into windows of seq_len + 1 characters taken every seq_len characters
  (neighbouring windows share one character); x = one-hot of window[:-1] over the text's characters in
  order of first appearance, y = indices of window[1:]. The characters after the last whole window are
  left out; a text shorter than seq_len + 1 gives one window of the whole text.
  "brackets" is bracket_text(600, seed). task.text is the whole text; for the poem it is the eight lines
  joined with no separator (32 characters; the vocabulary has no newline, so a separator could not be
  one-hot encoded). features: "position" (t within the window), and "depth" for brackets (the bracket
  depth after reading each input character, counted from the start of the text). Recommended LSTM
  (hidden 64 for more than 10 characters, else 32), Adam lr 0.01, 200 epochs, full batch, clip 1:
  "english" reaches ~99% training accuracy in ~1 s (it memorises the text; there is no held-out split).
- "sines": forecast the next value of a sum of `waves` sines with random periods (6 to 30 steps),
  amplitudes and phases per sequence, scaled to lie within [-1, 1]. x (B, T, 1) the value at t (plus
  Gaussian noise of standard deviation `noise`, on the inputs only), y (B, T, 1) the clean value at t+1;
  mse at every step; 20% held out. features: "target".
  Recommended LSTM hidden 16, Adam lr 0.01, 100 epochs, batch 32: defaults test mse ~0.001 in ~1.5 s
  (answering the current value as the next one scores ~0.034).
- "adding": Hochreiter & Schmidhuber's adding problem. x (B, T, 2): channel 0 uniform on [0, 1], channel 1
  a marker with exactly two 1s, one in the first half (t < T//2) and one in the second. y (B, 1) = the
  sum of the two marked values; mse, many-to-one; 20% held out. The baseline that ignores the inputs and
  always answers 1.0 has mse = Var(U1 + U2) = 1/6 ~ 0.167. features: "marker", "marked_sum" (the sum of
  the marked values read so far). Recommended LSTM hidden 16, Adam lr 0.01, batch 16, clip 1 and
  max(30, min(300, seq_len)) epochs: T=30 (30 epochs) test mse ~0.0006 in ~2.5 s (seeds 0..4 all below
  0.003); T=100 (100 epochs) test mse 0.0004..0.0009 in ~12 s. Fewer updates often stay on the 1/6
  plateau for a while: the network first has to discover that the marker matters.
- "copy": remember `length` symbols over a delay. Inputs are one-hot over the `symbols` symbols (A, B, ...),
  "-" (blank) and "?" (recall): the symbols at steps 0..length-1, then `delay` blanks, then `length` recall
  steps: the recall marker "?" is on at every recall step (it means "answer now"). T = 2*length + delay.
  Targets: at recall step k, the k-th remembered symbol; mask True only at the recall steps (elsewhere the
  target is 0 and ignored); cross_entropy with classes = the symbols; 20% held out. features: "recall".
  Recommended LSTM hidden 32, Adam lr 0.01, batch 32, clip 1 and 40 + 8 * (delay - 5) epochs (40 up to
  delay 5, at most 200): defaults (4 symbols, length 3, delay 5) test accuracy 100% in ~1.2 s; delay 10
  (80 epochs) 99-100% in ~3 s. Delays of 20 and more often stay at chance (25%) within those epochs: the
  long gap is exactly what makes the task hard.
- "anbn": counting. One sequence per n in 1..max_n (times `repeats`), symbols S a b E. Inputs are
  S a^n b^n (2n + 1 steps) padded with zero vectors to T = 2*max_n + 1, targets the next symbol
  (a^n b^n E). mask True only at the steps that read a b (predicting b ... b E): there the next symbol is
  determined by the count; while reading a's it is not (another a or the first b could come), so those
  steps, and the padding, do not count. features: "count" (a's minus b's read so far, 0 on padding).
  Held out: n = max_n+1 .. max_n+4, padded to their own T = 2*(max_n+4) + 1: counting beyond the longest
  training string. Recommended LSTM hidden 8, Adam lr 0.02, full batch, clip 1, 300 epochs (600 when
  max_n > 10): max_n 8 masked accuracy 100% on training in ~0.5 s (seeds 0..4), and 100% on the
  held-out n = 9..12 for seeds 0..3 (86% for seed 4); max_n 20: 92-100% training accuracy; max_n 30
  (600 epochs): 94-98%.
- "brackets_depth": read characters of bracket_text(seq_len, max_depth) (one-hot over "()abc", in that
  order), output the nesting depth after each character as a class 0..max_depth; cross_entropy at every
  step; 20% held out. features: "depth". Recommended LSTM hidden 16, Adam lr 0.02, 40 epochs, batch 16,
  clip 1: defaults test accuracy 100% in ~0.9 s (seeds 0..4).
- "digits": the shipped 8x8 digits read row by row (8 steps of 8 pixels), many-to-one, 10 classes "0".."9",
  test split as rnnviz.data.digits.train_test_split gives (1347 / 450 images). features: "ink" (the row's
  pixel sum). Recommended as the course: LSTM hidden 64, Adam lr 0.01, 10 epochs, batch 64: test
  accuracy 93.6% in ~0.9 s.
- "csv": an uploaded CSV. text: its content (a header row of column names is required; each further row
  is one time step); target: the column to predict; seq_len; kind: "auto" (default) | "regression" |
  "classes" (auto: classes when the target holds whole numbers with at most 20 distinct values, or text
  labels; else regression). The feature columns are all other columns and must hold numbers; at most
  20,000 rows and 200 columns; empty, NaN or infinite cells and numbers beyond float32 are refused, naming
  the line and column. The rows are cut into windows of seq_len rows (stride seq_len; the rows after the
  last whole window are left out; fewer rows than seq_len give one window); with at least 5 windows the
  last 20% are held out. Features are standardized with the training rows' mean and (population) standard
  deviation (a column constant over them is only centred, so it becomes 0): task.input_mean / input_std;
  for regression the target too (task.target_mean / target_std; prediction * target_std + target_mean is in
  the CSV's units). Every-step head: mse (regression, y (B, T, 1)) or cross_entropy (classes = the distinct
  target values as text, numbers in increasing order). features: "target" (the raw target; the class
  index for text labels). Recommended LSTM hidden 32, Adam lr 0.01, 100 epochs, clip 1, full batch up to
  64 windows, else batch 32 (a starting point: a CSV can hold anything).

Every bad argument raises ValueError naming what was expected and what was given. Everything is
deterministic for its seed (numpy default_rng(seed)).
"""
from .csv_table import CSV_KINDS, MAX_CSV_CELLS, MAX_CSV_CLASSES, MAX_CSV_COLUMNS, MAX_CSV_ROWS, csv_columns
from .registry import MAX_TASK_MB, PARAMS, TASKS, TEXT_PARAMS, Param, make_task
from .task import Task
from .text import MAX_TEXT_CHARS, MAX_TEXT_SYMBOLS, TEXT_SOURCES

__all__ = ["TASKS", "TEXT_SOURCES", "CSV_KINDS", "PARAMS", "TEXT_PARAMS", "Param", "Task", "make_task", "csv_columns",
           "MAX_TEXT_CHARS", "MAX_TEXT_SYMBOLS", "MAX_CSV_ROWS", "MAX_CSV_COLUMNS", "MAX_CSV_CLASSES", "MAX_CSV_CELLS",
           "MAX_TASK_MB"]
