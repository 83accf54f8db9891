"""Read-only links to one resource (SPEC 12).

A link's token is 256 random bits, shown once and stored as its sha256 (as API tokens are). A link
answers while it is neither expired nor revoked, its resource exists, and its maker may still read
it (a maker who left the project the resource was shared into takes their links with them). Every
other token, expired, revoked, dangling or never made, answers the same 404. Nothing of a link is
kept in a process: a revoked link is refused by every API process at its next read.

Guessing is throttled per client address: after GUESSES_FREE unknown tokens within WINDOW, every
link read from that address waits (429 with Retry-After), found or not, so a guesser learns nothing
from the answers while waiting. The counts live in PostgreSQL beside the sign-in throttles, so every
API process sees the same ones.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.database.tables import Coclustering, ShareLink, SignInThrottle, User, utcnow
from services.domain import ablations, coclusterings, corpora, models, recordings, scans, trainings
from services.domain.access import Caller, record
from services.domain.errors import Forbidden, NotFound, TooManyAttempts
from services.domain.sharing import KINDS, Kind, name_of
from services.settings import Settings

TOKEN_BYTES = 32  # 256 bits
DEFAULT_DAYS, MAX_DAYS = 30, 365
GUESSES_FREE = 50  # unknown tokens from one address within WINDOW before its link reads wait
WAIT_FIRST_S, WAIT_MAX_S = 60, 900
WINDOW = timedelta(minutes=30)
NOT_FOUND = "this link does not exist, has expired or was revoked"  # one answer for all of them
LINKS_OFF = "share links are turned off on this server (RNNVIS_SHARE_LINKS)"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Made:
    link: ShareLink
    token: str  # shown once


def describe(link: ShareLink, resource: str = "") -> dict[str, Any]:
    return {
        "id": link.id,
        "kind": link.kind,
        "resource_id": link.resource_id,
        "resource": resource,
        "created_at": link.created_at,
        "expires_at": link.expires_at,
        "expired": link.expires_at <= utcnow(),
    }


def create(db: Session, user: Caller, settings: Settings, kind: Kind, resource_id: int, days: int) -> Made:
    """A link to a resource the user may read."""
    if not settings.share_links:
        raise Forbidden(LINKS_OFF)
    shared = KINDS[kind]
    record(db, shared.table, resource_id, user, shared.what)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ShareLink(
        owner_id=user.id,
        kind=kind,
        resource_id=resource_id,
        token_hash=token_hash(token),
        expires_at=utcnow() + timedelta(days=days),
    )
    db.add(link)
    db.commit()
    return Made(link, token)


def list_links(db: Session, user: Caller) -> list[dict[str, Any]]:
    """The user's links, newest first, each with its resource's name (gone: an empty name)."""
    links = db.execute(
        select(ShareLink).where(ShareLink.owner_id == user.id).order_by(ShareLink.id.desc())
    ).scalars()
    answered = []
    for link in links:
        row = db.get(KINDS[link.kind].table, link.resource_id)  # type: ignore[index]
        answered.append(describe(link, name_of(row) if row is not None else ""))
    return answered


def revoke(db: Session, user: Caller, link_id: int) -> None:
    link = db.get(ShareLink, link_id)
    if link is None or (link.owner_id != user.id and not user.is_admin):
        raise NotFound(f"share link {link_id} not found")
    db.delete(link)
    db.commit()


@dataclass(frozen=True)
class Opened:
    """What a link reads: its resource, read with its maker's rights."""

    kind: Kind
    resource_id: int
    maker: User


def _throttle_key(address: str) -> str:
    return "link:" + address[:60]


def _check_wait(db: Session, address: str) -> None:
    row = db.get(SignInThrottle, _throttle_key(address))
    now = utcnow()
    if row is None or row.last_failure_at < now - WINDOW or row.failures < GUESSES_FREE:
        return
    wait = min(WAIT_MAX_S, WAIT_FIRST_S * 2 ** min(row.failures - GUESSES_FREE, 10))
    left = int((row.last_failure_at + timedelta(seconds=wait) - now).total_seconds()) + 1
    if left > 0:
        raise TooManyAttempts(f"too many unknown links from your address: try again in {left} s", left)


def _count_miss(db: Session, address: str) -> None:
    now = utcnow()
    db.execute(delete(SignInThrottle).where(SignInThrottle.last_failure_at < now - WINDOW))
    miss = insert(SignInThrottle).values(key=_throttle_key(address), failures=1, last_failure_at=now)
    db.execute(
        miss.on_conflict_do_update(
            index_elements=[SignInThrottle.key],
            set_={"failures": func.coalesce(SignInThrottle.failures, 0) + 1, "last_failure_at": now},
        )
    )
    db.commit()


def open_link(db: Session, settings: Settings, token: str, address: str) -> Opened:
    """The link's resource and maker; NotFound alike for every link that does not answer."""
    if not settings.share_links:
        raise NotFound(NOT_FOUND)
    _check_wait(db, address)
    link = db.execute(select(ShareLink).where(ShareLink.token_hash == token_hash(token))).scalar_one_or_none()
    maker = db.get(User, link.owner_id) if link is not None else None
    if link is None or maker is None or maker.disabled or link.expires_at <= utcnow():
        _count_miss(db, address)
        raise NotFound(NOT_FOUND)
    shared = KINDS[link.kind]  # type: ignore[index]
    try:
        record(db, shared.table, link.resource_id, maker, shared.what)
    except (NotFound, Forbidden):
        raise NotFound(NOT_FOUND) from None
    return Opened(link.kind, link.resource_id, maker)  # type: ignore[arg-type]


def body(db: Session, opened: Opened) -> dict[str, Any]:
    """The linked resource's GET body, with its kind, read with its maker's rights."""
    maker, i = opened.maker, opened.resource_id
    readers: dict[str, Any] = {
        "model": lambda: models.describe(models.get(db, maker, i)),
        "corpus": lambda: corpora.describe(corpora.get(db, maker, i)),
        "recording": lambda: recordings.describe(*recordings.get(db, maker, i)),
        "coclustering": lambda: coclusterings.describe(*coclusterings.get(db, maker, i)),
        "scan": lambda: scans.describe(*scans.get(db, maker, i)),
        "ablation": lambda: ablations.describe(*ablations.get(db, maker, i)),
        "training": lambda: trainings.describe(*trainings.get(db, maker, i)),
    }
    return {**readers[opened.kind](), "kind": opened.kind}


def recording_of(db: Session, opened: Opened) -> int:
    """The recording whose statistics a link reads: the linked one, or the linked co-clustering's."""
    if opened.kind == "recording":
        return opened.resource_id
    if opened.kind == "coclustering":
        co = db.get(Coclustering, opened.resource_id)
        if co is not None:
            return co.recording_id
    raise NotFound(f"a link to a {KINDS[opened.kind].what} reads no recording's statistics")
