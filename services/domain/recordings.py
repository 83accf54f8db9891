"""Recordings: a model read over a corpus (SPEC 3), and reads of their statistics a word, a unit or
a matrix at a time."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.database.tables import Alignment, Coclustering, CoclusteringScan, Corpus, Job, Model, Recording
from services.domain import jobs, sharing
from services.domain.access import Caller, check, record
from services.domain.access import check_reader as check_read
from services.domain.errors import NotFinished, NotFound, TooLarge
from services.domain.labels import recording_label
from services.domain.paging import PageOf, Paging, Shared
from services.domain.ports import Forget, Workers
from services.domain.uploads import forget_files
from services.jobs.messages import AlignQuestion, alignment_key
from services.models.modern import FAMILIES
from services.models.spec import RECORDED_GATES
from services.recording import Channel, as_channels, find_channel
from services.recording.channels import check_classic_options, check_lags, check_layers
from services.recording.sampling import SAMPLE_SIZE, TOP_WORDS
from services.recording.size import SizeEstimate
from services.settings import Settings
from services.storage import statistics
from services.storage.artifacts import artifact_store


def describe(rec: Recording, job: Job) -> dict[str, Any]:
    """A recording as the API answers it."""
    channels = as_channels(rec.channels or [])
    fields = {
        "label": rec.label,
        "model_id": rec.model_id,
        "corpus_id": rec.corpus_id,
        "options": rec.options,
        "layers": sorted({c.layer for c in channels}),
        "states": list(dict.fromkeys(c.state for c in channels)),
        "hidden_size": rec.hidden_size,
        "num_sequences": rec.num_sequences,
        "tokens": rec.tokens,
        "unk_tokens": rec.unk_tokens,
        "dropped_tokens": rec.dropped_tokens,
        "words": rec.words,
        "quantile_words": rec.quantile_words,
        "shards": rec.planned_shards,
        "shards_done": rec.shards_done if (rec.planned_shards or 0) > 1 else int(job.status == "succeeded"),
        "quality": rec.quality,
        "error": job.error,
    }
    return jobs.describe_record(rec, job, fields)


def create(
    db: Session, user: Caller, options: dict[str, Any], settings: Settings, workers: Workers
) -> tuple[Recording, Job]:
    """options: POST /recordings' body (model_id, corpus_id and the recording options)."""
    options = dict(options)
    model_id, corpus_id = options.pop("model_id"), options.pop("corpus_id")
    project_id = sharing.project_for_new(db, user, options.pop("project_id", None))
    model = record(db, Model, model_id, user, "model", "use")
    corpus = record(db, Corpus, corpus_id, user, "corpus", "use")
    max_tokens = options.get("max_tokens")
    if max_tokens is not None and max_tokens > settings.max_corpus_tokens:
        raise TooLarge(f"max_tokens is above the limit of {settings.max_corpus_tokens:,}")
    refusal = size_estimate(model, corpus, options).refusal(settings.max_recording_bytes)
    if refusal is not None:
        raise TooLarge(refusal)
    rec, job = jobs.start(
        db,
        user,
        "recording",
        lambda job: Recording(
            owner_id=user.id,
            project_id=project_id,
            model_id=model_id,
            corpus_id=corpus_id,
            job_id=job.id,
            options=options,
            label=recording_label(model.name, corpus.name, options),
            hidden_size=model.hidden_size,
        ),
        settings,
        workers,
    )
    sharing.created(db, user, rec, (model, corpus))
    return rec, job


def size_estimate(model: Model, corpus: Corpus, options: dict[str, Any]) -> SizeEstimate:
    """The statistics' size before anything runs; the layers and lags asked for are checked here in
    the engine's own words (services.recording.channels)."""
    layers, lags = options.get("layers"), options.get("lags") or [0]
    family = FAMILIES.get(model.cell)
    if family is not None:
        have = model.config.get("recorded_layers", list(range(model.num_layers)))
        traced = len(check_layers(have, layers, model.num_layers)) * len(family.states)
        channels = traced * len(check_lags(lags))
        # a subword tokenizer can give more tokens than white space: distinct ones are at most the bytes
        words = min(model.vocab_size, int(corpus.files.get("corpus", {}).get("bytes", model.vocab_size)))
    else:
        check_classic_options(model.cell, layers, lags)
        states = 2 if model.cell == "lstm" else 1
        gates = len(RECORDED_GATES.get(model.cell, ())) if options.get("gates") else 0
        channels, traced = model.num_layers * (states + gates), model.num_layers * states
        words = min(model.vocab_size, corpus.num_tokens + 1)  # + <eos>
    return SizeEstimate(
        words=words,
        channels=channels,
        units=model.hidden_size,
        top_words=int(options.get("top_words", TOP_WORDS)),
        sample_size=SAMPLE_SIZE,
        trace=int(options.get("trace") or 0),
        trace_channels=traced,
    )


