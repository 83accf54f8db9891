"""Models: upload (checked, nothing kept when refused), list, read, delete, and sentence evaluation."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from services import models as model_files
from services.database.tables import Coclustering, Job, Model, Recording, Timeline, model_columns
from services.domain import model_folders, sharing, trainings
from services.domain.access import Caller, record
from services.domain.errors import Invalid, NotFinished, TooLarge
from services.domain.paging import PageOf, Paging, Shared
from services.domain.ports import Forget, Workers
from services.domain.recordings import delete_with_recordings
from services.domain.uploads import check_name, keep, list_uploads, save_upload, upload_budget
from services.jobs.messages import EvaluateQuestion
from services.models import ModelFormatError, read_vocab_file, vocab_from_texts, vocab_text
from services.models.modern import FAMILIES
from services.models.spec import VocabSizeMismatch, state_names_of
from services.models.vocabulary import VOCAB_ORDERS
from services.settings import Settings
from services.storage.artifacts import ArtifactStore, artifact_store

TEXTS_HINT = (
    "give every text the model's vocabulary was built from, in the order it read them "
    "(train.txt, valid.txt, test.txt)"
)
MAX_VOCAB_TEXTS = 8  # the example reads three: train.txt, valid.txt, test.txt


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
        "weights_form": model.files.get("weights", {}).get("form"),
        "vocab_source": vocab_source(model),
        "training": trainings.summary(model.training),
        "architecture": architecture_of(model),
        "states": list(state_names_of(model.cell)),
        "checkpoint_of": model.checkpoint_of,
        "step": model.step,
        "owner_id": model.owner_id,
        "project_id": model.project_id,
        "created_at": model.created_at,
    }


def create(
    db: Session,
    user: Caller,
    settings: Settings,
    name: str,
    weights: BinaryIO | None,
    vocab: BinaryIO | None,
    config: BinaryIO | None = None,
    vocab_from: Sequence[tuple[str, BinaryIO]] = (),
    vocab_order: str | None = None,
    folder: Sequence[tuple[str, BinaryIO]] = (),
    project_id: int | None = None,
) -> Model:
    """Store an uploaded model (stored), shared into a project if one is named (SPEC 12)."""
    sharing.project_for_new(db, user, project_id)
    model = stored(db, user, settings, name, weights, vocab, config, vocab_from, vocab_order, folder)
    sharing.share_new(db, user, model, project_id)
    return model


def stored(
    db: Session,
    user: Caller,
    settings: Settings,
    name: str,
    weights: BinaryIO | None,
    vocab: BinaryIO | None,
    config: BinaryIO | None,
    vocab_from: Sequence[tuple[str, BinaryIO]],
    vocab_order: str | None,
    folder: Sequence[tuple[str, BinaryIO]],
    admit: Callable[[Model], None] | None = None,
) -> Model:
    """Store an uploaded model once its weights, vocabulary and config agree (SPEC 1). The vocabulary
    is a vocab.txt or vocab.json, or is built from the training text files in vocab_from (name,
    stream), in order of first appearance; then only the vocab.txt built is kept. Or, instead of all
    those, a save_pretrained folder's files (name, stream) or one archive of it (SPEC 11). admit:
    called with the new row before it is kept (a checkpoint's series check), may refuse it."""
    if folder:
        if weights is not None or vocab is not None or config is not None or vocab_from or vocab_order:
            raise Invalid(
                "a model folder (files) carries its own weights, config and tokenizer: send files alone"
            )
        return model_folders.create(db, user, settings, name, folder, admit)
    if weights is None:
        raise Invalid("give the model as weights (with vocab), or as a save_pretrained folder under files")
    name = check_name(name)
    if (vocab is None) == (not vocab_from):
        raise Invalid(
            "give the vocabulary either as vocab (vocab.txt or vocab.json) or as the training text "
            f"files in vocab_from ({'both were' if vocab is not None else 'neither was'} given)"
        )
    if vocab_order is not None and (not vocab_from or vocab_order not in VOCAB_ORDERS):
        raise Invalid(f"vocab_order {vocab_order!r} is for vocab_from, and one of: {', '.join(VOCAB_ORDERS)}")
    if len(vocab_from) > MAX_VOCAB_TEXTS:
        raise Invalid(f"vocab_from takes at most {MAX_VOCAB_TEXTS} files, in order (train, valid, test)")
    store = artifact_store(settings)
    with store.staged() as staging:
        limit = upload_budget(db, user, settings)
        files = {"weights": save_upload(store, staging, "weights.bin", weights, limit)}
        if config is not None:
            files["config"] = save_upload(store, staging, "config.json", config, limit)
        try:
            if vocab is not None:
                files["vocab"] = save_upload(store, staging, "vocab.txt", vocab, limit)
                tokens, source = read_vocab_file(files["vocab"].path, settings.max_vocab_tokens)
                origin: dict[str, Any] = {"kind": source}
            else:
                tokens, origin = _vocab_from_texts(store, staging, vocab_from, limit, settings)
                files["vocab"] = store.write(staging, "vocab.txt", io.BytesIO(vocab_text(tokens)), limit)
            loaded = model_files.load_model(  # torch, imported at the first upload
                files["weights"].path,
                tokens,
                files["config"].path if "config" in files else None,
                max_vocab_tokens=settings.max_vocab_tokens,
            )
        except VocabSizeMismatch as exc:
            hint = (
                f" (built from {len(vocab_from)} text file{'s' * (len(vocab_from) > 1)}: {TEXTS_HINT})"
                if vocab_from
                else ""
            )
            raise Invalid(f"model refused: {exc}{hint}") from exc
        except ModelFormatError as exc:
            raise Invalid(f"model refused: {exc}") from exc
        described = {role: f.describe() for role, f in files.items()}
        described["weights"]["form"] = loaded.weights_form
        described["vocab"]["source"] = origin
        model = Model(owner_id=user.id, name=name, files=described, **model_columns(loaded.spec.to_config()))
        if admit is not None:
            admit(model)
        keep(db, store, staging, "models", model)
    return model


def _vocab_from_texts(
    store: ArtifactStore,
    staging: Path,
    texts: Sequence[tuple[str, BinaryIO]],
    limit: int,
    settings: Settings,
) -> tuple[list[str], dict[str, Any]]:
    """The vocabulary of the training texts (staged, read, then dropped) and what it was built from."""
    folder = staging / "vocab-from"
    folder.mkdir()
    saved = []
    for i, (filename, stream) in enumerate(texts):
        stored = save_upload(store, folder, f"{i}.txt", stream, limit)
        limit -= stored.bytes
        saved.append((Path(filename or "").name[:200] or f"text {i + 1}", stored))
    tokens = vocab_from_texts([(shown, f.path) for shown, f in saved], settings.max_vocab_tokens)
    store.discard(folder)  # the vocabulary built is what the model keeps, not the texts
    origin = {
        "kind": "training text",
        "order": "first_appearance",
        "texts": [{"name": shown, "bytes": f.bytes, "sha256": f.sha256} for shown, f in saved],
    }
    return tokens, origin


def architecture_of(model: Model) -> dict[str, Any] | None:
    """A SPEC 11 model's architecture as its page says it: what a unit and each state is, which
    layers hold a state (attention layers hold none); None for the RNNs of SPEC 1."""
    family = FAMILIES.get(model.cell)
    if family is None:
        return None
    recorded = list(model.config.get("recorded_layers", range(model.num_layers)))
    return {
        "model_type": family.model_type,
        "title": family.title,
        "reference": f"transformers {family.class_name}",
        "unit": family.unit,
        "states": [{"name": s, "meaning": family.meaning[s]} for s in family.states],
        "recorded_layers": recorded,
        "stateless_layers": [layer for layer in range(model.num_layers) if layer not in recorded],
        "end_of_sequence": model.config.get("eos"),
    }


def vocab_source(model: Model) -> dict[str, Any]:
    """Where a model's vocabulary came from, as its page shows it (older uploads: vocab.txt)."""
    if "tokenizer" in model.files:
        return {"kind": "tokenizer.json"}
    recorded = model.files.get("vocab", {}).get("source")
    if recorded:
        return dict(recorded)
    if model.training is not None:
        return {"kind": "training corpus", "corpus_id": model.training.corpus_id}
    return {"kind": "vocab.txt"}


def list_models(db: Session, user: Caller, paging: Paging, shared: Shared | None = None) -> PageOf[Any]:
    """The models, without their checkpoints (GET /models/{id}/checkpoints lists a series)."""
    return list_uploads(db, user, Model, paging, shared, Model.checkpoint_of.is_(None))


def get(db: Session, user: Caller, model_id: int) -> Model:
    return record(db, Model, model_id, user, "model")


def delete(db: Session, user: Caller, settings: Settings, model_id: int, forget: Forget) -> None:
    """Delete a model, its files and its recordings (their jobs stop), and its checkpoints so
    (issue 34); the timelines made of it go too, their jobs stopped."""
    model = record(db, Model, model_id, user, "model", "manage")
    checkpoints = list(db.execute(select(Model).where(Model.checkpoint_of == model.id)).scalars())
    for row in (model, *checkpoints):
        sharing.check_no_dependents(db, row, "model")
    timeline_jobs = list(
        db.execute(
            select(Timeline.job_id).where(Timeline.model_id.in_([m.id for m in (model, *checkpoints)]))
        ).scalars()
    )
    for checkpoint in checkpoints:
        delete_with_recordings(db, settings, "models", checkpoint, Recording.model_id, forget)
    sharing.deleted(db, user, model)
    delete_with_recordings(db, settings, "models", model, Recording.model_id, forget, timeline_jobs)


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
    model = record(db, Model, model_id, user, "model")
    if len(text) > settings.max_text_chars:
        raise TooLarge(f"text is longer than the limit of {settings.max_text_chars:,} characters")
    if coclustering_id is not None:
        co = record(db, Coclustering, coclustering_id, user, "co-clustering")
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
    question = EvaluateQuestion(
        model_id=model.id,
        text=text,
        coclustering_id=coclustering_id,
        layer=layer,
        state=state,
        output=output,
    )
    answer = workers.ask("evaluate", question, user.id)
    return {"model_id": model.id, "coclustering_id": coclustering_id, **answer}
