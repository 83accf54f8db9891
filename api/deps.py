"""Request-scoped dependencies: settings, a database session, the calling user, owned records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, TypeVar, cast

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.database.session import get_sessionmaker
from services.database.tables import User
from services.settings import Settings
from services.users import user_for_token

Row = TypeVar("Row")
bearer = HTTPBearer(auto_error=False, description="an API token from `rnnvis users create`")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(settings: Annotated[Settings, Depends(get_settings)]) -> Iterator[Session]:
    assert settings.database_url is not None
    session = get_sessionmaker(settings.database_url)()
    try:
        yield session
    finally:
        session.close()


def current_user(
    db: Annotated[Session, Depends(get_db)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            401, "missing API token: send 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"}
        )
    user = user_for_token(db, credentials.credentials)
    if user is None:
        raise HTTPException(401, "unknown or revoked API token", {"WWW-Authenticate": "Bearer"})
    return user


Db = Annotated[Session, Depends(get_db)]
CurrentUser = Annotated[User, Depends(current_user)]
AppSettings = Annotated[Settings, Depends(get_settings)]


def owned(db: Session, table: type[Row], record_id: int, user: User, what: str) -> Row:
    """The record if it exists and the user owns it (or is an admin); 404 otherwise, never 403."""
    row = db.get(table, record_id)
    if row is None or (not user.is_admin and cast(Any, row).owner_id != user.id):
        raise HTTPException(404, f"{what} {record_id} not found")
    return row


def visible(query: Any, table: Any, user: User) -> Any:
    """Restrict a select to the user's own rows unless the user is an admin."""
    return query if user.is_admin else query.where(table.owner_id == user.id)


__all__ = ["AppSettings", "CurrentUser", "Db", "owned", "select", "visible"]