def list_recordings(
    db: Session,
    user: Caller,
    paging: Paging,
    status: str | None = None,
    model_id: int | None = None,
    shared: Shared | None = None,
) -> PageOf[Any]:
    return jobs.list_with_jobs(db, user, Recording, paging, status, shared, model_id=model_id)


def get(db: Session, user: Caller, recording_id: int) -> tuple[Recording, Job]:
    return jobs.with_job(db, user, Recording, recording_id, "recording")


def delete(db: Session, user: Caller, settings: Settings, recording_id: int, forget: Forget) -> None:
    """Delete a recording with its statistics, co-clusterings and shard files; their jobs stop."""
    rec = record(db, Recording, recording_id, user, "recording", "manage")
    sharing.check_no_dependents(db, rec, "recording")
    sharing.deleted(db, user, rec)
    gone = drop_recordings(db, [rec.id], forget)
    db.delete(rec)
    db.commit()
    forget_recording_files(settings, gone)


def delete_with_recordings(
    db: Session,
    settings: Settings,
    kind: str,
    row: Model | Corpus,
    made_of: Any,
    forget: Forget,
    more_jobs: list[int] | None = None,
) -> None:
    """Delete an uploaded model or corpus (kind: its files' folder, "models" or "corpora") with the
    recordings made of it (made_of: their column naming it); their jobs and more_jobs stop. The
    files go once the deletion is committed."""
    record_id = row.id
    gone = drop_recordings(db, select(Recording.id).where(made_of == record_id), forget, more_jobs)
    db.delete(row)
    db.commit()
    forget_files(artifact_store(settings), kind, record_id)
    forget_recording_files(settings, gone)


def forget_recording_files(settings: Settings, recording_ids: list[int]) -> None:
    """After the commit: a sharded recording's plan and partial results, when any are left."""
    store = artifact_store(settings)
    for recording_id in recording_ids:
        forget_files(store, "recordings", recording_id)


def drop_recordings(
    db: Session, recording_ids: Any, forget: Forget, more_jobs: list[int] | None = None
) -> list[int]:
    """Before recordings go (by cascade, or one by one): evict their results and their
    co-clusterings' everywhere, and stop their jobs (and more_jobs). recording_ids: ids or a select.
    Returns the recordings' ids (for forget_recording_files once committed)."""
    co_rows = db.execute(
        select(Coclustering.id, Coclustering.job_id).where(Coclustering.recording_id.in_(recording_ids))
    ).all()
    scan_jobs = db.execute(
        select(CoclusteringScan.job_id).where(CoclusteringScan.recording_id.in_(recording_ids))
    ).scalars()
    rec_rows = db.execute(select(Recording.id, Recording.job_id).where(Recording.id.in_(recording_ids))).all()
    forget("recording", [r[0] for r in rec_rows])
    forget("coclustering", [c[0] for c in co_rows])
    jobs.cancel_jobs(
        db, [*(r[1] for r in rec_rows), *(c[1] for c in co_rows), *scan_jobs, *(more_jobs or [])]
    )
    return [r[0] for r in rec_rows]


@dataclass(frozen=True)
class FinishedRecording:
    """What a read of a finished recording needs; it never changes once the recording succeeded."""

    id: int
    owner_id: int
    channels: list[Channel]
    hidden_size: int

    def channel(self, layer: int, state: str) -> int:
        return find_channel(self.channels, layer, state, f"recording {self.id}")


