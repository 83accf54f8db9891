"""Users and their API tokens. Only a token's sha256 is stored; the token is shown once."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from confusable_homoglyphs import confusables
from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session

from services.database.tables import ApiToken, User, utcnow
from services.domain.access import Caller
from services.domain.errors import Conflict, Forbidden, Invalid, NotFound

TOKEN_PREFIX = "rnv_"
FIRST_TOKEN = "made with the user"  # the name of the token a new user gets
MAX_NAME = 100
# invisible and direction-changing characters, and anything unassigned or private
REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt) that are not in the categories
# above: shown as nothing (U+034F, variation selectors) or as blank letters (the Hangul fillers)
IGNORABLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0x1D173, 0x1D17A),
    (0xE0100, 0xE01EF),
)
SMALL_CAPITAL = re.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])")


def _ignorable(ch: str) -> bool:
    return any(low <= ord(ch) <= high for low, high in IGNORABLE_RANGES)


def _latin_look_alike(ch: str) -> str:
    """The Latin letter a character is taken for, or the character: Unicode's confusables data
    (TR39), followed to an ASCII letter where it leads to one, and small capitals (ᴀ) as letters."""
    found: Any = confusables.is_confusable(ch, greedy=True, preferred_aliases=["latin"])
    if found:
        return str(found[0]["homoglyphs"][0]["c"])
    seen = ch
    for _ in range(3):  # the data maps some letters in a chain, ı -> i, ᴀ -> ꭺ -> ...
        homoglyphs = confusables.confusables_data.get(seen) or []
        ascii_ones = [h["c"] for h in homoglyphs if h["c"].isascii()]
        if ascii_ones:
            return str(ascii_ones[0])
        if not homoglyphs:
            break
        seen = str(homoglyphs[0]["c"])
    small = SMALL_CAPITAL.fullmatch(unicodedata.name(ch, ""))
    return small.group(1).lower() if small else ch


def check_user_name(name: str) -> str:
    """The name stripped, or Invalid: 1 to 100 characters, none invisible, none bidi control,
    no space but U+0020."""
    return check_label("a user name", name)


def check_label(what: str, text: str, longest: int = MAX_NAME) -> str:
    """A name people read in a list (a token's, ...) stripped, or Invalid: 1 to `longest` characters,
    none invisible or direction-changing (U+202E would show the name backwards)."""
    text = text.strip()
    if not 1 <= len(text) <= longest:
        raise Invalid(f"{what} has 1 to {longest} characters")
    for ch in text:
        if unicodedata.category(ch) in REFUSED_CATEGORIES or (ch.isspace() and ch != " ") or _ignorable(ch):
            raise Invalid(f"{what} may not hold U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed')})")
    return text


def name_key(name: str) -> str:
    """What two user names must not share: their NFKC form, case-folded, with every letter that looks
    like a Latin one (Cyrillic а, Greek ο, ...) taken as that letter (Unicode's confusables data)."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    latin = [ch if ch.isascii() else _latin_look_alike(ch) for ch in folded]
    return unicodedata.normalize("NFKC", "".join(latin)).casefold()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_token(
    session: Session,
    user: User,
    days: int | None = None,
    name: str = "",
    kind: str = "api",
    until: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for the user, valid `days` days (None: no expiry) or `until` a time: its row, and
    the token itself (shown once; only its hash is stored). kind: "api", or "session" (a browser's
    sign-in)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = until if until is not None else None if days is None else utcnow() + timedelta(days=days)
    row = ApiToken(user_id=user.id, token_hash=hash_token(token), expires_at=expires, name=name, kind=kind)
    session.add(row)
    return row, token


def new_token(
    session: Session, user: User, days: int | None = None, name: str = "", kind: str = "api"
) -> str:
    return add_token(session, user, days, name, kind)[1]


def taken_name(session: Session, name: str) -> str | None:
    """The existing user name that `name` would clash with (the same name_key), if any."""
    return session.execute(select(User.name).where(User.name_key == name_key(name))).scalar_one_or_none()


def add_user_row(session: Session, name: str, admin: bool = False) -> User:
    """A new user without tokens (flushed); Conflict when the name is taken, Invalid when it is empty."""
    name = check_user_name(name)
    taken = taken_name(session, name)
    if taken is not None:
        raise Conflict(
            f"user {name!r} exists already" if taken == name else f"{name!r} is too like the user {taken!r}"
        )
    user = User(name=name, name_key=name_key(name), is_admin=admin)
    session.add(user)
    session.flush()
    return user


def create_user(
    session: Session, name: str, admin: bool = False, days: int | None = None
) -> tuple[User, str]:
    """A new user and a first token; Conflict when the name is taken, Invalid when it is empty."""
    user = add_user_row(session, name, admin)
    return user, new_token(session, user, days, name=FIRST_TOKEN)


def user_for_token(session: Session, token: str) -> User | None:
    """The token's user, if the token exists and has not expired and the user is not disabled."""
    row = session.execute(
        select(User, ApiToken.expires_at)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(token), User.disabled.is_(False))
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


def require_admin(user: Caller) -> None:
    if not user.is_admin:
        raise Forbidden("only an administrator may do this")


def users_with_token_counts(session: Session) -> list[tuple[User, int]]:
    """Every user, with how many tokens each holds."""
    counts = dict(session.execute(select(ApiToken.user_id, func.count()).group_by(ApiToken.user_id)).all())
    users = session.execute(select(User).order_by(User.id)).scalars()
    return [(u, int(counts.get(u.id, 0))) for u in users]


def profile(session: Session, user: Caller) -> tuple[User, int]:
    """The calling user's row and how many tokens it holds (GET /me)."""
    row = session.get(User, user.id)
    if row is None:  # deleted since its token was checked
        raise NotFound(f"user {user.id} not found")
    count = session.execute(select(func.count()).where(ApiToken.user_id == user.id)).scalar_one()
    return row, int(count)


def revoke_tokens_of(session: Session, user_id: int) -> int:
    """Revoke every token of an existing user; NotFound otherwise."""
    if session.get(User, user_id) is None:
        raise NotFound(f"user {user_id} not found")
    revoked = revoke_all(session, user_id)
    session.commit()
    return revoked


def sign_out(session: Session, token: str) -> None:
    """Revoke the token a request carries."""
    revoke_token(session, token)
    session.commit()


def register(session: Session, name: str, admin: bool = False, days: int | None = None) -> tuple[User, str]:
    """Create a user with a first token, committed."""
    user, token = create_user(session, name, admin, days)
    session.commit()
    return user, token
