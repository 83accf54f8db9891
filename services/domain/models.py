"""Models: upload (checked, nothing kept when refused), list, read, delete, and sentence evaluation."""

from __future__ import annotations

from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.database.tables import Coclustering, Job, Model, Recording, model_columns
from services.domain import trainings
from services.domain.access import Caller, owned, visible
from services.domain.errors import Invalid, NotFinished, TooLarge
from services.domain.paging import PageOf, Paging, page
from services.domain.ports import Forget, Workers
from services.domain.recordings import drop_recordings
from services.domain.uploads import check_name, keep, save_upload, upload_budget
from services.models import ModelFormatError, load_model
from services.settings import Settings
from services.storage.artifacts import ArtifactStore


def describe(model: Model) -> dict[str, Any]:
    """A model as the API answers it."""
    config = model.config
    return {
        "id": model.id,
        "name": model.name,
        "cell": model.cell,
        "num_layers": model.num_layers,
        "hidden_size": model.hidden_size,
        "embedding_size": model.embedding_size,
        "vocab_size": model.vocab_size,
        "task": model.task,
        "num_classes": model.num_classes,
        "tokenizer": config.get("tokenizer", "whitespace"),
        "lowercase": bool(config.get("lowercase", False)),
        "labels": config.get("labels"),
        "files": model.files,
        "training": trainings.summary(model.training),
        "owner_id": model.owner_id,
        "created_at": model.created_at,
    }


def create(
    db: Session,
    user: Caller,
    settings: Settings,
    name: str,
    weights: BinaryIO,
    vocab: BinaryIO,
    config: BinaryIO | None = None,
) -> Model:
    """Store an uploaded model once its weights, vocabulary and config agree (SPEC 1)."""
    name = check_name(name)
    store = ArtifactStore(settings.artifacts)
    with store.staged() as staging:
        limit = upload_budget(db, user, settings)
        files = {"weights": save_upload(store, staging, "weights.bin", weights, limit)}
        files["vocab"] = save_upload(store, staging, "vocab.txt", vocab, limit)
        if config is not None:
            files["config"] = save_upload(store, staging, "config.json", config, limit)
        try:
            loaded = load_model(
                files["weights"].path,
                files["vocab"].path,
                files["config"].path if "config" in files else None,
                max_vocab_tokens=settings.max_vocab_tokens,
            )
        except ModelFormatError as exc:
            raise Invalid(f"model refused: {exc}") from exc
        model = Model(
            owner_id=user.id,
            name=name,
            files={role: f.describe() for role, f in files.items()},
            **model_columns(loaded.spec.to_config()),
        )
        keep(db, store, staging, "models", model)
    return model


def list_models(db: Session, user: Caller, paging: Paging) -> PageOf[Any]:
    return page(db, visible(select(Model), Model, user).order_by(Model.id), paging)


def get(db: Session, user: Caller, model_id: int) -> Model:
    return owned(db, Model, model_id, user, "model")


def delete(db: Session, user: Caller, settings: Settings, model_id: int, forget: Forget) -> None:
    """Delete a model, its files and its recordings (their jobs stop)."""
    model = owned(db, Model, model_id, user, "model")
    drop_recordings(db, select(Recording.id).where(Recording.model_id == model.id), forget)
    db.delete(model)
    db.commit()
    ArtifactStore(settings.artifacts).remove("models", model_id)


def evaluate(
    db: Session,
    user: Caller,
    settings: Settings,
    workers: Workers,
    model_id: int,
    text: str,
    coclustering_id: int | None = None,
    layer: int | None = None,
    state: str | None = None,
    output: int | None = None,
) -> dict[str, Any]:
    """A worker reads the text (SPEC 5): states, predictions, glyphs (with a co-clustering of this
    model) and the decomposition of one output's logit."""
    model = owned(db, Model, model_id, user, "model")
    if len(text) > settings.max_text_chars:
        raise TooLarge(f"text is longer than the limit of {settings.max_text_chars:,} characters")
    if coclustering_id is not None:
        co = owned(db, Coclustering, coclustering_id, user, "co-clustering")
        rec = db.get(Recording, co.recording_id)
        if rec is None or rec.model_id != model.id:
            raise Invalid(f"co-clustering {co.id} is not of model {model.id}")
        if co.result is None:
            job = db.get(Job, co.job_id)
            raise NotFinished(f"co-clustering {co.id} is not finished (status {job.status if job else '?'})")
    if layer is not None and not 0 <= layer < model.num_layers:
        raise Invalid(f"layer must be in 0..{model.num_layers - 1}")
    if output is not None:
        outputs = model.vocab_size if model.task == "language_model" else int(model.num_classes or 0)
        if output >= outputs:
            raise Invalid(f"output must be in 0..{outputs - 1}")
    db.close()  # the connection goes back to the pool while the worker reads (PostgreSQL's clients are few)
    answer = workers.ask("evaluate", [model.id, text, coclustering_id, layer, state, output], user.id)
    return {"model_id": model.id, "coclustering_id": coclustering_id, **answer}
