"""Uploaded files on their way into the artifact store: under the per-upload limit and the user's
stored-bytes quota, staged until the record that owns them is valid."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.database.tables import Corpus, Model
from services.domain.access import Caller, filtered, visible
from services.domain.errors import Full, Invalid, TooLarge, Unavailable
from services.domain.paging import PageOf, Paging, Shared, page
from services.settings import Settings
from services.storage.artifacts import ArtifactStore, DiskFull, StoredFile, UploadTooLarge
from services.storage.objects import StoreUnavailable

log = logging.getLogger(__name__)

MAX_NAME = 200


def check_name(name: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= MAX_NAME:
        raise Invalid(f"name must have 1 to {MAX_NAME} characters")
    return name


def list_uploads(
    db: Session,
    user: Caller,
    table: type[Model] | type[Corpus],
    paging: Paging,
    shared: Shared | None = None,
    *where: Any,
) -> PageOf[Any]:
    """The models or corpora the user may see, oldest first, with the sharing filters and where's."""
    query = filtered(visible(select(table).where(*where), table, user), table, shared)
    return page(db, query.order_by(table.id), paging)


def stored_bytes(db: Session, user_id: int) -> int:
    """The bytes of the user's uploaded and trained models and corpora: what the quota counts."""
    used = 0
    for table in (Model, Corpus):
        for files in db.execute(select(table.files).where(table.owner_id == user_id)).scalars():
            used += sum(int(f.get("bytes", 0)) for f in files.values())
    return used


def upload_budget(db: Session, user: Caller, settings: Settings) -> int:
    """Bytes this user may upload now: the per-upload limit, or what is left of the stored-bytes quota."""
    used = stored_bytes(db, user.id)
    left = settings.max_stored_bytes - used
    if left <= 0:
        quota = settings.max_stored_bytes
        raise TooLarge(f"your uploads take {used:,} bytes of your quota of {quota:,}: delete some first")
    return min(settings.max_upload_bytes, left)


def save_upload(store: ArtifactStore, folder: Path, name: str, stream: BinaryIO, limit: int) -> StoredFile:
    try:
        return store.write(folder, name, stream, limit)
    except UploadTooLarge as exc:
        raise TooLarge(f"{exc} (the upload limit, or what is left of your stored-bytes quota)") from exc
    except DiskFull as exc:
        raise Full(str(exc)) from exc


def keep(db: Session, store: ArtifactStore, staging: Path, kind: str, row: Any) -> None:
    """The row is valid: give it an id, put its staged files in place under that id, commit. The
    files go first, so a committed record never lacks them; a store that is away keeps nothing."""
    db.add(row)
    db.flush()
    try:
        store.promote(staging, kind, row.id)
    except StoreUnavailable as exc:
        db.rollback()
        forget_files(store, kind, row.id)  # what went up before the store failed
        raise Unavailable(f"{exc}; nothing was kept: try again") from exc
    db.commit()


def forget_files(store: ArtifactStore, kind: str, record_id: int) -> None:
    """A deleted record's files go; a store that is away leaves them behind, said in the log (the
    record is gone, so they are never read again)."""
    try:
        store.remove(kind, record_id)
    except StoreUnavailable as exc:
        log.warning("%s %s: its files stay in the artifact store: %s", kind, record_id, exc)