def finished(db: Session, user: Caller, recording_id: int) -> FinishedRecording:
    """A recording with statistics, in one query of columns (reads are the hot path)."""
    row = db.execute(
        select(
            Recording.owner_id, Recording.channels, Recording.hidden_size, Job.status, Recording.project_id
        )
        .join(Job, Job.id == Recording.job_id)
        .where(Recording.id == recording_id)
    ).one_or_none()
    check(
        db,
        user,
        None if row is None else row[0],
        None if row is None else row[4],
        "recording",
        recording_id,
        "read",
    )
    assert row is not None
    if row[3] != "succeeded":
        raise NotFinished(f"recording {recording_id} has no statistics (status {row[3]})")
    return FinishedRecording(recording_id, row[0], as_channels(row[1] or []), row[2])


def word_response(
    db: Session,
    user: Caller,
    recording_id: int,
    word: str,
    layer: int,
    state: str,
    layouts: MutableMapping[int, FinishedRecording],
) -> tuple[int, dict[str, Any]]:
    """(owner id, one word's statistics). layouts: finished recordings already read (a cache)."""
    layout = layouts.get(recording_id)
    if layout is None:  # the first read of this recording here
        layout = layouts[recording_id] = finished(db, user, recording_id)
    channel = layout.channel(layer, state)
    # one query: the recording's owner and status (checked on every read) and the word's row
    owner, _, found = statistics.word_response_of(db, recording_id, channel, word, layout.hidden_size)
    check_read(db, user, Recording, recording_id, owner, "recording")
    assert owner is not None
    if found is None:
        raise NotFound(f"the word {word!r} does not occur in recording {recording_id}")
    return owner, {"layer": layer, "state": state, **found.__dict__}


def unit_words(
    db: Session,
    user: Caller,
    recording_id: int,
    unit: int,
    layer: int,
    state: str,
    k: int,
    min_count: int,
    score: str = "shrunk",
    prior_count: int = 20,
) -> dict[str, Any]:
    """A unit's k most positive and k most negative words by salience: the mean shrunk by the
    word's count (score "shrunk", statistics.salience) or the plain mean (score "mean")."""
    rec = finished(db, user, recording_id)
    channel = rec.channel(layer, state)
    if not 0 <= unit < rec.hidden_size:
        raise NotFound(f"unit {unit} is outside 0..{rec.hidden_size - 1}")
    shrink = prior_count if score == "shrunk" else None
    found = statistics.unit_words(db, rec.id, channel, unit, rec.hidden_size, k, min_count, shrink)
    return {
        "unit": unit,
        "layer": layer,
        "state": state,
        "score": score,
        "prior_count": prior_count if score == "shrunk" else None,
        **found,
    }


def matrix(
    db: Session, user: Caller, recording_id: int, layer: int, state: str, top_words: int, min_count: int
) -> dict[str, Any]:
    """E[response | word] of the top_words most frequent words seen min_count times."""
    rec = finished(db, user, recording_id)
    words, values, counts = statistics.mean_matrix(
        db, rec.id, rec.channel(layer, state), top_words, min_count
    )
    return {"layer": layer, "state": state, "words": words, "counts": counts, "mean": values.tolist()}


def alignment(
    db: Session,
    user: Caller,
    workers: Workers,
    recording_id: int,
    other_id: int,
    layer: int,
    state: str,
    other_layer: int | None,
    other_state: str | None,
    top_words: int,
) -> dict[str, Any]:
    """Units of two recordings matched one to one; computed by a worker once, then stored."""
    rec = finished(db, user, recording_id)
    other = finished(db, user, other_id)
    other_layer = layer if other_layer is None else other_layer
    other_state = state if other_state is None else other_state
    rec.channel(layer, state)
    other.channel(other_layer, other_state)
    question = AlignQuestion(
        owner_id=user.id,
        recording_id=rec.id,
        other_id=other.id,
        layer=layer,
        state=state,
        other_layer=other_layer,
        other_state=other_state,
        top_words=top_words,
    )
    key = alignment_key(question)
    stored = db.execute(
        select(Alignment).where(*[getattr(Alignment, k) == v for k, v in key.items()])
    ).scalar_one_or_none()
    if stored is not None:
        return {"id": stored.id, **key, **stored.result}
    db.close()  # the connection goes back to the pool while the worker aligns
    return {**key, **workers.ask("align", question, user.id)}


def check_reader(db: Session, user: Caller, owner_id: int, recording_id: int) -> None:
    """NotFound unless the user may read a recording of this owner (a result kept from before)."""
    check_read(db, user, Recording, recording_id, owner_id, "recording")
