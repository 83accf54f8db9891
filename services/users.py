"""Users and their API tokens. Only a token's sha256 is stored; the token is shown once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from services.database.tables import ApiToken, User, utcnow

TOKEN_PREFIX = "rnv_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(session: Session, user: User, days: int | None = None) -> str:
    """A new token for the user, valid `days` days (None: no expiry)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = None if days is None else utcnow() + timedelta(days=days)
    session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), expires_at=expires))
    return token


def create_user(
    session: Session, name: str, admin: bool = False, days: int | None = None
) -> tuple[User, str]:
    """A new user and a first token; ValueError when the name is taken or empty."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ValueError("a user name has 1 to 100 characters")
    if session.execute(select(User).where(User.name == name)).scalar_one_or_none() is not None:
        raise ValueError(f"user {name!r} exists already")
    user = User(name=name, is_admin=admin)
    session.add(user)
    session.flush()
    return user, new_token(session, user, days)


def user_for_token(session: Session, token: str) -> User | None:
    """The token's user, if the token exists and has not expired."""
    row = session.execute(
        select(User, ApiToken.expires_at)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(token))
    ).one_or_none()
    if row is None or (row[1] is not None and row[1] <= utcnow()):
        return None
    return row[0]


def revoke_token(session: Session, token: str) -> bool:
    result: CursorResult[Any] = session.execute(
        delete(ApiToken).where(ApiToken.token_hash == hash_token(token))
    )  # type: ignore[assignment]
    return result.rowcount > 0


def revoke_all(session: Session, user_id: int) -> int:
    result: CursorResult[Any] = session.execute(delete(ApiToken).where(ApiToken.user_id == user_id))  # type: ignore[assignment]
    return int(result.rowcount)
