"""/coclustering-scans: a recording's matrix co-clustered for a range of k and several seeds, to
choose k (SPEC 9): modularity and stability per k, and the suggested k."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import AppSettings, CurrentUser, Db, Pages, SharedFilter, Workers, page_of
from api.requests import StrictJsonRoute
from api.schemas.coclusterings import ScanCreate, ScanOut
from api.schemas.fields import ERRORS, IdFilter, IdPath, Page
from api.schemas.jobs import Accepted
from api.schemas.sharing import SHARE_SUMMARY, ShareChange
from services.database.tables import CoclusteringScan, Job
from services.domain import scans, sharing

router = APIRouter(route_class=StrictJsonRoute, tags=["coclusterings"], responses=ERRORS)


def scan_out(row: CoclusteringScan, job: Job) -> ScanOut:
    return ScanOut.model_validate(scans.describe(row, job))


@router.post(
    "/recordings/{recording_id}/coclustering-scans",
    status_code=202,
    response_model=Accepted,
    tags=["recordings"],
    summary="Scan k: co-cluster for every k in a range with several seeds",
)
def create_scan(
    recording_id: IdPath, body: ScanCreate, db: Db, user: CurrentUser, settings: AppSettings, workers: Workers
) -> Accepted:
    row, job = scans.create(db, user, recording_id, body.model_dump(), settings, workers)
    return Accepted.model_validate({"id": row.id, "status": job.status, "job_id": job.id})


@router.get("/coclustering-scans", response_model=Page[ScanOut])
def list_scans(
    db: Db, user: CurrentUser, paging: Pages, shared: SharedFilter, recording_id: IdFilter = None
) -> dict[str, Any]:
    return page_of(scans.list_scans(db, user, paging, recording_id, shared), scan_out)


@router.patch(
    "/coclustering-scans/{scan_id}",
    response_model=ScanOut,
    summary=SHARE_SUMMARY,
)
def share_scan(scan_id: IdPath, body: ShareChange, db: Db, user: CurrentUser) -> ScanOut:
    row = sharing.set_project(db, user, "scan", scan_id, body.project_id)
    return scan_out(row, db.get_one(Job, row.job_id))  # unshared: maybe no longer ours to read


@router.get("/coclustering-scans/{scan_id}", response_model=ScanOut)
def get_scan(scan_id: IdPath, db: Db, user: CurrentUser) -> ScanOut:
    return scan_out(*scans.get(db, user, scan_id))


@router.delete("/coclustering-scans/{scan_id}", status_code=204)
def delete_scan(scan_id: IdPath, db: Db, user: CurrentUser) -> None:
    scans.delete(db, user, scan_id)
