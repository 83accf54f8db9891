"""Sharing a resource into a project (SPEC 12): on create, by PATCH, and what it takes to delete or
unshare one. Who may do it is services.domain.access's rule; this module applies it and writes the
audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.database.tables import (
    Ablation,
    Coclustering,
    CoclusteringScan,
    Corpus,
    Model,
    Recording,
    Training,
    User,
)
from services.domain import audit
from services.domain.access import Caller, at_least, record, role_in
from services.domain.errors import Conflict, Forbidden, NotFound

Kind = Literal["model", "corpus", "recording", "coclustering", "scan", "ablation", "training"]


@dataclass(frozen=True)
class SharedKind:
    """One kind of resource that can be shared: its table and the word the answers use for it."""

    table: Any
    what: str  # "co-clustering", as error messages say it
    path: str  # "coclusterings", its collection in the API


KINDS: dict[Kind, SharedKind] = {
    "model": SharedKind(Model, "model", "models"),
    "corpus": SharedKind(Corpus, "corpus", "corpora"),
    "recording": SharedKind(Recording, "recording", "recordings"),
    "coclustering": SharedKind(Coclustering, "co-clustering", "coclusterings"),
    "scan": SharedKind(CoclusteringScan, "scan", "coclustering-scans"),
    "ablation": SharedKind(Ablation, "ablation", "ablations"),
    "training": SharedKind(Training, "training", "trainings"),
}
KIND_OF_TABLE: dict[Any, Kind] = {k.table: name for name, k in KINDS.items()}

# What is deleted with a record (foreign keys ON DELETE CASCADE): another user's results must not
# go with it, so a delete that would take them is refused (409) and names them.
DEPENDENTS: dict[Any, tuple[tuple[Any, str], ...]] = {
    Model: ((Recording, "model_id"), (Model, "checkpoint_of")),
    Corpus: ((Recording, "corpus_id"), (Training, "corpus_id"), (Ablation, "corpus_id")),
    Recording: ((Coclustering, "recording_id"), (CoclusteringScan, "recording_id")),
    Coclustering: ((Ablation, "coclustering_id"),),
}
NAMED = 5  # other users' dependents named in a refusal


def name_of(row: Any) -> str:
    """A resource as people read it in lists and the audit trail."""
    for field in ("name", "label"):
        value = getattr(row, field, None)
        if isinstance(value, str) and value:
            return value
    if isinstance(row, CoclusteringScan):
        return f"scan of k over recording {row.recording_id}"
    if isinstance(row, Ablation):
        return f"ablation of co-clustering {row.coclustering_id}"
    return f"{KINDS[KIND_OF_TABLE[type(row)]].what} {row.id}"


def check_project(db: Session, user: Caller, project_id: int) -> None:
    """The user may share into the project: at least its editor (NotFound for a non-member)."""
    role = role_in(db, user, project_id)
    if role is None:
        raise NotFound(f"project {project_id} not found")
    if not at_least(role, "editor"):
        raise Forbidden(
            f"you are a viewer of project {project_id}: only its editors and owners share into it"
        )


def project_for_new(db: Session, user: Caller, project_id: int | None) -> int | None:
    """A create's `project_id`, checked before anything is made."""
    if project_id is not None:
        check_project(db, user, project_id)
    return project_id


def share_new(db: Session, user: Caller, row: Any, project_id: int | None) -> None:
    """An upload just kept, shared into the project its form named (checked before the upload)."""
    if project_id is not None:
        row.project_id = project_id
        created(db, user, row)


def created(db: Session, user: Caller, row: Any, inputs: tuple[Any, ...] = ()) -> None:
    """A new record, committed: 'shared' in its project if it was made into one, and 'ran' in the
    projects of the inputs it was made from that were shared with the user by others."""
    kind = KIND_OF_TABLE[type(row)]
    if row.project_id is not None:
        audit.log(db, row.project_id, user, "shared", kind, row.id, name_of(row))
    for project_id, used in {i.project_id: i for i in inputs if i.project_id is not None}.items():
        if used.owner_id != user.id:
            detail = {"input_kind": KIND_OF_TABLE[type(used)], "input_id": used.id, "input": name_of(used)}
            audit.log(db, project_id, user, "ran", kind, row.id, name_of(row), detail)
    db.commit()


def set_project(db: Session, user: Caller, kind: Kind, record_id: int, project_id: int | None) -> Any:
    """PATCH {project_id}: share the record into a project (its owner, at least editor there), move
    it, or unshare it (its owner or an owner of its project). Returns the record, committed."""
    shared = KINDS[kind]
    row = cast(Any, record(db, shared.table, record_id, user, shared.what))
    if project_id is not None:
        if row.owner_id != user.id:
            raise Forbidden(f"only its owner may share {shared.what} {record_id} into a project")
        check_project(db, user, project_id)
    else:
        record(db, shared.table, record_id, user, shared.what, "manage")
    if row.project_id == project_id:
        return row
    before, row.project_id = row.project_id, project_id
    if isinstance(row, Model):  # a model's checkpoints (issue 34) go where it goes, as one series
        for checkpoint in db.execute(select(Model).where(Model.checkpoint_of == row.id)).scalars():
            checkpoint.project_id = project_id
    if before is not None:
        audit.log(db, before, user, "unshared", kind, row.id, name_of(row))
    if project_id is not None:
        audit.log(db, project_id, user, "shared", kind, row.id, name_of(row))
    db.commit()
    return row


def unshare_all(db: Session, user: Caller, project_id: int, owner_id: int, why: str) -> int:
    """A member left: their records go back to them alone (events in the project). Not committed."""
    count = 0
    for table in KIND_OF_TABLE:
        for row in db.execute(
            select(table).where(table.project_id == project_id, table.owner_id == owner_id)
        ).scalars():
            row.project_id = None
            detail = {"why": why}
            audit.log(db, project_id, user, "unshared", KIND_OF_TABLE[table], row.id, name_of(row), detail)
            count += 1
    return count


def check_no_dependents(db: Session, row: Any, what: str) -> None:
    """Conflict if deleting the record would delete another user's results with it."""
    others: list[str] = []
    pending = [row]
    while pending and len(others) < NAMED:
        parent = pending.pop()
        for table, column in DEPENDENTS.get(type(parent), ()):
            children = db.execute(
                select(table, User.name)
                .join(User, User.id == table.owner_id)
                .where(getattr(table, column) == parent.id)
            ).all()
            for child, owner in children:
                if child.owner_id != row.owner_id:
                    others.append(f"{KINDS[KIND_OF_TABLE[table]].what} {child.id} of {owner}")
                else:
                    pending.append(child)
    if others:
        raise Conflict(
            f"{what} {row.id} cannot be deleted: other users' results are made from it "
            f"({', '.join(others[:NAMED])}); they must be deleted first"
        )


def deleted(db: Session, user: Caller, row: Any) -> None:
    """Record a shared resource's deletion in its project's trail (committed with the delete)."""
    if row.project_id is not None:
        kind = KIND_OF_TABLE[type(row)]
        audit.log(db, row.project_id, user, "deleted", kind, row.id, name_of(row))
