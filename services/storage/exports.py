"""Exports of a recording's statistics and of a co-clustering as CSV, JSON or NPZ files.

Everything is written to a file a page of words at a time, so memory stays bounded by one page
however large the vocabulary; the columns and arrays are documented in docs/exports.md.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, Literal

import numpy as np
from json_stream.writer import streamable_list
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.database.tables import TraceUnit, TraceWord, WordStatistics
from services.errors import UserError
from services.recording import QUANTILES
from services.storage.statistics import words_seen_at_least

Format = Literal["csv", "json", "npz"]
FORMATS: tuple[Format, ...] = ("csv", "json", "npz")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json", "npz": "application/zip"}
COCLUSTERING_TABLES = ("units", "words", "edges")
PAGE = 500  # words read from the database at a time

RECORDING_COLUMNS = ["layer", "state", "rank", "word", "count", "unit", "mean", "std"] + [
    f"q{q}" for q in QUANTILES
]
TRACE_COLUMNS = ["layer", "state", "rank", "word", "k", "count", "unit", "trace"]
RecordingTable = Literal["words", "trace"]  # CSV: the statistics, or the trace (SPEC 13)


@dataclass(frozen=True)
class RecordingExport:
    """What to export: the recording's id and description, its channels, and the words kept."""

    recording_id: int
    meta: dict[str, Any]  # the recording as GET /recordings/{id} describes it
    channels: list[tuple[int, int, str]]  # (channel index in the database, layer, state)
    hidden_size: int
    top_words: int | None = None  # the most frequent words only
    min_count: int = 1
    trace: list[tuple[int, str]] | None = None  # the traced (layer, state) exported; None: no trace kept
    trace_depth: int = 0
    table: RecordingTable = "words"


def _trace_rows(session: Session, spec: RecordingExport, layer: int, state: str) -> Iterator[Any]:
    """(rank, word, counts, trace) of a traced channel's words, by rank, PAGE at a time."""
    tw = TraceWord
    for start in range(0, _traced_words(session, spec), PAGE):
        yield from session.execute(
            select(tw.rank, tw.word, tw.counts, tw.trace)
            .where(
                tw.recording_id == spec.recording_id,
                tw.layer == layer,
                tw.state == state,
                tw.rank >= start,
                tw.rank < start + PAGE,
            )
            .order_by(tw.rank)
        )


def _traced_words(session: Session, spec: RecordingExport) -> int:
    if not spec.trace:
        return 0
    layer, state = spec.trace[0]
    return int(
        session.execute(
            select(func.count())
            .select_from(TraceWord)
            .where(
                TraceWord.recording_id == spec.recording_id,
                TraceWord.layer == layer,
                TraceWord.state == state,
            )
        ).scalar_one()
    )


def _half_lives(session: Session, spec: RecordingExport, layer: int, state: str) -> list[float | None]:
    return list(
        session.execute(
            select(TraceUnit.half_life)
            .where(
                TraceUnit.recording_id == spec.recording_id,
                TraceUnit.layer == layer,
                TraceUnit.state == state,
            )
            .order_by(TraceUnit.unit)
        ).scalars()
    )


