"""Users and their API tokens. Only a token's sha256 is stored; the token is shown once."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.database.tables import ApiToken, User

TOKEN_PREFIX = "rnv_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(session: Session, user: User) -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=hash_token(token)))
    return token


def create_user(session: Session, name: str, admin: bool = False) -> tuple[User, str]:
    """A new user and a first token; ValueError when the name is taken or empty."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ValueError("a user name has 1 to 100 characters")
    if session.execute(select(User).where(User.name == name)).scalar_one_or_none() is not None:
        raise ValueError(f"user {name!r} exists already")
    user = User(name=name, is_admin=admin)
    session.add(user)
    session.flush()
    return user, new_token(session, user)


def user_for_token(session: Session, token: str) -> User | None:
    return session.execute(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(token))
    ).scalar_one_or_none()
