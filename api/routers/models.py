"""/models: upload (validated, nothing kept when refused), list, read, delete, sentence evaluation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from sqlalchemy import select

from api.deps import AppSettings, CurrentUser, Db, owned, visible
from api.queueing import ask_worker
from api.routers.lifecycle import Paging, check_name, drop_recordings, page, store_upload, upload_budget
from api.schemas import ERRORS, EvaluateRequest, ModelOut, Page
from services.database.tables import Coclustering, Job, Model, Recording, model_columns
from services.models import ModelFormatError, load_model
from services.storage.artifacts import ArtifactStore

router = APIRouter(tags=["models"], responses=ERRORS)


def model_out(model: Model) -> ModelOut:
    config = model.config
    return ModelOut(
        id=model.id,
        name=model.name,
        cell=model.cell,
        num_layers=model.num_layers,
        hidden_size=model.hidden_size,
        embedding_size=model.embedding_size,
        vocab_size=model.vocab_size,
        task=model.task,
        num_classes=model.num_classes,
        tokenizer=config.get("tokenizer", "whitespace"),
        lowercase=bool(config.get("lowercase", False)),
        labels=config.get("labels"),
        files=model.files,
        owner_id=model.owner_id,
        created_at=model.created_at,
    )


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
    name = check_name(name)
    store = ArtifactStore(settings.artifacts)
    staging = store.staging()
    try:
        limit = upload_budget(db, user, settings)
        files = {"weights": store_upload(store, staging, "weights.bin", weights, limit)}
        files["vocab"] = store_upload(store, staging, "vocab.txt", vocab, limit)
        if config is not None:
            files["config"] = store_upload(store, staging, "config.json", config, limit)
        try:
            loaded = load_model(
                files["weights"].path,
                files["vocab"].path,
                files["config"].path if "config" in files else None,
            )
        except ModelFormatError as exc:
            raise HTTPException(422, f"model refused: {exc}") from exc
        model = Model(
            owner_id=user.id,
            name=name,
            files={role: f.describe() for role, f in files.items()},
            **model_columns(loaded.spec.to_config()),
        )
        db.add(model)
        db.flush()
        store.promote(staging, "models", model.id)
        db.commit()
    finally:
        store.discard(staging)  # gone already when promoted
    return model_out(model)


@router.get("/models", response_model=Page[ModelOut])
def list_models(db: Db, user: CurrentUser, paging: Annotated[Paging, Depends()]) -> dict[str, Any]:
    query = visible(select(Model), Model, user).order_by(Model.id)
    return page(db, query, paging, model_out)


@router.get("/models/{model_id}", response_model=ModelOut)
def get_model(model_id: int, db: Db, user: CurrentUser) -> ModelOut:
    return model_out(owned(db, Model, model_id, user, "model"))


@router.delete("/models/{model_id}", status_code=204, summary="Delete a model, its files and its recordings")
def delete_model(model_id: int, db: Db, user: CurrentUser, settings: AppSettings, request: Request) -> None:
    model = owned(db, Model, model_id, user, "model")
    drop_recordings(db, request, select(Recording.id).where(Recording.model_id == model.id))
    db.delete(model)
    db.commit()
    ArtifactStore(settings.artifacts).remove("models", model_id)


@router.post("/models/{model_id}/evaluate", summary="Read a sentence: states, predictions, glyphs (SPEC 5)")
def evaluate(
    model_id: int, body: EvaluateRequest, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
    settings = request.app.state.settings
    model = owned(db, Model, model_id, user, "model")
    if len(body.text) > settings.max_text_chars:
        raise HTTPException(413, f"text is longer than the limit of {settings.max_text_chars:,} characters")
    if body.coclustering_id is not None:
        co = owned(db, Coclustering, body.coclustering_id, user, "co-clustering")
        rec = db.get(Recording, co.recording_id)
        if rec is None or rec.model_id != model.id:
            raise HTTPException(422, f"co-clustering {co.id} is not of model {model.id}")
        job = db.get(Job, co.job_id)
        if co.result is None:
            raise HTTPException(
                409, f"co-clustering {co.id} is not finished (status {job.status if job else '?'})"
            )
    if body.layer is not None and not 0 <= body.layer < model.num_layers:
        raise HTTPException(422, f"layer must be in 0..{model.num_layers - 1}")
    if body.output is not None:
        outputs = model.vocab_size if model.task == "language_model" else int(model.num_classes or 0)
        if body.output >= outputs:
            raise HTTPException(422, f"output must be in 0..{outputs - 1}")
    answer = ask_worker(
        request,
        "rnnvis.evaluate",
        [model.id, body.text, body.coclustering_id, body.layer, body.state, body.output],
    )
    return {"model_id": model.id, "coclustering_id": body.coclustering_id, **answer}
