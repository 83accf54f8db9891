"""Pages of a list: a window of rows and how many there are in all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

T = TypeVar("T")


@dataclass(frozen=True)
class Paging:
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class Shared:
    """A list's sharing filters (SPEC 12): shared into this project, owned by the user of this name."""

    project_id: int | None = None
    owner: str | None = None


@dataclass(frozen=True)
class PageOf(Generic[T]):
    items: list[T]
    total: int
    paging: Paging


def page(db: Session, query: Any, paging: Paging) -> PageOf[Any]:
    """The query's rows in the window (each a row tuple), with the count of all of them."""
    total = db.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    rows = db.execute(query.limit(paging.limit).offset(paging.offset)).all()
    return PageOf([tuple(row) for row in rows], int(total), paging)
