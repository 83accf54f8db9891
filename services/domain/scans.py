"""Scans over k (SPEC 9, choosing k): one recording's matrix co-clustered for every k in a range
with several seeds; the answer per k and the suggested k."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.database.tables import CoclusteringScan, Job
from services.domain import jobs, sharing
from services.domain.access import Caller
from services.domain.coclusterings import check_consensus, check_word_selection, recorded_channel
from services.domain.errors import Invalid
from services.domain.paging import PageOf, Paging, Shared
from services.domain.ports import Workers
from services.settings import Settings


def describe(row: CoclusteringScan, job: Job) -> dict[str, Any]:
    params = dict(row.params)
    listed = params.pop("words", None)
    fields = {
        "recording_id": row.recording_id,
        **params,
        "words_listed": listed,
        "error": job.error,
        **(row.result or {}),
    }
    return jobs.describe_record(row, job, fields)


def create(
    db: Session, user: Caller, recording_id: int, params: dict[str, Any], settings: Settings, workers: Workers
) -> tuple[CoclusteringScan, Job]:
    """params: POST /recordings/{id}/coclustering-scans' body; layer None is the top layer."""
    params = dict(params)
    project_id = sharing.project_for_new(db, user, params.pop("project_id", None))
    rec, layer, channel = recorded_channel(db, user, recording_id, params)
    check_consensus(params)
    if params["k_min"] > params["k_max"]:
        raise Invalid(f"k_min={params['k_min']} is more than k_max={params['k_max']}")
    if params["k_min"] > rec.hidden_size:
        raise Invalid(f"k_min={params['k_min']} is more than the {rec.hidden_size} units")
    # the word rules of a co-clustering, checked as for one with the smallest k
    checked = check_word_selection(
        db, rec, channel, {**params, "layer": layer, "n_clusters": params["k_min"]}
    )
    checked.pop("n_clusters")
    same = jobs.existing(db, CoclusteringScan, user, checked, recording_id=rec.id)
    if same is not None:
        return same
    scan, job = jobs.start(
        db,
        user,
        "coclustering_scan",
        lambda job: CoclusteringScan(
            owner_id=user.id, project_id=project_id, recording_id=rec.id, job_id=job.id, params=checked
        ),
        settings,
        workers,
    )
    sharing.created(db, user, scan, (rec,))
    return scan, job


def list_scans(
    db: Session, user: Caller, paging: Paging, recording_id: int | None = None, shared: Shared | None = None
) -> PageOf[Any]:
    return jobs.list_with_jobs(db, user, CoclusteringScan, paging, None, shared, recording_id=recording_id)


def get(db: Session, user: Caller, scan_id: int) -> tuple[CoclusteringScan, Job]:
    return jobs.with_job(db, user, CoclusteringScan, scan_id, "scan")


def delete(db: Session, user: Caller, scan_id: int) -> None:
    jobs.delete_with_job(db, user, CoclusteringScan, scan_id, "scan")
