"""Ablations (SPEC 9): a memory chip's units (or any units of its layer) frozen or zeroed while
the model reads a corpus, beside random unit sets of the same size."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.ablation.controls import control_overlap
from services.ablation.hurt import listed
from services.database.tables import Ablation, Coclustering, Corpus, Job, Recording
from services.domain import jobs, sharing
from services.domain.access import Caller, record
from services.domain.errors import Invalid, NotFinished
from services.domain.paging import PageOf, Paging, Shared
from services.domain.ports import Workers
from services.settings import Settings


def describe(row: Ablation, job: Job) -> dict[str, Any]:
    fields = {
        "coclustering_id": row.coclustering_id,
        "corpus_id": row.corpus_id,
        **row.params,
        "error": job.error,
        **listed(row.result or {}),
    }
    return jobs.describe_record(row, job, fields)


def create(
    db: Session,
    user: Caller,
    coclustering_id: int,
    params: dict[str, Any],
    settings: Settings,
    workers: Workers,
) -> tuple[Ablation, Job]:
    """params: POST /coclusterings/{id}/ablations' body: unit_cluster i or units [..] (one of them),
    corpus_id (default: the recording's corpus), method, controls, seed, max_tokens. The same test
    as one of the user's queued, running or finished ones (the same units, corpus and settings) gets
    that one back: it would draw the same controls and find the same numbers."""
    params = dict(params)
    project_id = sharing.project_for_new(db, user, params.pop("project_id", None))
    co = record(db, Coclustering, coclustering_id, user, "co-clustering", "use")
    job = db.get_one(Job, co.job_id)
    if job.status != "succeeded" or co.result is None:
        raise NotFinished(f"co-clustering {co.id} has no result yet (status {job.status})")
    rec = db.get_one(Recording, co.recording_id)
    params = dict(params)
    cluster, units = params.pop("unit_cluster", None), params.pop("units", None)
    if (cluster is None) == (units is None):
        raise Invalid("say which units to ablate: unit_cluster (a memory chip) or units, one of them")
    if cluster is not None:
        chips = co.result["unit_clusters"]
        if not 0 <= cluster < len(chips):
            raise Invalid(f"unit_cluster {cluster} is not one of 0..{len(chips) - 1}")
        units = chips[cluster]
        if not units:
            raise Invalid(f"memory chip {cluster} has no units")
    units = sorted(set(units))
    if any(not 0 <= u < rec.hidden_size for u in units):
        raise Invalid(f"units must be some of 0..{rec.hidden_size - 1}")
    overlap = control_overlap(len(units), rec.hidden_size, params["controls"])
    if overlap is not None:
        raise Invalid(overlap)
    corpus_id = params.pop("corpus_id", None) or rec.corpus_id
    corpus = record(db, Corpus, corpus_id, user, "corpus", "use")
    kept = {**params, "unit_cluster": cluster, "units": units, "layer": co.params["layer"]}
    same = jobs.existing(db, Ablation, user, kept, coclustering_id=co.id, corpus_id=corpus.id)
    if same is not None:
        return same
    ablation, started = jobs.start(
        db,
        user,
        "ablation",
        lambda job: Ablation(
            owner_id=user.id,
            project_id=project_id,
            coclustering_id=co.id,
            corpus_id=corpus.id,
            job_id=job.id,
            params=kept,
        ),
        settings,
        workers,
    )
    sharing.created(db, user, ablation, (co, corpus))
    return ablation, started


def list_ablations(
    db: Session,
    user: Caller,
    paging: Paging,
    coclustering_id: int | None = None,
    shared: Shared | None = None,
) -> PageOf[Any]:
    return jobs.list_with_jobs(db, user, Ablation, paging, None, shared, coclustering_id=coclustering_id)


def get(db: Session, user: Caller, ablation_id: int) -> tuple[Ablation, Job]:
    return jobs.with_job(db, user, Ablation, ablation_id, "ablation")


def delete(db: Session, user: Caller, ablation_id: int) -> None:
    jobs.delete_with_job(db, user, Ablation, ablation_id, "ablation")
