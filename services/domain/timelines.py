"""Timelines (issue 34): a model's series of checkpoints recorded over one corpus (reusing the
recordings that exist), co-clustered, and their chips followed from one checkpoint to the next
(services.comparison.timeline). One batch job does it all: see services.jobs.timeline."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.database.tables import Corpus, Job, Model, Timeline
from services.domain import checkpoints, jobs
from services.domain.access import Caller, record
from services.domain.coclusterings import check_consensus
from services.domain.errors import Invalid, NotFinished, TooLarge
from services.domain.paging import PageOf, Paging, Shared
from services.domain.ports import Workers
from services.domain.recordings import size_estimate
from services.models.spec import state_names_of
from services.settings import Settings


def describe(row: Timeline, job: Job) -> dict[str, Any]:
    params = dict(row.params)
    listed = params.pop("words", None)
    params.pop("recording", None)  # how each checkpoint is recorded: the recordings say it
    fields = {
        "model_id": row.model_id,
        "corpus_id": row.corpus_id,
        **params,
        "words_listed": listed,
        "error": job.error,
        **(row.result or {}),
    }
    return jobs.describe_record(row, job, fields)


def create(
    db: Session,
    user: Caller,
    model_id: int,
    params: dict[str, Any],
    recording: dict[str, Any],
    settings: Settings,
    workers: Workers,
) -> tuple[Timeline, Job]:
    """params: POST /models/{id}/timelines' body; recording: the options each checkpoint is recorded
    with (the API's defaults for a recording). The same request as one queued, running or finished
    answers that one."""
    params = dict(params)
    corpus = record(db, Corpus, params.pop("corpus_id"), user, "corpus", "use")
    series = checkpoints.series(db, user, model_id)
    head = next(m for m in series if m.checkpoint_of is None)
    chosen = params.pop("checkpoints")
    if chosen is not None:
        known = {m.id: m for m in series}
        strangers = [i for i in dict.fromkeys(chosen) if i not in known]
        if strangers:
            raise Invalid(
                f"model{'s' * (len(strangers) > 1)} {', '.join(map(str, strangers))} "
                f"{'are' if len(strangers) > 1 else 'is'} not in model {head.id}'s series of checkpoints "
                f"({', '.join(str(m.id) for m in series)}): a timeline follows one model's checkpoints, "
                "of one architecture and vocabulary (POST /models/{id}/checkpoints adds one)"
            )
        series = [m for m in series if m.id in set(chosen)]
    if len(series) < 2:
        raise Invalid(
            f"a timeline needs at least two checkpoints; model {head.id}'s series has {len(series)}: add "
            "checkpoints (POST /models/{id}/checkpoints) or train with checkpoint_every"
        )
    for model in series:
        record(db, Model, model.id, user, "model", "use")
    top = max(head.config.get("recorded_layers", range(head.num_layers)))
    layer = top if params["layer"] is None else params["layer"]
    if not 0 <= layer < head.num_layers:
        raise Invalid(f"layer must be in 0..{head.num_layers - 1}")
    states = state_names_of(head.cell)  # those every recording keeps: a timeline records no gates
    if params["state"] not in states:
        raise Invalid(f"state {params['state']!r}: a timeline follows one of {', '.join(states)}")
    if params["n_clusters"] > head.hidden_size:
        raise Invalid(f"n_clusters={params['n_clusters']} is more than the {head.hidden_size} units")
    check_consensus(params)
    if (params["word_selection"] == "list") != bool(params.get("words")):
        raise Invalid("words are given with word_selection 'list', and only then")
    options = {**recording, "max_tokens": params.pop("max_tokens")}
    if options["max_tokens"] is not None and options["max_tokens"] > settings.max_corpus_tokens:
        raise TooLarge(f"max_tokens is above the limit of {settings.max_corpus_tokens:,}")
    refusal = size_estimate(head, corpus, options).refusal(settings.max_recording_bytes)
    if refusal is not None:
        raise TooLarge(refusal)
    kept = {
        **params,
        "layer": layer,
        "max_tokens": options["max_tokens"],
        "checkpoint_ids": [m.id for m in series],
        "recording": options,
    }
    same = jobs.existing(db, Timeline, user, kept, model_id=head.id, corpus_id=corpus.id)
    if same is not None:
        return same
    return jobs.start(
        db,
        user,
        "timeline",
        lambda job: Timeline(
            owner_id=user.id, model_id=head.id, corpus_id=corpus.id, job_id=job.id, params=kept
        ),
        settings,
        workers,
    )


def list_timelines(
    db: Session, user: Caller, paging: Paging, model_id: int | None = None, shared: Shared | None = None
) -> PageOf[Any]:
    return jobs.list_with_jobs(db, user, Timeline, paging, None, shared, model_id=model_id)


def get(db: Session, user: Caller, timeline_id: int) -> tuple[Timeline, Job]:
    return jobs.with_job(db, user, Timeline, timeline_id, "timeline")


def finished(db: Session, user: Caller, timeline_id: int) -> Timeline:
    """A finished timeline (its tables exported); NotFinished before."""

    row, job = get(db, user, timeline_id)
    if row.result is None:
        raise NotFinished(f"timeline {row.id} is not finished (status {job.status})")
    return row


def delete(db: Session, user: Caller, timeline_id: int) -> None:
    """Delete a timeline (its job stops); the recordings it made stay, for other analyses."""
    jobs.delete_with_job(db, user, Timeline, timeline_id, "timeline")