def _f4(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4")


def _word_count(session: Session, spec: RecordingExport) -> int:
    seen = words_seen_at_least(session, spec.recording_id, spec.channels[0][0], spec.min_count)
    return seen if spec.top_words is None else min(seen, spec.top_words)


def _rows(session: Session, spec: RecordingExport, channel: int, columns: Sequence[Any]) -> Iterator[Any]:
    """The channel's word rows in rank order, PAGE at a time, limited to the exported words."""
    words = _word_count(session, spec)
    ws = WordStatistics
    for start in range(0, words, PAGE):
        yield from session.execute(
            select(*columns)
            .where(
                ws.recording_id == spec.recording_id,
                ws.channel == channel,
                ws.rank >= start,
                ws.rank < min(start + PAGE, words),
            )
            .order_by(ws.rank)
        )


def _number(value: float) -> str:
    return f"{value:.9g}"  # 9 significant digits: a float32 reads back exactly


def write_recording(session: Session, spec: RecordingExport, fmt: Format, out: IO[bytes]) -> None:
    if fmt == "csv" and spec.table == "trace":
        _trace_csv(session, spec, out)
        return
    {"csv": _recording_csv, "json": _recording_json, "npz": _recording_npz}[fmt](session, spec, out)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula: one that starts like a formula gets a
    leading apostrophe (OWASP's advice). Words only; numbers are written as numbers."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _recording_csv(session: Session, spec: RecordingExport, out: IO[bytes]) -> None:
    """One row per (layer, state, word, unit): tidy, ready for pandas.read_csv."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    csv.writer(text, lineterminator="\n").writerow(RECORDING_COLUMNS)
    ws = WordStatistics
    blank = "," * len(QUANTILES)
    for channel, layer, state in spec.channels:
        columns = (ws.rank, ws.word, ws.count, ws.mean, ws.std, ws.quantiles)
        for rank, word, count, mean_blob, std_blob, q_blob in _rows(session, spec, channel, columns):
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow(
                [layer, state, rank, spreadsheet_safe(word), count]
            )
            prefix = buffer.getvalue().rstrip("\n")
            mean, std = _f4(mean_blob).tolist(), _f4(std_blob).tolist()
            quantiles = None if q_blob is None else _f4(q_blob).reshape(len(QUANTILES), -1).T.tolist()
            lines = []
            for unit in range(spec.hidden_size):
                tail = blank if quantiles is None else "," + ",".join(map(_number, quantiles[unit]))
                lines.append(f"{prefix},{unit},{_number(mean[unit])},{_number(std[unit])}{tail}\n")
            text.write("".join(lines))
    text.flush()
    text.detach()


def _trace_csv(session: Session, spec: RecordingExport, out: IO[bytes]) -> None:
    """One row per (layer, state, traced word, k, unit): trace_k(w) of SPEC 13 (empty: no step k later)."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    csv.writer(text, lineterminator="\n").writerow(TRACE_COLUMNS)
    for layer, state in spec.trace or []:
        for rank, word, counts_blob, trace_blob in _trace_rows(session, spec, layer, state):
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow([layer, state, rank, spreadsheet_safe(word)])
            prefix = buffer.getvalue().rstrip("\n")
            counts = np.frombuffer(counts_blob, dtype="<i8")
            values = _f4(trace_blob).reshape(len(counts), -1)
            lines = [
                f"{prefix},{k},{counts[k]},{unit},{'' if np.isnan(v) else _number(float(v))}\n"
                for k in range(len(counts))
                for unit, v in enumerate(values[k])
            ]
            text.write("".join(lines))
    text.flush()
    text.detach()


def _recording_json(session: Session, spec: RecordingExport, out: IO[bytes]) -> None:
    """{recording, quantile_levels, channels: [{layer, state, words: [{rank, word, count, mean,
    std, quantiles}]}]}: json encodes it as the rows arrive (json_stream's lists are generators)."""
    ws = WordStatistics
    columns = (ws.rank, ws.word, ws.count, ws.mean, ws.std, ws.quantiles)

    @streamable_list
    def words(channel: int) -> Iterator[dict[str, Any]]:
        for rank, word, count, mean, std, q in _rows(session, spec, channel, columns):
            quantiles = None
            if q is not None:
                values = _f4(q).reshape(len(QUANTILES), -1)
                quantiles = {str(level): values[j].tolist() for j, level in enumerate(QUANTILES)}
            yield {
                "rank": rank,
                "word": word,
                "count": count,
                "mean": _f4(mean).tolist(),
                "std": _f4(std).tolist(),
                "quantiles": quantiles,
            }

    @streamable_list
    def channels() -> Iterator[dict[str, Any]]:
        for channel, layer, state in spec.channels:
            yield {"layer": layer, "state": state, "words": words(channel)}

    @streamable_list
    def traced_words(layer: int, state: str) -> Iterator[dict[str, Any]]:
        for rank, word, counts_blob, trace_blob in _trace_rows(session, spec, layer, state):
            counts = np.frombuffer(counts_blob, dtype="<i8")
            values = _f4(trace_blob).reshape(len(counts), -1)
            yield {
                "rank": rank,
                "word": word,
                "count": counts.tolist(),
                "trace": [[None if np.isnan(v) else float(v) for v in row] for row in values],
            }

    @streamable_list
    def traced() -> Iterator[dict[str, Any]]:
        for layer, state in spec.trace or []:
            yield {
                "layer": layer,
                "state": state,
                "half_life": _half_lives(session, spec, layer, state),
                "words": traced_words(layer, state),
            }

    trace = None if spec.trace is None else {"depth": spec.trace_depth, "channels": traced()}
    document = {
        "recording": spec.meta,
        "quantile_levels": list(QUANTILES),
        "channels": channels(),
        "trace": trace,
    }
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    json.dump(document, text)
    text.flush()
    text.detach()


def _npy_header(entry: IO[bytes], dtype: str, shape: tuple[int, ...]) -> None:
    np.lib.format.write_array_header_2_0(entry, {"descr": dtype, "fortran_order": False, "shape": shape})


def _put_array(archive: zipfile.ZipFile, name: str, values: np.ndarray) -> None:
    with archive.open(f"{name}.npy", "w", force_zip64=True) as entry:
        np.lib.format.write_array(entry, np.asarray(values), allow_pickle=False)


def _recording_npz(session: Session, spec: RecordingExport, out: IO[bytes]) -> None:
    """numpy.load-able arrays; mean, std and quantiles are streamed into the archive row by row."""
    ws = WordStatistics
    first = spec.channels[0][0]
    words: list[str] = []
    counts: list[int] = []
    quantile_words: list[int] = []
    for rank, word, count, has_q in _rows(session, spec, first, (ws.rank, ws.word, ws.count, ws.quantiles)):
        words.append(word)
        counts.append(count)
        if has_q is not None:
            quantile_words.append(rank)
    shape = (len(spec.channels), len(words), spec.hidden_size)
    hidden = spec.hidden_size
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        _put_array(archive, "words", np.array(words, dtype=str))
        _put_array(archive, "counts", np.array(counts, dtype=np.int64))
        _put_array(archive, "layers", np.array([c[1] for c in spec.channels], dtype=np.int64))
        _put_array(archive, "states", np.array([c[2] for c in spec.channels], dtype=str))
        _put_array(archive, "quantile_levels", np.array(QUANTILES, dtype=np.int64))
        _put_array(archive, "quantile_words", np.array(quantile_words, dtype=np.int64))
        _put_array(archive, "meta", np.array(json.dumps(spec.meta)))
        for name, column in (("mean", ws.mean), ("std", ws.std)):
            with archive.open(f"{name}.npy", "w", force_zip64=True) as entry:
                _npy_header(entry, "<f4", shape)
                for channel, _, _ in spec.channels:
                    for (blob,) in _rows(session, spec, channel, (column,)):
                        entry.write(blob)
        with archive.open("quantiles.npy", "w", force_zip64=True) as entry:
            _npy_header(entry, "<f4", (len(spec.channels), len(quantile_words), len(QUANTILES), hidden))
            for channel, _, _ in spec.channels:
                for (blob,) in _rows(session, spec, channel, (ws.quantiles,)):
                    if blob is not None:
                        entry.write(blob)
        if spec.trace:
            _trace_npz(session, spec, archive)


def _trace_npz(session: Session, spec: RecordingExport, archive: zipfile.ZipFile) -> None:
    """trace_words [T], trace_counts [T, K+1], trace_layers/trace_states [Ct], trace [Ct, T, K+1, H]
    (streamed; nan: no step k later) and trace_half_life [Ct, H] (nan: longer than the trace)."""
    assert spec.trace
    layer, state = spec.trace[0]
    words, counts = [], []
    for _, word, counts_blob, _ in _trace_rows(session, spec, layer, state):
        words.append(word)
        counts.append(np.frombuffer(counts_blob, dtype="<i8"))
    lags = spec.trace_depth + 1
    _put_array(archive, "trace_words", np.array(words, dtype=str))
    _put_array(archive, "trace_counts", np.array(counts, dtype=np.int64).reshape(len(words), lags))
    _put_array(archive, "trace_layers", np.array([c[0] for c in spec.trace], dtype=np.int64))
    _put_array(archive, "trace_states", np.array([c[1] for c in spec.trace], dtype=str))
    half_lives = [[np.nan if h is None else h for h in _half_lives(session, spec, *c)] for c in spec.trace]
    _put_array(archive, "trace_half_life", np.array(half_lives, dtype=np.float32))
    with archive.open("trace.npy", "w", force_zip64=True) as entry:
        _npy_header(entry, "<f4", (len(spec.trace), len(words), lags, spec.hidden_size))
        for layer, state in spec.trace:
            for *_, blob in _trace_rows(session, spec, layer, state):
                entry.write(blob)


def write_coclustering(result: dict[str, Any], fmt: Format, out: IO[bytes], table: str = "words") -> None:
    """result: the co-clustering as GET /coclusterings/{id} answers it (finished)."""
    if fmt == "json":
        out.write(json.dumps(result).encode())
    elif fmt == "npz":
        _coclustering_npz(result, out)
    else:
        _coclustering_csv(result, out, table)


def _coclustering_csv(result: dict[str, Any], out: IO[bytes], table: str) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\n")
    if table == "units":
        writer.writerow(["unit", "cluster"])
        writer.writerows(enumerate(result["unit_labels"]))
    elif table == "words":
        writer.writerow(["rank", "word", "cluster", "strength"])
        rows = zip(result["words"], result["word_labels"], result["word_strength"], strict=True)
        for rank, (word, cluster, strength) in enumerate(rows):
            writer.writerow([rank, spreadsheet_safe(word), cluster, _number(strength)])
    elif table == "edges":
        # SPEC 4: edges[i][j] joins word cluster (cloud) i and unit cluster (memory chip) j
        writer.writerow(["word_cluster", "unit_cluster", "weight"])
        for i, row in enumerate(result["edges"]):
            writer.writerows([i, j, _number(weight)] for j, weight in enumerate(row))
    else:
        raise UserError(f"table must be one of {', '.join(COCLUSTERING_TABLES)}, not {table!r}")
    text.flush()
    text.detach()


def _coclustering_npz(result: dict[str, Any], out: IO[bytes]) -> None:
    meta = {k: v for k, v in result.items() if not isinstance(v, list | dict)}
    dropped = result.get("dropped") or {}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _put_array(archive, "unit_labels", np.array(result["unit_labels"], dtype=np.int64))
        _put_array(archive, "words", np.array(result["words"], dtype=str))
        _put_array(archive, "word_labels", np.array(result["word_labels"], dtype=np.int64))
        _put_array(archive, "word_strength", np.array(result["word_strength"], dtype=np.float64))
        _put_array(archive, "edges", np.array(result["edges"], dtype=np.float64))
        _put_array(archive, "dropped_units", np.array(dropped.get("units", []), dtype=np.int64))
        _put_array(archive, "dropped_words", np.array(dropped.get("words", []), dtype=str))
        _put_array(archive, "meta", np.array(json.dumps(meta, default=str)))


def write_ablation(result: dict[str, Any], fmt: Format, out: IO[bytes]) -> None:
    """result: the ablation as GET /ablations/{id} answers it (finished). CSV: one row per word
    cloud (word_cluster, steps, delta_loss, control_mean, control_std, z); JSON: all of it."""
    if fmt == "json":
        out.write(json.dumps(result).encode())
        return
    if fmt != "csv":
        raise UserError("an ablation exports as csv or json")
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["word_cluster", "steps", "delta_loss", "control_mean", "control_std", "z"])
    columns = ("cluster_counts", "delta_loss", "control_delta_loss_mean", "control_delta_loss_std", "z")
    for i, values in enumerate(zip(*(result[c] for c in columns), strict=True)):
        writer.writerow([i, values[0], *("" if v is None else _number(v) for v in values[1:])])
    text.flush()
    text.detach()


TimelineTable = Literal["links", "events", "word_paths"]


def write_timeline(result: dict[str, Any], fmt: Format, out: IO[bytes], table: TimelineTable) -> None:
    """result: the timeline as GET /timelines/{id} answers it (finished). JSON: all of it; CSV: one
    table, its rows named by the checkpoints' steps (docs/exports.md)."""
    if fmt == "json":
        out.write(json.dumps(result).encode())
        return
    if fmt != "csv":
        raise UserError("a timeline exports as csv or json")
    steps = [c["step"] for c in result["checkpoints"]]
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\n")
    if table == "links":
        writer.writerow(
            [
                "checkpoint",
                "step",
                "next_step",
                "source",
                "target",
                "units",
                "share_of_source",
                "share_of_target",
                "matched",
            ]
        )
        for link in result["links"]:
            t = link["checkpoint"]
            writer.writerow(
                [
                    t,
                    steps[t],
                    steps[t + 1],
                    link["source"],
                    link["target"],
                    link["units"],
                    _number(link["share_of_source"]),
                    _number(link["share_of_target"]),
                    int(link["matched"]),
                ]
            )
    elif table == "events":
        writer.writerow(["checkpoint", "step", "next_step", "kind", "sources", "targets", "text"])
        for event in result["events"]:
            t = event["checkpoint"]
            writer.writerow(
                [
                    t,
                    steps[t],
                    steps[t + 1],
                    event["kind"],
                    " ".join(map(str, event["sources"])),
                    " ".join(map(str, event["targets"])),
                    event["text"],
                ]
            )
    else:
        writer.writerow(["word", *(f"step_{s}" if s is not None else "last" for s in steps)])
        for word, path in result["word_paths"].items():
            writer.writerow([word, *("" if chip is None else chip for chip in path)])
    text.flush()
    text.detach()
