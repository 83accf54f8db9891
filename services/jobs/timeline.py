"""The timeline job (issue 34): each checkpoint of the series recorded over the corpus, or its
existing recording reused; each co-clustered; chips followed from one checkpoint to the next.

A checkpoint without a recording is recorded here, in this job's process, as a recording of its
own (a Recording row and its job, as POST /recordings makes them), so that it is reused by the next
timeline and opens in every view. It is recorded in one piece: its shards would wait for a batch
worker, and this job holds one. A cancel is seen between checkpoints; the recording under way is
finished and kept.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.comparison.timeline import Snapshot, chips_of, tracks, transition, word_paths
from services.database.session import session_scope
from services.database.tables import Corpus, Job, Model, Recording, Timeline
from services.domain.labels import recording_label
from services.errors import Cancelled, UserError
from services.jobs.messages import SendPart
from services.jobs.runners import cocluster_matrix, run_recording
from services.jobs.running import (
    TimeLimitErrors,
    corpus_path,
    database,
    job_record,
    load_stored_model,
    recording_options,
    run_job,
)
from services.jobs.tracking import JobReporter, succeed
from services.recording import open_corpus
from services.recording.quality import classifier_reading
from services.settings import Settings
from services.storage.statistics import coclustering_matrix

SHARDS_ARE_SAME = ("shards",)  # options that change how a recording runs, not its statistics


def same_options(a: dict[str, Any], b: dict[str, Any]) -> bool:
    drop = set(SHARDS_ARE_SAME)
    return {k: v for k, v in a.items() if k not in drop} == {k: v for k, v in b.items() if k not in drop}


def find_recording(
    session: Session, owner_id: int, model_id: int, corpus_id: int, options: dict[str, Any]
) -> int | None:
    """The owner's finished recording of this model over this corpus with these options, if any."""
    found = session.execute(
        select(Recording.id, Recording.options)
        .join(Job, Job.id == Recording.job_id)
        .where(
            Recording.owner_id == owner_id,
            Recording.model_id == model_id,
            Recording.corpus_id == corpus_id,
            Job.status == "succeeded",
        )
        .order_by(Recording.id)
    ).all()
    return next((rec_id for rec_id, kept in found if same_options(kept, options)), None)


def no_shards(part: str, job_id: int, index: int | None) -> None:
    raise RuntimeError("a timeline records in one piece")  # shards: 1 never plans any (a bug if it does)


def record_checkpoint(
    settings: Settings,
    owner_id: int,
    model_id: int,
    corpus_id: int,
    options: dict[str, Any],
    timed_out: TimeLimitErrors,
) -> int:
    """Record one checkpoint here, as a recording of its own; returns its id."""
    db = database(settings)
    with session_scope(db) as session:
        model, corpus = session.get_one(Model, model_id), session.get_one(Corpus, corpus_id)
        job = Job(
            owner_id=owner_id,
            kind="recording",
            status="queued",
            progress=0.0,
            message="recorded by a timeline",
        )
        session.add(job)
        session.flush()
        rec = Recording(
            owner_id=owner_id,
            project_id=None,
            model_id=model_id,
            corpus_id=corpus_id,
            job_id=job.id,
            options={**options, "shards": 1},
            label=recording_label(model.name, corpus.name, options),
            hidden_size=model.hidden_size,
        )
        session.add(rec)
        session.flush()
        rec_id, job_id = rec.id, job.id
    send: SendPart = no_shards
    status = run_recording(settings, job_id, send, timed_out)
    if status != "succeeded":
        with session_scope(db) as session:
            error = session.get_one(Job, job_id).error
        raise UserError(f"recording {rec_id} of model {model_id} {status}: {error or 'stopped'}")
    return rec_id


def classifier_figures(
    settings: Settings, model_id: int, corpus_id: int, options: dict[str, Any]
) -> dict[str, Any] | None:
    """A classifier checkpoint's accuracy on the corpus, read as its recording reads it (a language
    model's loss is its recording's reading quality, already kept)."""
    with session_scope(database(settings)) as session:
        model, corpus = session.get_one(Model, model_id), session.get_one(Corpus, corpus_id)
        loaded = load_stored_model(settings, model)
        path, fmt = corpus_path(settings, corpus), corpus.format
    reading = classifier_reading(loaded, open_corpus(loaded, path, fmt, recording_options(options)[0]))
    return None if reading is None else reading.to_json()


