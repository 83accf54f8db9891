"""A recording's trace in PostgreSQL (SPEC 13): written once beside its statistics, then read a word,
a unit or a channel's half-lives at a time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from services.database.tables import TraceUnit, TraceWord
from services.recording.channels import Channel
from services.recording.trace import TraceStatistics, chip_half_life

INSERT_BATCH = 2000


def _f4(values: np.ndarray) -> bytes:
    return np.ascontiguousarray(values, dtype="<f4").tobytes()


def _floats(blob: bytes, shape: tuple[int, ...]) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4").reshape(shape)


def save_trace(session: Session, recording_id: int, trace: TraceStatistics | None, vocab: list[str]) -> None:
    """Replace the recording's trace rows (a retried job writes the same rows again)."""
    session.execute(delete(TraceWord).where(TraceWord.recording_id == recording_id))
    session.execute(delete(TraceUnit).where(TraceUnit.recording_id == recording_id))
    if trace is None:
        return
    for channel, at in enumerate(trace.channels):
        key = {"recording_id": recording_id, "layer": at.layer, "state": at.state}
        words = [
            {
                **key,
                "word_id": int(word_id),
                "rank": rank,
                "word": vocab[int(word_id)],
                "counts": np.ascontiguousarray(trace.counts[rank], dtype="<i8").tobytes(),
                "trace": _f4(trace.trace[channel, rank]),
            }
            for rank, word_id in enumerate(trace.word_ids)
        ]
        for start in range(0, len(words), INSERT_BATCH):
            session.execute(insert(TraceWord), words[start : start + INSERT_BATCH])
        curves = trace.unit_curves(channel)
        units = [
            {
                **key,
                "unit": unit,
                "half_life": None if np.isnan(curves.half_life[unit]) else float(curves.half_life[unit]),
                "words": np.ascontiguousarray(trace.word_ids[curves.top[unit]], dtype="<i4").tobytes(),
                "curves": _f4(trace.trace[channel, curves.top[unit], :, unit]),
                "mean": _f4(curves.mean[unit]),
            }
            for unit in range(trace.trace.shape[3])
        ]
        for start in range(0, len(units), INSERT_BATCH):
            session.execute(insert(TraceUnit), units[start : start + INSERT_BATCH])


@dataclass(frozen=True)
class WordTrace:
    word: str
    counts: list[int]  # [depth + 1]
    trace: list[list[float | None]]  # [depth + 1][H], None where no step k later


def word_trace(session: Session, recording_id: int, layer: int, state: str, word: str) -> WordTrace | None:
    """A traced word's trace; None when the word is not among the traced ones."""
    row = session.execute(
        select(TraceWord.word, TraceWord.counts, TraceWord.trace).where(
            TraceWord.recording_id == recording_id,
            TraceWord.layer == layer,
            TraceWord.state == state,
            TraceWord.word == word,
        )
    ).first()
    if row is None:
        return None
    counts = np.frombuffer(row[1], dtype="<i8")
    values = _floats(row[2], (len(counts), -1))
    return WordTrace(row[0], counts.tolist(), _nullable(values))


def _nullable(values: np.ndarray) -> list[list[float | None]]:
    return [[None if np.isnan(v) else float(v) for v in row] for row in values]


def traced_channels(session: Session, recording_id: int) -> list[Channel]:
    """The (layer, state) pairs whose trace the recording kept, in order."""
    rows = session.execute(
        select(TraceUnit.layer, TraceUnit.state)
        .where(TraceUnit.recording_id == recording_id)
        .distinct()
        .order_by(TraceUnit.layer, TraceUnit.state)
    )
    return [Channel(int(layer), str(state)) for layer, state in rows]


def half_lives(session: Session, recording_id: int, layer: int, state: str) -> list[float | None]:
    """Every unit's half-life in unit order (empty when the recording kept no trace)."""
    return list(
        session.execute(
            select(TraceUnit.half_life)
            .where(TraceUnit.recording_id == recording_id, TraceUnit.layer == layer, TraceUnit.state == state)
            .order_by(TraceUnit.unit)
        ).scalars()
    )


@dataclass(frozen=True)
class UnitTrace:
    unit: int
    half_life: float | None
    mean: list[float | None]  # [depth + 1]: the mean |trace_k| over the top words
    word_ids: list[int]  # the top words, largest |trace_0| first
    curves: list[list[float | None]]  # their trace_k [depth + 1]


def unit_trace(session: Session, recording_id: int, layer: int, state: str, unit: int) -> UnitTrace | None:
    row = session.execute(
        select(TraceUnit).where(
            TraceUnit.recording_id == recording_id,
            TraceUnit.layer == layer,
            TraceUnit.state == state,
            TraceUnit.unit == unit,
        )
    ).scalar_one_or_none()
    if row is None:
        return None
    mean = np.frombuffer(row.mean, dtype="<f4")
    ids = np.frombuffer(row.words, dtype="<i4")
    curves = _floats(row.curves, (len(ids), len(mean)))
    return UnitTrace(
        unit=unit,
        half_life=row.half_life,
        mean=_nullable(mean[None])[0],
        word_ids=ids.tolist(),
        curves=_nullable(curves),
    )


def chip_half_lives(
    unit_half_lives: list[float | None], unit_labels: list[int], chips: int
) -> list[float | None]:
    """Each unit cluster's half-life (services.recording.trace.chip_half_life), in cluster order."""
    values = np.asarray([np.nan if h is None else h for h in unit_half_lives], dtype=np.float64)
    labels = np.asarray(unit_labels)
    return [chip_half_life(values[labels == chip]) for chip in range(chips)]
