"""From text to token-id sequences (SPEC 2): tokenizing, <eos> and <unk>, lines or stream mode."""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from services.corpora.reading import CorpusFormatError, Digest, RecordStart, check_digest, iter_records
from services.corpora.tokenizers import get_tokenizer
from services.errors import UserError

SequenceMode = Literal["lines", "stream"]
EOS, UNK = "<eos>", "<unk>"


class TokenEncoder:
    """Maps text to vocabulary ids: <eos> appended when the vocabulary has it; unknown tokens become
    <unk> when it has that, else are dropped."""

    def __init__(
        self,
        vocab: list[str],
        tokenizer: str = "whitespace",
        lowercase: bool = False,
        append_eos: bool = True,
    ) -> None:
        self.vocab = vocab
        self.index = {token: i for i, token in enumerate(vocab)}
        self.split = get_tokenizer(tokenizer, lowercase)
        self.eos_id = self.index.get(EOS) if append_eos else None
        self.unk_id = self.index.get(UNK)

    def encode(self, text: str) -> tuple[list[int], int, int]:
        """-> (ids, unk_tokens, dropped_tokens)."""
        ids: list[int] = []
        unk = dropped = 0
        get = self.index.get
        for token in self.split(text):
            token_id = get(token)
            if token_id is None:
                if self.unk_id is None:
                    dropped += 1
                    continue
                unk += 1
                token_id = self.unk_id
            ids.append(token_id)
        if self.eos_id is not None and ids:
            ids.append(self.eos_id)
        return ids, unk, dropped


class TokenizerJsonEncoder:
    """Maps text to ids with a model's own tokenizer.json (SPEC 11): each line encoded without added
    special tokens (no BOS: step t reads token t), then its end-of-sequence token when the model has
    one. A token the tokenizer maps to its unknown token counts as <unk>; none is ever dropped."""

    def __init__(
        self, vocab: list[str], tokenizer_json: str, eos: str | None, append_eos: bool = True
    ) -> None:
        from tokenizers import Tokenizer  # the worker's import, not the API's

        self.vocab = vocab
        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        index = {token: i for i, token in enumerate(vocab)}
        self.eos_id = index.get(eos) if (append_eos and eos is not None) else None
        unknown = _unknown_token(self.tokenizer)
        self.unk_id = index.get(unknown) if unknown is not None else None

    def encode(self, text: str) -> tuple[list[int], int, int]:
        """-> (ids, unk_tokens, dropped_tokens)."""
        ids = list(self.tokenizer.encode(text.rstrip("\r\n"), add_special_tokens=False).ids)
        unk = ids.count(self.unk_id) if self.unk_id is not None else 0
        if self.eos_id is not None and ids:
            ids.append(self.eos_id)
        return ids, unk, 0


def _unknown_token(tokenizer: object) -> str | None:
    """The unknown token of a tokenizer's model (WordLevel, BPE, WordPiece, Unigram), if it has one."""
    model = getattr(tokenizer, "model", None)
    token = getattr(model, "unk_token", None)
    if isinstance(token, str):
        return token
    unk_id = getattr(model, "unk_id", None)  # Unigram names it by id
    if isinstance(unk_id, int):
        found = tokenizer.id_to_token(unk_id)  # type: ignore[attr-defined]
        return found if isinstance(found, str) else None
    return None


Encoder = TokenEncoder | TokenizerJsonEncoder


@dataclass(frozen=True)
class Sequence:
    ids: np.ndarray  # [length] int64
    label: str | None = None
    at: RecordStart | None = None  # `lines` mode: where its line starts (SequenceSource.starting_at)


@dataclass
class CorpusScan:
    """What a first, cheap pass over the corpus tells: sizes, counts per word, labels."""

    num_sequences: int = 0
    tokens: int = 0
    unk_tokens: int = 0
    dropped_tokens: int = 0
    word_counts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    labels: dict[str, int] = field(default_factory=dict)