def run_timeline(settings: Settings, job_id: int, timed_out: TimeLimitErrors = ()) -> str:
    db = database(settings)

    def work(reporter: JobReporter) -> None:
        with session_scope(db) as session:
            row = job_record(session, Timeline, job_id)
            p, timeline_id, owner_id, corpus_id = dict(row.params), row.id, row.owner_id, row.corpus_id
            models = {
                m.id: (m.name, m.step, m.task)
                for m in session.execute(select(Model).where(Model.id.in_(p["checkpoint_ids"]))).scalars()
            }
        ids = [i for i in p["checkpoint_ids"] if i in models]
        if len(ids) < 2:
            raise UserError("fewer than two of the timeline's checkpoints are left: they were deleted")
        share = 0.9 / len(ids)
        snapshots: list[Snapshot] = []
        points: list[dict[str, Any]] = []
        strengths: list[np.ndarray] = []
        for position, model_id in enumerate(ids):
            if reporter.should_stop():
                raise Cancelled("timeline stopped on request")
            name, step, task = models[model_id]
            where = f"checkpoint {position + 1} of {len(ids)} (step {step if step is not None else 'last'})"
            with session_scope(db) as session:
                rec_id = find_recording(session, owner_id, model_id, corpus_id, p["recording"])
            reused = rec_id is not None
            if rec_id is None:
                reporter.progress(position * share, f"recording {where}", force=True)
                rec_id = record_checkpoint(settings, owner_id, model_id, corpus_id, p["recording"], timed_out)
            reporter.progress((position + 0.8) * share, f"co-clustering {where}", force=True)
            with session_scope(db) as session:
                rec = session.get_one(Recording, rec_id)
                words, matrix, counts = coclustering_matrix(session, rec, p)
                quality = dict(rec.quality or {})
            found = cocluster_matrix(words, matrix, counts, p)
            labelled: dict[str, Any] = {}
            if task == "classifier":
                labelled = classifier_figures(settings, model_id, corpus_id, p["recording"]) or {}
            snapshots.append(
                Snapshot(
                    words,
                    matrix,
                    np.asarray(found["unit_labels"]),
                    np.asarray(found["word_labels"]),
                    p["n_clusters"],
                )
            )
            strengths.append(np.asarray(found["word_strength"]))
            points.append(
                {
                    "model_id": model_id,
                    "name": name,
                    "step": step,
                    "recording_id": rec_id,
                    "reused": reused,
                    "loss": quality.get("loss"),
                    "perplexity": quality.get("perplexity"),
                    "accuracy": labelled.get("accuracy"),
                    "majority_accuracy": labelled.get("majority_accuracy"),
                    "quality": found["quality"],
                    "stability": found["stability"],
                    "words": len(words),
                }
            )
        reporter.progress(0.92, "following the chips from one checkpoint to the next", force=True)
        moves = [transition(a, b, p["threshold"]) for a, b in zip(snapshots, snapshots[1:], strict=False)]
        lanes = tracks(snapshots, moves, p["threshold"])
        for point, snapshot, strength, lane in zip(points, snapshots, strengths, lanes, strict=True):
            point["chips"] = chips_of(snapshot, strength, lane)
        result = {
            "checkpoints": points,
            "links": [
                {"checkpoint": t, **link.to_json()} for t, move in enumerate(moves) for link in move.links
            ],
            "events": [{"checkpoint": t, **event} for t, move in enumerate(moves) for event in move.events],
            "unit_maps": [
                {
                    "checkpoint": t,
                    "predecessor": move.predecessor.tolist(),
                    "correlation": np.round(move.correlation, 6).tolist(),
                }
                for t, move in enumerate(moves)
            ],
            "word_paths": word_paths(snapshots, snapshots[-1].words),
        }
        with session_scope(db) as session:
            session.get_one(Timeline, timeline_id).result = result
            events = len(result["events"])
            succeed(
                session,
                job_id,
                f"followed {p['n_clusters']} chips over {len(ids)} checkpoints: {events} events",
            )

    return run_job(settings, job_id, work, timed_out)
