"""Recording statistics in PostgreSQL: write once, then read a word, a unit or a matrix at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from services.database.tables import Job, Recording, UnitStatistics, WordStatistics
from services.errors import UserError
from services.recording import QUANTILES, ResponseStatistics, find_channel, salience
from services.storage.traces import save_trace

INSERT_BATCH = 2000


def _blob(values: np.ndarray) -> bytes:
    return np.ascontiguousarray(values, dtype="<f4").tobytes()


def _array(blob: bytes, shape: tuple[int, ...] | None = None) -> np.ndarray:
    values = np.frombuffer(blob, dtype="<f4")
    return values.reshape(shape) if shape else values


def save_statistics(session: Session, recording_id: int, stats: ResponseStatistics, vocab: list[str]) -> None:
    """Replace the recording's rows (a retried job writes the same rows again)."""
    session.execute(delete(WordStatistics).where(WordStatistics.recording_id == recording_id))
    session.execute(delete(UnitStatistics).where(UnitStatistics.recording_id == recording_id))
    quantile_row = {int(w): i for i, w in enumerate(stats.quantile_word_ids)}
    for channel in range(len(stats.channels)):
        rows: list[dict[str, Any]] = []
        for rank, (word_id, count) in enumerate(zip(stats.word_ids, stats.counts, strict=True)):
            q = quantile_row.get(int(word_id))
            rows.append(
                {
                    "recording_id": recording_id,
                    "channel": channel,
                    "rank": rank,
                    "word_id": int(word_id),
                    "word": vocab[int(word_id)],
                    "count": int(count),
                    "mean": _blob(stats.mean[channel, rank]),
                    "std": _blob(stats.std[channel, rank]),
                    "quantiles": None if q is None else _blob(stats.quantiles[channel, q]),
                }
            )
            if len(rows) == INSERT_BATCH:
                session.execute(insert(WordStatistics), rows)
                rows = []
        if rows:
            session.execute(insert(WordStatistics), rows)
        by_unit = np.ascontiguousarray(stats.mean[channel].T)  # [H, W]
        units = [
            {"recording_id": recording_id, "channel": channel, "unit": u, "mean": _blob(by_unit[u])}
            for u in range(by_unit.shape[0])
        ]
        for start in range(0, len(units), INSERT_BATCH):
            session.execute(insert(UnitStatistics), units[start : start + INSERT_BATCH])
    save_trace(session, recording_id, stats.trace, vocab)


def _quantile_dict(blob: bytes | None, hidden: int, unit: int | None = None) -> dict[str, Any] | None:
    if blob is None:
        return None
    values = _array(blob, (len(QUANTILES), hidden))
    return {
        str(q): (values[i].tolist() if unit is None else float(values[i, unit]))
        for i, q in enumerate(QUANTILES)
    }


@dataclass(frozen=True)
class WordResponse:
    word: str
    count: int
    mean: list[float]
    std: list[float]
    quantiles: dict[str, Any] | None


def word_response_of(
    session: Session, recording_id: int, channel: int, word: str, hidden: int
) -> tuple[int | None, str | None, WordResponse | None]:
    """(owner id, job status, the word's statistics) of a recording in one round trip.

    (None, None, None) when the recording does not exist; the statistics are None for a word it did
    not see.
    """
    ws = WordStatistics
    row = session.execute(
        select(Recording.owner_id, Job.status, ws.word, ws.count, ws.mean, ws.std, ws.quantiles)
        .select_from(Recording)
        .join(Job, Job.id == Recording.job_id)
        .outerjoin(ws, (ws.recording_id == Recording.id) & (ws.channel == channel) & (ws.word == word))
        .where(Recording.id == recording_id)
    ).one_or_none()
    if row is None:
        return None, None, None
    if row[2] is None or row[1] != "succeeded":
        return row[0], row[1], None
    stats = WordResponse(
        word=row[2],
        count=row[3],
        mean=_array(row[4]).tolist(),
        std=_array(row[5]).tolist(),
        quantiles=_quantile_dict(row[6], hidden),
    )
    return row[0], row[1], stats


def words_seen_at_least(session: Session, recording_id: int, channel: int, min_count: int) -> int:
    """How many words (a prefix of the frequency ranking) were seen at least min_count times."""
    last = session.execute(
        select(func.max(WordStatistics.rank)).where(
            WordStatistics.recording_id == recording_id,
            WordStatistics.channel == channel,
            WordStatistics.count >= min_count,
        )
    ).scalar_one_or_none()
    return 0 if last is None else int(last) + 1


