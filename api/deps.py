"""Request-scoped dependencies: settings, a database session, the calling user, owned records."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Annotated, Any, TypeVar, cast

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from services.database.session import get_sessionmaker
from services.database.tables import User
from services.settings import Settings
from services.users import user_for_token

Row = TypeVar("Row")
bearer = HTTPBearer(auto_error=False, description="an API token from `rnnvis users create`")


# The dependencies are async: FastAPI runs a sync dependency in a worker thread, and the hops
# between the event loop and threads cost more than a cached read does.


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_db(
    request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> AsyncIterator[Session]:
    """A session per request (it connects lazily, in the endpoint's thread).

    GET and HEAD only read, so they run without a transaction: no BEGIN, no ROLLBACK, and closing
    them is only handing the connection back to the pool.
    """
    assert settings.database_url is not None
    reading = request.method in ("GET", "HEAD")
    session = get_sessionmaker(settings.database_url, autocommit=reading, pre_ping=False)()
    try:
        yield session
    finally:
        if reading:
            session.close()
        else:
            await run_in_threadpool(session.close)  # may roll back: a round trip


TOKEN_CACHE_S = 10.0  # a token's user is looked up at most this often per API process
_token_cache: dict[str, tuple[float, int, str, bool]] = {}


async def current_user(
    db: Annotated[Session, Depends(get_db)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    """The token's user. Tokens are checked against the database at most every TOKEN_CACHE_S seconds:
    reads are the hot path, and a user or token lookup per request costs more than the read itself."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            401, "missing API token: send 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"}
        )
    token = credentials.credentials
    now = time.monotonic()
    cached = _token_cache.get(token)
    if cached is not None and cached[0] > now:
        return User(id=cached[1], name=cached[2], is_admin=cached[3])
    user = await run_in_threadpool(user_for_token, db, token)
    if user is None:
        _token_cache.pop(token, None)
        raise HTTPException(401, "unknown or revoked API token", {"WWW-Authenticate": "Bearer"})
    if len(_token_cache) > 10_000:
        _token_cache.clear()
    _token_cache[token] = (now + TOKEN_CACHE_S, user.id, user.name, user.is_admin)
    return user


def forget_tokens() -> None:
    """Tokens were revoked: check every token against the database again."""
    _token_cache.clear()


async def current_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str | None:
    return credentials.credentials if credentials is not None else None


async def admin_user(user: Annotated[User, Depends(current_user)]) -> User:
    if not user.is_admin:
        raise HTTPException(403, "only an administrator may do this")
    return user


Db = Annotated[Session, Depends(get_db)]
AdminUser = Annotated[User, Depends(admin_user)]
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
