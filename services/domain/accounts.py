"""Accounts people sign in to: passwords (argon2id), browser sessions, failed sign-ins slowed down,
named API tokens each user makes and revokes, and what an administrator changes.

A browser session is an API token of kind "session" that travels in an HttpOnly cookie rather than
an Authorization header. A request that cookie authenticates and that changes anything must carry
the session's CSRF token (derived from it: csrf_token) in X-CSRF-Token; a page of another site can
neither read the cookie nor compute the token. Programs use API tokens exactly as before.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session

from services.database.tables import ApiToken, Job, User, utcnow
from services.domain import sso
from services.domain.access import Caller
from services.domain.errors import Conflict, Forbidden, Invalid, NotFound
from services.domain.passwords import check_password, hash_password, matches
from services.domain.uploads import stored_bytes
from services.domain.users import (
    add_token,
    check_label,
    check_user_name,
    create_user,
    hash_token,
    require_admin,
)

ACTIVE = ("queued", "running")


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)


def csrf_token(session_token: str) -> str:
    """The CSRF token of a browser session: sent back in X-CSRF-Token by the web client."""
    return hashlib.sha256(b"rnnvis-csrf:" + session_token.encode()).hexdigest()


def csrf_matches(session_token: str, sent: str | None) -> bool:
    return sent is not None and hmac.compare_digest(csrf_token(session_token), sent)


def end_sessions(session: Session, user_id: int, keep: str | None = None) -> int:
    """Delete the user's browser sessions, all but the one whose token is `keep`; how many ended. API
    tokens stay: they are listed on the account page, where their owner revokes them."""
    ending = delete(ApiToken).where(ApiToken.user_id == user_id, ApiToken.kind == "session")
    if keep is not None:
        ending = ending.where(ApiToken.token_hash != hash_token(keep))
    result: CursorResult[Any] = session.execute(ending)  # type: ignore[assignment]
    return int(result.rowcount)


def change_password(session: Session, user: Caller, current: str, new: str, token: str) -> int:
    """Change the caller's own password, committed; every other browser session of theirs ends (one
    signed in with the old password elsewhere must sign in again). Returns how many ended."""
    row = session.get_one(User, user.id)
    if row.password_hash is not None and not matches(row.password_hash, current):
        raise Forbidden("the current password is wrong")
    set_password(row, new)
    ended = end_sessions(session, row.id, keep=token)
    session.commit()
    return ended


def reset_password(session: Session, user: User, password: str) -> int:
    """An administrator's new password for the user (the caller commits): every session ends."""
    set_password(user, password)
    return end_sessions(session, user.id)


# Tokens a user makes, names and revokes


def tokens_of(session: Session, user: Caller, carried: str) -> list[tuple[ApiToken, bool]]:
    """The user's live tokens and sessions, newest first, each with whether it is `carried`: the
    token or session the request came with (this browser, or this program)."""
    now = utcnow()
    carried_hash = hash_token(carried)
    rows = session.execute(
        select(ApiToken)
        .where(ApiToken.user_id == user.id)
        .where((ApiToken.expires_at.is_(None)) | (ApiToken.expires_at > now))
        .order_by(ApiToken.id.desc())
    ).scalars()
    return [(row, hmac.compare_digest(row.token_hash, carried_hash)) for row in rows]


@dataclass(frozen=True)
class TokenLifetime:
    """How long a new API token lasts: `days` asked (None: the server's default), the default
    (None: never expires), and the most a browser session may give (RNNVIS_SESSION_TOKEN_MAX_DAYS)."""

    days: int | None
    default_days: int | None
    session_max_days: int


