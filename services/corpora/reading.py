"""Streaming a corpus file line by line (SPEC 2): never read whole into memory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

from services.errors import UserError
from services.user_input import JsonRefused, control_character, parse_json

CorpusFormat = Literal["text", "labeled"]
FORMATS: tuple[str, ...] = ("text", "labeled")
MAX_LINE_BYTES = 16 * 1024 * 1024
CHUNK = 1024 * 1024
Digest = Any  # a hashlib object (hashlib._Hash is not public)


class CorpusFormatError(UserError):
    """A corpus that cannot be read as its format says; the message names the line."""


class CorpusChanged(CorpusFormatError):
    """The corpus file's checksum is not the one taken when it was stored."""


def check_digest(digest: Digest, expected_sha256: str) -> None:
    """CorpusChanged unless a digest fed the whole file has the checksum taken when it was stored."""
    if digest.hexdigest() != expected_sha256:
        raise CorpusChanged("the stored corpus file has changed since upload (checksum differs)")


@dataclass(frozen=True)
class Record:
    text: str
    label: str | None = None
    at: RecordStart | None = None  # where its line starts, to read the file again from there


@dataclass(frozen=True)
class RecordStart:
    """A place to start reading a corpus file again: a line's byte offset, its number (counted from
    1, for messages), and for `labeled` whether the file is JSONL (decided by its first line)."""

    offset: int
    line: int
    jsonl: bool | None = None


def iter_records(
    path: str | Path, fmt: str = "text", digest: Digest | None = None, start: RecordStart | None = None
) -> Iterator[Record]:
    """Yield one Record per non-blank line. `labeled` is TSV (label<TAB>text) or JSONL, by its first line.

    digest: fed every byte of the file, also those after the last record read when the reader
    stops early (closes this generator), so one read both parses and checksums the file.
    start: read from a record's `at` instead of the file's start (no digest then)."""
    if fmt not in FORMATS:
        raise CorpusFormatError(f"unknown corpus format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if start is not None and digest is not None:
        raise ValueError("a file read from the middle cannot be checksummed")
    jsonl: bool | None = None if start is None else start.jsonl
    for number, offset, line in _iter_lines(Path(path), digest, start):
        if not line.strip():
            continue
        if fmt == "text":
            yield Record(text=line, at=RecordStart(offset, number))
            continue
        if jsonl is None:
            jsonl = line.lstrip().startswith("{")
        record = _parse_jsonl(line, number) if jsonl else _parse_tsv(line, number)
        yield Record(record.text, record.label, RecordStart(offset, number, jsonl))


def _iter_lines(
    path: Path, digest: Digest | None = None, start: RecordStart | None = None
) -> Iterator[tuple[int, int, str]]:
    with path.open("rb") as f:
        if start is not None:
            f.seek(start.offset)
        try:
            yield from _lines_of(f, digest, start)
        finally:  # stopped early, or failed: the checksum still covers the whole file
            if digest is not None:
                while chunk := f.read(CHUNK):
                    digest.update(chunk)


def _lines_of(
    f: BinaryIO, digest: Digest | None, start: RecordStart | None
) -> Iterator[tuple[int, int, str]]:
    """(line number, byte offset of the line, the line without its end)."""
    number, offset = (0, 0) if start is None else (start.line - 1, start.offset)
    while True:
        raw = f.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        line_offset, offset = offset, offset + len(raw)
        if digest is not None:
            digest.update(raw)
        number += 1
        if len(raw) > MAX_LINE_BYTES:
            raise CorpusFormatError(f"line {number} is longer than {MAX_LINE_BYTES // (1024 * 1024)} MB")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CorpusFormatError(f"line {number} is not UTF-8 (byte {exc.start} of the line)") from exc
        if number == 1:
            text = text.lstrip("\ufeff")
        if (control := control_character(text)) is not None:
            raise CorpusFormatError(f"line {number} holds the control character {control}")
        yield number, line_offset, text.rstrip("\r\n")


def _parse_tsv(line: str, number: int) -> Record:
    label, sep, text = line.partition("\t")
    if not sep or not label.strip():
        raise CorpusFormatError(f"line {number}: expected 'label<TAB>text'")
    return Record(text=text, label=label.strip())


def _parse_jsonl(line: str, number: int) -> Record:
    try:
        obj = parse_json(line)
    except JsonRefused as exc:
        raise CorpusFormatError(f"line {number}: {exc}") from exc
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or obj.get("label") is None:
        raise CorpusFormatError(f"line {number}: expected an object with 'text' (string) and 'label'")
    return Record(text=obj["text"], label=str(obj["label"]))
