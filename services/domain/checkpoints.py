"""Checkpoints of one model (issue 34): an ordered series of weights of the same architecture and
vocabulary, each labelled by its training step (or epoch).

A checkpoint is a model of its own (an id every analysis takes, as any model's), whose
`checkpoint_of` names the model whose series it joins. Why not one model whose weights grow: an
id stands for fixed weights (recordings, co-clusterings, caches and shares refer to it), so a
model that changed when a checkpoint was added would change what its old results mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.database.tables import Model
from services.domain import sharing
from services.domain.access import Caller, record
from services.domain.errors import Invalid
from services.domain.models import stored
from services.settings import Settings

# what a checkpoint must share with its series: the columns of the architecture, and the vocabulary
SAME_ARCHITECTURE = (
    "cell",
    "num_layers",
    "hidden_size",
    "embedding_size",
    "vocab_size",
    "task",
    "num_classes",
)
VOCABULARY_FILES = ("vocab", "tokenizer")


def head_of(db: Session, model: Model) -> Model:
    """The model whose series this one belongs to (itself when it is no checkpoint)."""
    return db.get_one(Model, model.checkpoint_of) if model.checkpoint_of is not None else model


def series(db: Session, user: Caller, model_id: int) -> list[Model]:
    """The model's series: the model it is a checkpoint of (or itself) and that model's
    checkpoints, ordered by step; the model without a step comes last (it is the trained end)."""
    head = head_of(db, record(db, Model, model_id, user, "model"))
    members = list(db.execute(select(Model).where(Model.checkpoint_of == head.id)).scalars())
    return sorted([head, *members], key=order_key)


def order_key(model: Model) -> tuple[int, int, int]:
    return (model.step is None, model.step or 0, model.id)


def describe_series(models: list[Model]) -> list[dict[str, Any]]:
    return [
        {
            "model_id": m.id,
            "name": m.name,
            "step": m.step,
            "created_at": m.created_at,
            "head": m.checkpoint_of is None,
        }
        for m in models
    ]


def mismatch(head: Model, model: Model) -> str | None:
    """Why model cannot join head's series, in words; None when it can."""
    for column in SAME_ARCHITECTURE:
        mine, theirs = getattr(model, column), getattr(head, column)
        if mine != theirs:
            return (
                f"a checkpoint must have its model's architecture: {column} is {mine!r} here and "
                f"{theirs!r} in model {head.id} ({head.name})"
            )
    for role in VOCABULARY_FILES:
        mine, theirs = model.files.get(role, {}).get("sha256"), head.files.get(role, {}).get("sha256")
        if mine != theirs:
            return (
                f"a checkpoint must have its model's vocabulary: this {role} differs from model "
                f"{head.id}'s ({head.name}), so the same word would be another row of the weights"
            )
    return None


def add(
    db: Session,
    user: Caller,
    settings: Settings,
    model_id: int,
    step: int,
    name: str | None,
    weights: BinaryIO | None,
    vocab: BinaryIO | None,
    config: BinaryIO | None = None,
    vocab_from: Sequence[tuple[str, BinaryIO]] = (),
    vocab_order: str | None = None,
    folder: Sequence[tuple[str, BinaryIO]] = (),
) -> Model:
    """Upload a checkpoint into a model's series (the same forms as a model upload). It is refused,
    and nothing kept, unless it has the series' architecture and vocabulary and a step of its own.
    It is shared where the model is."""
    head = head_of(db, record(db, Model, model_id, user, "model", "manage"))
    taken = db.execute(
        select(Model.id).where((Model.checkpoint_of == head.id) | (Model.id == head.id), Model.step == step)
    ).first()
    if taken is not None:
        raise Invalid(f"model {head.id}'s series already has a checkpoint at step {step} (model {taken[0]})")

    def admit(model: Model) -> None:
        why = mismatch(head, model)
        if why is not None:
            raise Invalid(f"checkpoint refused: {why}")
        model.checkpoint_of, model.step, model.project_id = head.id, step, head.project_id

    label = name or f"{head.name} @ step {step}"
    model = stored(db, user, settings, label, weights, vocab, config, vocab_from, vocab_order, folder, admit)
    sharing.created(db, user, model, (head,))
    return model