def _expiry(session: Session, maker: str, lifetime: TokenLifetime) -> datetime | None:
    """A new token's expiry. It never outlives what made it: a browser session gives at most
    session_max_days, so that a stolen sign-in cannot mint a credential for years; an API token
    gives at most its own expiry."""
    now = utcnow()
    days = lifetime.days if lifetime.days is not None else lifetime.default_days
    wanted = None if days is None else now + timedelta(days=days)
    made_by = session.execute(
        select(ApiToken.kind, ApiToken.expires_at).where(ApiToken.token_hash == hash_token(maker))
    ).one_or_none()
    if made_by is None or made_by.kind == "session":
        limit: datetime | None = now + timedelta(days=lifetime.session_max_days)
        words = (
            f"a token made from a browser sign-in lasts at most {lifetime.session_max_days} days "
            "(RNNVIS_SESSION_TOKEN_MAX_DAYS, which the server's administrator sets)"
        )
    else:
        limit = made_by.expires_at
        words = f"a token cannot outlive the token that makes it (which expires {limit:%Y-%m-%d %H:%M} UTC)"
    if limit is None or (wanted is not None and wanted <= limit):
        return wanted
    if lifetime.days is not None:  # asked for explicitly: say so rather than give less
        raise Invalid(f"{words}: ask for fewer days")
    return limit


def make_token(
    session: Session, user: Caller, name: str, maker: str, lifetime: TokenLifetime
) -> tuple[ApiToken, str]:
    """A new named API token, committed, made by the request's token or session `maker`; the token
    itself is returned once, never stored."""
    name = check_label("a token's name", name)
    expires = _expiry(session, maker, lifetime)
    made, token = add_token(session, session.get_one(User, user.id), name=name, kind="api", until=expires)
    session.commit()
    return made, token


def revoke_own_token(session: Session, user: Caller, token_id: int) -> None:
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound(f"token {token_id} not found")
    session.delete(row)
    session.commit()


# What an administrator sees and changes


@dataclass(frozen=True)
class Usage:
    user: User
    tokens: int
    stored_bytes: int
    active_jobs: int
    jobs: int


def usage_of(session: Session, user: User) -> Usage:
    tokens = session.execute(select(func.count()).where(ApiToken.user_id == user.id)).scalar_one()
    active, total = session.execute(
        select(func.count().filter(Job.status.in_(ACTIVE)), func.count()).where(Job.owner_id == user.id)
    ).one()
    return Usage(user, int(tokens), stored_bytes(session, user.id), int(active), int(total))


def all_usage(session: Session, admin: Caller) -> list[Usage]:
    require_admin(admin)
    return [usage_of(session, u) for u in session.execute(select(User).order_by(User.id)).scalars()]


@dataclass(frozen=True)
class SsoLink:
    """An administrator's link of an account to a single sign-on subject ("" unlinks)."""

    issuer: str | None  # the configured provider's; None when single sign-on is off
    subject: str


def add_user(
    session: Session,
    admin: Caller,
    name: str,
    is_admin: bool,
    password: str | None,
    days: int | None,
    sso_link: SsoLink | None = None,
) -> tuple[User, str]:
    """A new user (with a password to sign in with, or linked to a single sign-on subject, if given)
    and a first API token, committed."""
    require_admin(admin)
    check_user_name(name)
    if password is not None:
        check_password(password)
    user, token = create_user(session, name, is_admin, days)
    if password is not None:
        set_password(user, password)
    if sso_link is not None:
        sso.link(session, user, sso_link.issuer, sso_link.subject)
    session.commit()
    return user, token


def change_user(
    session: Session,
    admin: Caller,
    user_id: int,
    password: str | None = None,
    disabled: bool | None = None,
    is_admin: bool | None = None,
    sso_link: SsoLink | None = None,
) -> tuple[User, int]:
    """Reset a password, disable or enable, make or unmake an administrator, link or unlink single
    sign-on; committed, with how many browser sessions ended (a reset or a disable ends them all, for
    good: enabling the user again brings none back). An administrator cannot disable or demote
    themselves (a server could be left with none)."""
    require_admin(admin)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} not found")
    if user.id == admin.id and (disabled or is_admin is False):
        raise Conflict("you cannot disable yourself or take away your own administrator rights")
    ended = 0
    if password is not None:
        ended += reset_password(session, user, password)
    if disabled is not None:
        user.disabled = disabled
        if disabled:
            ended += end_sessions(session, user.id)
    if is_admin is not None:
        user.is_admin = is_admin
    if sso_link is not None:
        sso.link(session, user, sso_link.issuer, sso_link.subject)
    session.commit()
    return user, ended
