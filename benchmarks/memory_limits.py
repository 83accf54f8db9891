"""Peak memory at the documented limits (issue 12), each measured in a fresh process (ru_maxrss).

- training vocabulary: counting the tokens of a corpus at the 50 M-token limit whose tokens are
  almost all distinct (11 M, as the probe's), with the bounded counter the trainer uses and with a
  plain Counter (what it did before);
- a language model's corpus as the trainer holds it: read twice and kept as int32 ids, against the
  records held as text with a list of ids (before);
- an uploaded vocabulary: checking one at RNNVIS_MAX_VOCAB_TOKENS, and refusing one of 10 M lines.

    .venv/bin/python -m benchmarks.memory_limits [--tokens 50000000] [--distinct 11000000]
Each line: what, peak_mb=<MB above the process before the task>, seconds=...
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _peak(task: Callable[..., Any], *args: Any) -> tuple[float, float]:
    """(MB the task's peak resident memory adds to its process, seconds) of task(*args), run in a
    fresh process after the modules every task imports (torch among them) are loaded."""

    def child(queue: Any) -> None:
        import services.models.loading
        import services.training.trainer  # noqa: F401

        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        task(*args)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        queue.put(((after - before) / 1024, time.perf_counter() - start))

    queue: Any = multiprocessing.get_context("fork").Queue()
    process = multiprocessing.get_context("fork").Process(target=child, args=(queue,))
    process.start()
    result: tuple[float, float] = queue.get()
    process.join()
    return result


def _write_corpus(path: Path, tokens: int, distinct: int) -> None:
    with path.open("w") as f:
        line: list[str] = []
        for i in range(tokens):
            line.append(f"w{i % distinct}")
            if len(line) == 20:
                f.write(" ".join(line) + "\n")
                line = []
        f.write(" ".join(line) + "\n")


def _lines(path: Path) -> Any:
    with path.open() as f:
        yield from f


def _bounded(path: Path) -> None:
    from services.models.vocabulary import count_tokens, counting_capacity

    count_tokens(_lines(path), str.split, counting_capacity(10_000))


def _plain(path: Path) -> None:
    counts: Counter[str] = Counter()
    for text in _lines(path):
        counts.update(text.split())


def _encoder() -> Any:
    from services.corpora.encoding import TokenEncoder

    return TokenEncoder([f"w{i}" for i in range(10_000)] + ["<unk>", "<eos>"], "whitespace", False)


def _ids_streamed(path: Path) -> None:
    from services.corpora.reading import iter_records
    from services.training.language_model import token_stream

    token_stream(_encoder(), (r.text for r in iter_records(path)))


def _ids_after_records(path: Path) -> None:
    from services.corpora.reading import iter_records

    encoder = _encoder()
    records = list(iter_records(path))
    _ = [i for r in records for i in encoder.encode(r.text)[0]]


def _read_vocab(path: Path, limit: int) -> None:
    from services.models import ModelFormatError
    from services.models.vocabulary import read_vocab

    with contextlib.suppress(ModelFormatError):
        read_vocab(path, limit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=50_000_000)
    parser.add_argument("--distinct", type=int, default=11_000_000)
    parser.add_argument("--id-tokens", type=int, default=10_000_000)
    args = parser.parse_args()
    from services.settings import Settings

    vocab_limit = Settings().max_vocab_tokens
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus.txt"
        _write_corpus(corpus, args.tokens, args.distinct)
        size = corpus.stat().st_size / 1e6
        for name, task in (("bounded counter (trainer)", _bounded), ("plain Counter (before)", _plain)):
            peak, seconds = _peak(task, corpus)
            print(
                f"training vocabulary, {args.tokens:,} tokens, {args.distinct:,} distinct ({size:.0f} MB): "
                f"{name} peak_mb={peak:.0f} seconds={seconds:.1f}",
                flush=True,
            )
        ids = folder / "ids.txt"
        _write_corpus(ids, args.id_tokens, 10_000)
        for name, task in (
            ("read twice, int32 ids (trainer)", _ids_streamed),
            ("records held, list of ids (before)", _ids_after_records),
        ):
            peak, seconds = _peak(task, ids)
            print(
                f"language-model corpus, {args.id_tokens:,} tokens: {name} "
                f"peak_mb={peak:.0f} seconds={seconds:.1f}",
                flush=True,
            )
        for lines in (vocab_limit, 10_000_000):
            vocab = folder / f"vocab-{lines}.txt"
            vocab.write_text("".join(f"token{i}\n" for i in range(lines)))
            peak, seconds = _peak(_read_vocab, vocab, vocab_limit)
            verdict = "accepted" if lines <= vocab_limit else "refused"
            print(
                f"vocabulary upload check, {lines:,} lines ({verdict}; limit {vocab_limit:,}): "
                f"peak_mb={peak:.0f} seconds={seconds:.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
