"""/provenance/{kind}/{id}: where a figure comes from, for the files the web client and the Python
client write (services.domain.provenance)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.deps import CurrentUser, Db
from api.requests import StrictJsonRoute
from api.schemas.fields import ERRORS, IdPath
from api.schemas.figures import ProvenanceOut
from services.domain.provenance import Kind, provenance

router = APIRouter(route_class=StrictJsonRoute, tags=["figures"], responses=ERRORS)


@router.get(
    "/provenance/{kind}/{record_id}",
    response_model=ProvenanceOut,
    summary="A figure's provenance: model, weights' sha256, corpus, ids, options, version, caption, citation",
)
def get_provenance(
    kind: Annotated[Kind, Path(description="the kind of record the figure draws")],
    record_id: IdPath,
    db: Db,
    user: CurrentUser,
) -> ProvenanceOut:
    return ProvenanceOut.model_validate(provenance(db, user, kind, record_id))