def unit_words(
    session: Session,
    recording_id: int,
    channel: int,
    unit: int,
    hidden: int,
    k: int,
    min_count: int = 1,
    prior_count: int | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The k most positive and k most negative words of one unit by salience (positive and
    negative only), among the words seen at least min_count times."""
    blob = session.execute(
        select(UnitStatistics.mean).where(
            UnitStatistics.recording_id == recording_id,
            UnitStatistics.channel == channel,
            UnitStatistics.unit == unit,
        )
    ).scalar_one()
    seen = words_seen_at_least(session, recording_id, channel, min_count)
    means = _array(blob)[:seen].astype(np.float64)
    counts = np.asarray(
        session.execute(
            select(WordStatistics.count)
            .where(
                WordStatistics.recording_id == recording_id,
                WordStatistics.channel == channel,
                WordStatistics.rank < seen,
            )
            .order_by(WordStatistics.rank)
        )
        .scalars()
        .all(),
        dtype=np.float64,
    )
    scores = salience(means, counts, prior_count)
    order = np.argsort(scores, kind="stable")
    positive = [int(r) for r in order[::-1][:k] if scores[r] > 0]
    negative = [int(r) for r in order[:k] if scores[r] < 0]
    rows = {
        row.rank: row
        for row in session.execute(
            select(WordStatistics).where(
                WordStatistics.recording_id == recording_id,
                WordStatistics.channel == channel,
                WordStatistics.rank.in_(positive + negative),
            )
        ).scalars()
    }

    def describe(rank: int) -> dict[str, Any]:
        row = rows[rank]
        return {
            "word": row.word,
            "count": row.count,
            "mean": float(means[rank]),
            "score": float(scores[rank]),
            "std": float(_array(row.std)[unit]),
            "quantiles": _quantile_dict(row.quantiles, hidden, unit),
        }

    return {"positive": [describe(r) for r in positive], "negative": [describe(r) for r in negative]}


def _by_rank(recording_id: int, channel: int, min_count: int) -> Any:
    """(word, mean, count) of a channel's words seen min_count times, most frequent first."""
    return (
        select(WordStatistics.word, WordStatistics.mean, WordStatistics.count)
        .where(
            WordStatistics.recording_id == recording_id,
            WordStatistics.channel == channel,
            WordStatistics.count >= min_count,
        )
        .order_by(WordStatistics.rank)
    )


def mean_matrix(
    session: Session, recording_id: int, channel: int, top_words: int, min_count: int = 1
) -> tuple[list[str], np.ndarray, list[int]]:
    """(words, E[response|word] [N, H], counts) of the top_words most frequent words seen min_count times."""
    rows = session.execute(_by_rank(recording_id, channel, min_count).limit(top_words)).all()
    if not rows:
        return [], np.zeros((0, 0), np.float32), []
    matrix = np.stack([_array(r[1]) for r in rows])
    return [r[0] for r in rows], matrix, [int(r[2]) for r in rows]


WORD_SELECTIONS = ("frequent", "salient", "list")
SALIENT_BATCH = 2000  # word rows read at a time while the most salient are kept


def missing_words(session: Session, recording_id: int, channel: int, words: list[str]) -> list[str]:
    """The words of `words` that the recording never saw (in the order given)."""
    found = set(
        session.execute(
            select(WordStatistics.word).where(
                WordStatistics.recording_id == recording_id,
                WordStatistics.channel == channel,
                WordStatistics.word.in_(words),
            )
        ).scalars()
    )
    return [w for w in words if w not in found]


def selected_matrix(
    session: Session,
    recording_id: int,
    channel: int,
    selection: str,
    top_words: int,
    min_count: int = 1,
    words: list[str] | None = None,
) -> tuple[list[str], np.ndarray, list[int]]:
    """(words, E[response|word] [N, H], counts) of the words SPEC 9's word selection names:
    `frequent` the top_words most frequent seen min_count times (SPEC 4); `salient` among those
    seen min_count times, the top_words with the largest mean |E[response|word]| over units (read
    in batches, only the best kept); `list` the given words that occur, in the order given."""
    if selection == "frequent":
        return mean_matrix(session, recording_id, channel, top_words, min_count)
    if selection == "list":
        rows = {
            r[0]: r
            for r in session.execute(
                select(WordStatistics.word, WordStatistics.mean, WordStatistics.count).where(
                    WordStatistics.recording_id == recording_id,
                    WordStatistics.channel == channel,
                    WordStatistics.word.in_(words or []),
                )
            )
        }
        chosen = [rows[w] for w in dict.fromkeys(words or []) if w in rows]
    elif selection == "salient":
        query = _by_rank(recording_id, channel, min_count).execution_options(yield_per=SALIENT_BATCH)
        kept: list[tuple[float, int, Any]] = []
        for order, row in enumerate(session.execute(query)):
            kept.append((float(np.abs(_array(row[1])).mean()), -order, row))
            if len(kept) >= 2 * top_words + SALIENT_BATCH:
                kept = sorted(kept, key=lambda t: t[:2], reverse=True)[:top_words]
        chosen = [t[2] for t in sorted(kept, key=lambda t: t[:2], reverse=True)[:top_words]]
    else:
        raise UserError(f"word_selection must be one of {', '.join(WORD_SELECTIONS)}, not {selection!r}")
    if not chosen:
        return [], np.zeros((0, 0), np.float32), []
    return [r[0] for r in chosen], np.stack([_array(r[1]) for r in chosen]), [int(r[2]) for r in chosen]


def coclustering_matrix(
    session: Session, rec: Recording, params: dict[str, Any]
) -> tuple[list[str], np.ndarray, list[int]]:
    """The words and E[Δs|word] matrix a co-clustering or scan with these params reads (SPEC 9)."""
    channel = find_channel(rec.channels or [], params["layer"], params["state"], f"recording {rec.id}")
    words, matrix, counts = selected_matrix(
        session,
        rec.id,
        channel,
        params.get("word_selection", "frequent"),
        params["top_words"],
        params["min_count"],
        params.get("words"),
    )
    if not words:
        raise UserError(f"no word was seen at least {params['min_count']} times (min_count)")
    return words, matrix, counts