class SequenceSource:
    """Re-iterable stream of sequences from a corpus file; memory does not depend on the file's size."""

    def __init__(
        self,
        path: str | Path,
        encoder: Encoder,
        fmt: str = "text",
        sequence_mode: str = "lines",
        segment_length: int = 1000,
        max_tokens: int | None = None,
        sha256: str | None = None,
    ) -> None:
        """sha256: the file's checksum when stored; scan() checks it in the same read that counts."""
        if sequence_mode not in ("lines", "stream"):
            raise UserError(f"sequence_mode must be 'lines' or 'stream', not {sequence_mode!r}")
        if segment_length < 1:
            raise UserError("segment_length must be at least 1")
        if max_tokens is not None and max_tokens < 1:
            raise UserError("max_tokens must be at least 1")
        self.path, self.encoder, self.fmt = Path(path), encoder, fmt
        self.mode, self.segment_length, self.max_tokens = sequence_mode, segment_length, max_tokens
        self.sha256 = sha256
        self.start: RecordStart | None = None
        self.unk_tokens = self.dropped_tokens = 0

    def starting_at(self, start: RecordStart) -> SequenceSource:
        """The same corpus read from a sequence's `at` (lines mode), for a shard of it (SPEC 10)."""
        if self.mode != "lines":
            raise ValueError("only a corpus read in lines mode can be read from the middle")
        again = SequenceSource(
            self.path, self.encoder, self.fmt, self.mode, self.segment_length, self.max_tokens
        )
        again.start = start
        return again

    def __iter__(self) -> Iterator[Sequence]:
        return self._sequences()

    def _sequences(self, digest: Digest | None = None) -> Iterator[Sequence]:
        taken = 0
        self.unk_tokens = self.dropped_tokens = 0
        raw = self._raw_sequences(digest)
        try:
            for seq, unk, dropped in raw:
                if self.max_tokens is not None and taken + len(seq.ids) > self.max_tokens:
                    return
                taken += len(seq.ids)
                self.unk_tokens += unk
                self.dropped_tokens += dropped
                yield seq
        finally:
            raw.close()  # the reader finishes the file's digest (if any) before we go on

    def _raw_sequences(self, digest: Digest | None = None) -> Generator[tuple[Sequence, int, int]]:
        if self.mode == "lines":
            for record in iter_records(self.path, self.fmt, digest, self.start):
                ids, unk, dropped = self.encoder.encode(record.text)
                if ids:
                    yield Sequence(np.asarray(ids, dtype=np.int64), record.label, record.at), unk, dropped
                elif dropped:
                    self.dropped_tokens += dropped
            return
        buffer: list[int] = []
        unk_total = dropped_total = 0
        for record in iter_records(self.path, self.fmt, digest):
            ids, unk, dropped = self.encoder.encode(record.text)
            buffer.extend(ids)
            unk_total += unk
            dropped_total += dropped
            while len(buffer) >= self.segment_length:
                segment, buffer = buffer[: self.segment_length], buffer[self.segment_length :]
                # unk/dropped counts are attributed to the segment that completes them
                yield Sequence(np.asarray(segment, dtype=np.int64)), unk_total, dropped_total
                unk_total = dropped_total = 0
        if buffer:
            yield Sequence(np.asarray(buffer, dtype=np.int64)), unk_total, dropped_total

    def scan(self) -> CorpusScan:
        """First pass: counts per word (for the quantile plan and top words), sizes, labels; and
        the file's checksum when one was given (CorpusChanged if it differs)."""
        counts = np.zeros(len(self.encoder.vocab), dtype=np.int64)
        scan = CorpusScan(word_counts=counts)
        pending: list[np.ndarray] = []
        pending_tokens = 0
        digest = None if self.sha256 is None else hashlib.sha256()
        for seq in self._sequences(digest):
            scan.num_sequences += 1
            scan.tokens += len(seq.ids)
            pending.append(seq.ids)
            pending_tokens += len(seq.ids)
            if pending_tokens >= 1 << 16:  # bincount in chunks: one call per line would cost O(lines x V)
                counts += np.bincount(np.concatenate(pending), minlength=len(counts))
                pending, pending_tokens = [], 0
            if seq.label is not None:
                scan.labels[seq.label] = scan.labels.get(seq.label, 0) + 1
        if pending:
            counts += np.bincount(np.concatenate(pending), minlength=len(counts))
        scan.unk_tokens, scan.dropped_tokens = self.unk_tokens, self.dropped_tokens
        if digest is not None and self.sha256 is not None:
            check_digest(digest, self.sha256)
        if scan.tokens == 0:
            raise CorpusFormatError(
                "the corpus has no tokens the model knows (empty, or every token dropped)"
            )
        return scan
