"""Who may see a record: its owner, or an administrator. Another user's record is not found (404),
never forbidden, so ids do not tell anyone what exists. Every read and write goes through here."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar, cast

from sqlalchemy.orm import Session

from services.domain.errors import NotFound

Row = TypeVar("Row")


class Caller(Protocol):
    """The calling user as the rules need it (a users row, or the API's cached copy of one)."""

    @property
    def id(self) -> int: ...

    @property
    def is_admin(self) -> bool: ...


def may_see(user: Caller, owner_id: int | None) -> bool:
    return owner_id is not None and (user.is_admin or owner_id == user.id)


def check_visible(user: Caller, owner_id: int | None, what: str, record_id: int) -> None:
    """NotFound unless the user may see a record of this owner (None: no such record)."""
    if not may_see(user, owner_id):
        raise NotFound(f"{what} {record_id} not found")


def owned(db: Session, table: type[Row], record_id: int, user: Caller, what: str) -> Row:
    """The record if it exists and the user may see it; NotFound otherwise."""
    row = db.get(table, record_id)
    check_visible(user, None if row is None else cast(Any, row).owner_id, what, record_id)
    return cast(Row, row)


def visible(query: Any, table: Any, user: Caller) -> Any:
    """Restrict a select to the user's own rows unless the user is an administrator."""
    return query if user.is_admin else query.where(table.owner_id == user.id)
