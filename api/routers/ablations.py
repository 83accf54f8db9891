"""/ablations: a memory chip's units frozen or zeroed while the model reads a corpus, beside random
unit sets of the same size (SPEC 9): does the model use the chip for its cloud's words?"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import AppSettings, CurrentUser, Db, Pages, SharedFilter, Workers, page_of
from api.requests import StrictJsonRoute
from api.schemas.coclusterings import AblationCreate, AblationOut
from api.schemas.fields import ERRORS, IdFilter, IdPath, Page
from api.schemas.jobs import Accepted
from api.schemas.sharing import SHARE_SUMMARY, ShareChange
from services.database.tables import Ablation, Job
from services.domain import ablations, sharing

router = APIRouter(route_class=StrictJsonRoute, tags=["coclusterings"], responses=ERRORS)


def ablation_out(row: Ablation, job: Job) -> AblationOut:
    return AblationOut.model_validate(ablations.describe(row, job))


@router.post(
    "/coclusterings/{coclustering_id}/ablations",
    status_code=202,
    response_model=Accepted,
    summary="Test a memory chip: read the corpus with its units frozen, beside random controls",
)
def create_ablation(
    coclustering_id: IdPath,
    body: AblationCreate,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    workers: Workers,
) -> Accepted:
    row, job = ablations.create(db, user, coclustering_id, body.model_dump(), settings, workers)
    return Accepted.model_validate({"id": row.id, "status": job.status, "job_id": job.id})


@router.get("/ablations", response_model=Page[AblationOut])
def list_ablations(
    db: Db, user: CurrentUser, paging: Pages, shared: SharedFilter, coclustering_id: IdFilter = None
) -> dict[str, Any]:
    return page_of(ablations.list_ablations(db, user, paging, coclustering_id, shared), ablation_out)


@router.patch(
    "/ablations/{ablation_id}",
    response_model=AblationOut,
    summary=SHARE_SUMMARY,
)
def share_ablation(ablation_id: IdPath, body: ShareChange, db: Db, user: CurrentUser) -> AblationOut:
    row = sharing.set_project(db, user, "ablation", ablation_id, body.project_id)
    return ablation_out(row, db.get_one(Job, row.job_id))  # unshared: maybe no longer ours to read


@router.get("/ablations/{ablation_id}", response_model=AblationOut)
def get_ablation(ablation_id: IdPath, db: Db, user: CurrentUser) -> AblationOut:
    return ablation_out(*ablations.get(db, user, ablation_id))


@router.delete("/ablations/{ablation_id}", status_code=204)
def delete_ablation(ablation_id: IdPath, db: Db, user: CurrentUser) -> None:
    ablations.delete(db, user, ablation_id)
