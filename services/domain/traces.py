"""Reading a recording's trace (SPEC 13): a word's trace, a unit's curves and half-life, and the
half-lives of a co-clustering's memory chips."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.database.tables import Recording, TraceWord
from services.domain import coclusterings, recordings
from services.domain.access import Caller
from services.domain.errors import NotFinished, NotFound
from services.recording import Channel
from services.recording.channels import UnknownChannel
from services.recording.trace import MAX_TRACE
from services.storage import traces


def trace_depth(rec: Recording) -> int:
    """How many steps the recording traced (0: it kept no trace)."""
    return int((rec.options or {}).get("trace") or 0)


def no_trace(recording_id: int) -> NotFound:
    """The one refusal of a read that needs a trace the recording did not keep."""
    return NotFound(
        f"recording {recording_id} kept no trace: record it again with trace 1..{MAX_TRACE} (SPEC 13)"
    )


def _traced(db: Session, recording_id: int, layer: int, state: str) -> int:
    """The recording's trace depth, once (layer, state) is known to be traced; the refusal in words
    otherwise: no trace kept (404), or not of that channel (422, naming the traced ones)."""
    depth = trace_depth(db.get_one(Recording, recording_id))
    if depth == 0:
        raise no_trace(recording_id)
    have = traces.traced_channels(db, recording_id)
    if Channel(layer, state) not in have:
        raise UnknownChannel(
            f"no layer {layer} state {state!r} in the trace of recording {recording_id} "
            f"(it has {', '.join(map(str, have)) or 'none'})"
        )
    return depth


def word_trace(
    db: Session, user: Caller, recording_id: int, layer: int, state: str, word: str | None
) -> dict[str, Any]:
    """A word's trace [depth + 1][H] and counts, beside every unit's half-life."""
    recordings.finished(db, user, recording_id)
    depth = _traced(db, recording_id, layer, state)
    found = None
    if word is not None:
        found = traces.word_trace(db, recording_id, layer, state, word)
        if found is None:
            raise NotFound(
                f"the word {word!r} is not traced in recording {recording_id}: a trace keeps the "
                "recording's top_words most frequent words"
            )
    return {
        "layer": layer,
        "state": state,
        "depth": depth,
        "word": None if found is None else found.word,
        "count": None if found is None else found.counts,
        "trace": None if found is None else found.trace,
        "half_life": traces.half_lives(db, recording_id, layer, state),
    }


def unit_trace(
    db: Session, user: Caller, recording_id: int, unit: int, layer: int, state: str
) -> dict[str, Any]:
    """A unit's half-life and the trace curves of its top words."""
    rec = recordings.finished(db, user, recording_id)
    depth = _traced(db, recording_id, layer, state)
    if not 0 <= unit < rec.hidden_size:
        raise NotFound(f"unit {unit} is outside 0..{rec.hidden_size - 1}")
    found = traces.unit_trace(db, recording_id, layer, state, unit)
    assert found is not None  # every unit of a traced channel has its row
    rows = db.execute(
        select(TraceWord.word_id, TraceWord.word).where(
            TraceWord.recording_id == recording_id,
            TraceWord.layer == layer,
            TraceWord.state == state,
            TraceWord.word_id.in_(found.word_ids),
        )
    )
    names = {int(word_id): str(word) for word_id, word in rows}  # dict(result) would read it as a mapping
    return {
        "unit": unit,
        "layer": layer,
        "state": state,
        "depth": depth,
        "half_life": found.half_life,
        "mean": found.mean,
        "words": [
            {"word": names[i], "trace": curve} for i, curve in zip(found.word_ids, found.curves, strict=True)
        ],
    }


def chip_half_lives(db: Session, user: Caller, coclustering_id: int) -> dict[str, Any]:
    """Each memory chip's half-life: the median of its units' (SPEC 13)."""
    co, job = coclusterings.get(db, user, coclustering_id)
    if job.status != "succeeded" or not co.result:
        raise NotFinished(f"co-clustering {coclustering_id} has no chips yet (status {job.status})")
    layer, state = int(co.params["layer"]), str(co.params["state"])
    depth = _traced(db, co.recording_id, layer, state)
    units = traces.half_lives(db, co.recording_id, layer, state)
    labels = list(co.result["unit_labels"])
    return {
        "recording_id": co.recording_id,
        "layer": layer,
        "state": state,
        "depth": depth,
        "chips": traces.chip_half_lives(units, labels, len(co.result["edges"])),
        "units": units,
    }
