"""Train the shipped python-code model: a character-level LSTM on the standard library's own source.

    .venv/bin/python scripts/train_python_code.py            # writes assets/python-code/
    .venv/bin/python scripts/train_python_code.py --steps 200 --out /tmp/try   # a quick try

Seeded and reproducible on one machine and thread count (CPU float arithmetic differs across thread counts
and CPUs in the last bits). The corpus is the running interpreter's stdlib (rnnviz.pretrained.corpus): every
.py file outside test suites, with the json, email and http packages held out. Training is truncated
backpropagation through time over `batch` contiguous streams of the corpus, the state carried from one
chunk to the next, as in Karpathy et al. (2015). The model is laid out as pytorch/examples' word language
model (encoder = nn.Embedding, rnn = nn.LSTM, decoder = nn.Linear), so the app imports it like a user's own.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import math
import platform
import sys
import time
from pathlib import Path

import torch
from safetensors.torch import save_file
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from rnnviz.data.vocabulary import Vocabulary  # noqa: E402
from rnnviz.pretrained import corpus  # noqa: E402

UNKNOWN = "\ufffd"


class CharModel(nn.Module):
    def __init__(self, vocab: int, embed: int, hidden: int, layers: int):
        super().__init__()
        self.encoder = nn.Embedding(vocab, embed)
        self.rnn = nn.LSTM(embed, hidden, layers, batch_first=True)
        self.decoder = nn.Linear(hidden, vocab)

    def forward(self, ids, state=None):
        out, state = self.rnn(self.encoder(ids), state)
        return self.decoder(out), state


def build_vocabulary(text: str, min_count: int) -> Vocabulary:
    """Every character seen at least min_count times (by code point), and U+FFFD for all others."""
    counts = collections.Counter(text)
    tokens = sorted(ch for ch, n in counts.items() if n >= min_count and ch != UNKNOWN)
    return Vocabulary(tuple(tokens) + (UNKNOWN,), split="chars", unknown=UNKNOWN)


def streams(ids: torch.Tensor, batch: int) -> torch.Tensor:
    """(batch, n) contiguous slices of the corpus, one per row."""
    n = ids.numel() // batch
    return ids[: n * batch].view(batch, n)


@torch.no_grad()
def mean_loss(model: CharModel, ids: torch.Tensor, batch: int = 32, bptt: int = 256) -> float:
    """Cross-entropy in nats per character over ids read as `batch` streams, the state carried along."""
    model.eval()
    data = streams(ids, batch)
    state, total, count = None, 0.0, 0
    for s in range(0, data.shape[1] - 1, bptt):
        x = data[:, s:s + bptt + 1]
        if x.shape[1] < 2:
            break
        logits, state = model(x[:, :-1].long(), state)
        total += nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), x[:, 1:].reshape(-1).long(),
                                             reduction="sum").item()
        count += x[:, 1:].numel()
    model.train()
    return total / count


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--embed", type=int, default=32)
    p.add_argument("--steps", type=int, default=6000)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--bptt", type=int, default=128)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--min-count", type=int, default=100)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--eval-every", type=int, default=1000)
    p.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "assets" / "python-code")
    args = p.parse_args(argv)

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train_files, held_files = corpus.stdlib_files()
    train_text, held_text = corpus.join_files(train_files), corpus.join_files(held_files)
    vocab = build_vocabulary(train_text, args.min_count)
    train_ids, held_ids = _encode(vocab, train_text), _encode(vocab, held_text)
    print(f"corpus: {len(train_files)} files, {len(train_text):,} chars; held out {len(held_files)} files, "
          f"{len(held_text):,} chars; vocabulary {len(vocab)}", flush=True)

    model = CharModel(len(vocab), args.embed, args.hidden, args.layers)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    # Linear warm-up over 100 steps, then cosine decay to a tenth.
    schedule = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 100) * (
        0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(s, args.steps) / args.steps))))
    data = streams(train_ids, args.batch)
    chunks = (data.shape[1] - 1) // args.bptt
    state, log, started = None, [], time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    for step in range(args.steps):
        k = step % chunks
        if k == 0:
            state = None  # a new pass over the corpus starts from zero state
        x = data[:, k * args.bptt: (k + 1) * args.bptt + 1].long()
        logits, state = model(x[:, :-1], state)
        state = tuple(s.detach() for s in state)
        loss = nn.functional.cross_entropy(logits.reshape(-1, len(vocab)), x[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        opt.step()
        schedule.step()
        if (step + 1) % 100 == 0:
            print(f"step {step + 1}: train loss {loss.item():.3f} nats/char, "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
        if (step + 1) % args.eval_every == 0 or step + 1 == args.steps:
            held = mean_loss(model, held_ids)
            row = {"step": step + 1, "seconds": round(time.perf_counter() - started, 1),
                   "held_out_nats_per_char": round(held, 4), "held_out_bits_per_char": round(held / math.log(2), 4)}
            log.append(row)
            print(row, flush=True)
            save_file({k: v.contiguous() for k, v in model.state_dict().items()},
                      str(args.out / f"step{step + 1}.safetensors"))
    final = args.out / f"step{args.steps}.safetensors"
    final.replace(args.out / "model.safetensors")
    (args.out / "vocabulary.json").write_text(vocab.to_json() + "\n", encoding="utf-8")
    write_held_out(args.out)
    card = {
        "model": {"embed": args.embed, "hidden": args.hidden, "layers": args.layers, "vocabulary": len(vocab),
                  "parameters": sum(p.numel() for p in model.parameters())},
        "training": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items() if k != "out"},
        "corpus": {"python": platform.python_version(), "torch": torch.__version__,
                   "train_files": len(train_files), "train_chars": len(train_text),
                   "train_sha256_16": corpus.digest(train_text),
                   "held_out_packages": list(corpus.HELD_OUT_PACKAGES), "held_out_files": len(held_files),
                   "held_out_chars": len(held_text), "held_out_sha256_16": corpus.digest(held_text),
                   "interpretation_files": list(corpus.INTERPRETATION_FILES)},
        "log": log,
    }
    (args.out / "training.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")


def write_held_out(folder: Path) -> None:
    """The held-out files the interpretation figures are measured on, as this Python's stdlib has them."""
    files = corpus.interpretation_files()
    with gzip.open(folder / "held_out.json.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump({"python": platform.python_version(), "files": files}, f, ensure_ascii=False)


def _encode(vocab: Vocabulary, text: str) -> torch.Tensor:
    """The whole corpus at once (Vocabulary.encode bounds what one call may encode, for the app's sake)."""
    index = {token: i for i, token in enumerate(vocab.tokens)}
    unknown = index[UNKNOWN]
    return torch.tensor([index.get(ch, unknown) for ch in text], dtype=torch.uint8)


if __name__ == "__main__":
    main()
