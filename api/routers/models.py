"""/models: upload (validated, nothing kept when refused), list, read, delete, sentence evaluation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile

from api.deps import AppSettings, Caches, CurrentUser, Db, OwnedModel, Pages, Workers, page_of
from api.requests import StrictJsonRoute
from api.schemas import ERRORS, EvaluateRequest, IdPath, ModelOut, Page
from services.database.tables import Model
from services.domain import models

router = APIRouter(route_class=StrictJsonRoute, tags=["models"], responses=ERRORS)


def model_out(model: Model) -> ModelOut:
    return ModelOut.model_validate(models.describe(model))


@router.post("/models", status_code=201, response_model=ModelOut, summary="Upload a trained model")
def create_model(
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    name: Annotated[str, Form()],
    weights: Annotated[UploadFile, File(description=".safetensors or a PyTorch state_dict (weights only)")],
    vocab: Annotated[UploadFile, File(description="vocab.txt: one token per line, line i is id i")],
    config: Annotated[UploadFile | None, File(description="optional config.json")] = None,
) -> ModelOut:
    model = models.create(
        db, user, settings, name, weights.file, vocab.file, None if config is None else config.file
    )
    return model_out(model)


@router.get("/models", response_model=Page[ModelOut])
def list_models(db: Db, user: CurrentUser, paging: Pages) -> dict[str, Any]:
    return page_of(models.list_models(db, user, paging), model_out)


@router.get("/models/{model_id}", response_model=ModelOut)
def get_model(model: OwnedModel) -> ModelOut:
    return model_out(model)


@router.delete("/models/{model_id}", status_code=204, summary="Delete a model, its files and its recordings")
def delete_model(model_id: IdPath, db: Db, user: CurrentUser, settings: AppSettings, caches: Caches) -> None:
    models.delete(db, user, settings, model_id, caches.forget)


@router.post("/models/{model_id}/evaluate", summary="Read a sentence: states, predictions, glyphs (SPEC 5)")
def evaluate(
    model_id: IdPath,
    body: EvaluateRequest,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    workers: Workers,
) -> dict[str, Any]:
    return models.evaluate(db, user, settings, workers, model_id, **body.model_dump())
