"""/models: upload (validated, nothing kept when refused), list, read, delete, sentence evaluation,
patching and attribution over time."""

from __future__ import annotations

from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, File, Form, UploadFile

from api.deps import AppSettings, Caches, CurrentUser, Db, OwnedModel, Pages, SharedFilter, Workers, page_of
from api.requests import StrictJsonRoute
from api.schemas.causal import AttributeRequest, AttributionOut, PatchOut, PatchRequest
from api.schemas.evaluation import EvaluateRequest
from api.schemas.fields import ERRORS, MAX_INT, IdPath, Page, ProjectForm, VocabOrder
from api.schemas.models import CheckpointOut, ModelOut
from api.schemas.sharing import SHARE_SUMMARY, ShareChange
from services.database.tables import Model
from services.domain import causal, checkpoints, models, sharing

router = APIRouter(route_class=StrictJsonRoute, tags=["models"], responses=ERRORS)


def model_out(model: Model) -> ModelOut:
    return ModelOut.model_validate(models.describe(model))


# The upload's parts, shared by a model's upload and a checkpoint's (the same forms)
WeightsPart = Annotated[
    UploadFile | None,
    File(
        description=".safetensors, a state_dict, a training checkpoint, a Lightning .ckpt or a "
        "module saved with torch.save(model, f) (read without running its code); or give files"
    ),
]
VocabPart = Annotated[
    UploadFile | None,
    File(description="vocab.txt (line i is id i) or vocab.json (word -> id); or give vocab_from"),
]
ConfigPart = Annotated[UploadFile | None, File(description="optional config.json")]
VocabFromParts = Annotated[
    list[UploadFile] | None,
    File(
        description="instead of vocab: the training text files in order (train.txt, valid.txt, "
        "test.txt), the vocabulary built from them as word_language_model builds it"
    ),
]
VocabOrderPart = Annotated[
    VocabOrder | None,
    Form(description="with vocab_from: ids in order of first appearance, <eos> after each line"),
]
FolderParts = Annotated[
    list[UploadFile] | None,
    File(
        description="instead of weights (SPEC 11): a model folder as save_pretrained writes it, each "
        "file a part named by its file name (config.json, model.safetensors, tokenizer.json, ...), "
        "or one .zip/.tar of the folder; model_type mamba, mamba2, rwkv, xlstm or recurrent_gemma"
    ),
]


def _file(part: UploadFile | None) -> BinaryIO | None:
    return None if part is None else part.file


def _parts(parts: list[UploadFile] | None) -> list[tuple[str, BinaryIO]]:
    return [(part.filename or "", part.file) for part in parts or []]


@router.post("/models", status_code=201, response_model=ModelOut, summary="Upload a trained model")
def create_model(
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    name: Annotated[str, Form(description="a name to know it by (1 to 200 characters)")],
    weights: WeightsPart = None,
    vocab: VocabPart = None,
    config: ConfigPart = None,
    vocab_from: VocabFromParts = None,
    vocab_order: VocabOrderPart = None,
    files: FolderParts = None,
    project_id: ProjectForm = None,
) -> ModelOut:
    model = models.create(
        db,
        user,
        settings,
        name,
        _file(weights),
        _file(vocab),
        _file(config),
        vocab_from=_parts(vocab_from),
        vocab_order=vocab_order,
        folder=_parts(files),
        project_id=project_id,
    )
    return model_out(model)


@router.post(
    "/models/{model_id}/checkpoints",
    status_code=201,
    response_model=ModelOut,
    summary="Add a checkpoint to a model's series: the same forms as an upload, with its step",
)
def add_checkpoint(
    model_id: IdPath,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    step: Annotated[int, Form(ge=0, le=MAX_INT, description="the training step (or epoch) it was saved at")],
    name: Annotated[
        str | None, Form(description="a name to know it by; default the model's name @ step N")
    ] = None,
    weights: WeightsPart = None,
    vocab: VocabPart = None,
    config: ConfigPart = None,
    vocab_from: VocabFromParts = None,
    vocab_order: VocabOrderPart = None,
    files: FolderParts = None,
) -> ModelOut:
    model = checkpoints.add(
        db,
        user,
        settings,
        model_id,
        step,
        name,
        _file(weights),
        _file(vocab),
        _file(config),
        vocab_from=_parts(vocab_from),
        vocab_order=vocab_order,
        folder=_parts(files),
    )
    return model_out(model)


@router.get(
    "/models/{model_id}/checkpoints",
    response_model=list[CheckpointOut],
    summary="A model's series of checkpoints, ordered by step (the model itself among them)",
)
def list_checkpoints(model_id: IdPath, db: Db, user: CurrentUser) -> list[CheckpointOut]:
    found = checkpoints.describe_series(checkpoints.series(db, user, model_id))
    return [CheckpointOut.model_validate(c) for c in found]


@router.get("/models", response_model=Page[ModelOut])
def list_models(db: Db, user: CurrentUser, paging: Pages, shared: SharedFilter) -> dict[str, Any]:
    return page_of(models.list_models(db, user, paging, shared), model_out)


@router.patch(
    "/models/{model_id}",
    response_model=ModelOut,
    summary=SHARE_SUMMARY,
)
def share_model(model_id: IdPath, body: ShareChange, db: Db, user: CurrentUser) -> ModelOut:
    return model_out(sharing.set_project(db, user, "model", model_id, body.project_id))


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


@router.post(
    "/models/{model_id}/patch",
    response_model=PatchOut,
    summary="Patch units of a text's run with another text's values (SPEC 13)",
)
def patch(
    model_id: IdPath,
    body: PatchRequest,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    workers: Workers,
) -> dict[str, Any]:
    return causal.patch(db, user, settings, workers, model_id, **body.model_dump())


@router.post(
    "/models/{model_id}/attribute",
    response_model=AttributionOut,
    summary="Attribute units' state at a step to the earlier tokens (SPEC 13)",
)
def attribute(
    model_id: IdPath,
    body: AttributeRequest,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    workers: Workers,
) -> dict[str, Any]:
    return causal.attribute(db, user, settings, workers, model_id, **body.model_dump())
