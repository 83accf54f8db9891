"""Single sign-on with an OpenID Connect provider: the rules, apart from the HTTP (api/sso.py).

A sign-in starts with a row here (state, nonce and PKCE verifier) and a random key in an HttpOnly
cookie of the starting browser; it finishes when the provider sends the browser back with the same
state, from that browser, within PENDING_S. The row is deleted at the first return, whatever
happens next, so a code or state is never used twice.

Who signs in is the ID token's (issuer, sub), never a name: a user row linked to that identity.
The first sign-in of an unlinked identity makes an account named by the policy's name claim (or
the email), unless that name belongs to someone already: an account is never taken over by a name
the provider sends. An administrator links an existing account instead (link()).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.database.tables import SsoSignIn, User, utcnow
from services.domain.errors import Conflict, Forbidden, Invalid, NotSignedIn, TooManyAttempts
from services.domain.ports import IdentityProvider
from services.domain.users import add_user_row, new_token, taken_name

PENDING_S = 300  # a sign-in must come back from the provider within 5 minutes
PENDING_PER_CLIENT = 20  # sign-ins under way from one address: more are refused to that address
MAX_PENDING = 10_000  # sign-ins under way at once: past it the oldest are dropped, nobody is refused
MAX_SUBJECT = 255  # OpenID Connect Core 2: a `sub` has at most 255 ASCII characters
SESSION_NAME = "single sign-on"  # the browser session's name in the user's list of tokens
NOT_CONFIGURED = "single sign-on is not configured on this server (RNNVIS_OIDC_ISSUER)"
START_AGAIN = "start the sign-in again"


@dataclass(frozen=True)
class Policy:
    new_users: bool  # an unlinked identity gets a new account (False: refused)
    name_claim: str  # the claim that names a new account ("email" when it is missing)
    session_days: int  # how long the browser session lasts


@dataclass(frozen=True)
class Started:
    url: str  # the provider's authorization URL, where the browser goes next
    browser_key: str  # the starting browser's cookie


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def start(session: Session, provider: IdentityProvider, redirect_uri: str, client: str) -> Started:
    """A new sign-in under way, committed. TooManyAttempts when PENDING_PER_CLIENT of this client's
    are; past MAX_PENDING in all (a flood from many addresses) the oldest are dropped instead, so
    that anonymous starts never lock everyone out: a dropped one's browser starts again."""
    now = utcnow()
    client = client[:64]
    session.execute(delete(SsoSignIn).where(SsoSignIn.created_at < now - timedelta(seconds=PENDING_S)))
    mine = select(func.count()).select_from(SsoSignIn).where(SsoSignIn.client == client)
    if session.execute(mine).scalar_one() >= PENDING_PER_CLIENT:
        session.commit()
        raise TooManyAttempts(
            f"too many single sign-ins are under way from your address: finish one, or try again in "
            f"{PENDING_S // 60} minutes",
            retry_after_s=PENDING_S,
        )
    total = session.execute(select(func.count()).select_from(SsoSignIn)).scalar_one()
    if total >= MAX_PENDING:
        oldest = select(SsoSignIn.state).order_by(SsoSignIn.created_at).limit(total - MAX_PENDING + 1)
        session.execute(delete(SsoSignIn).where(SsoSignIn.state.in_(oldest)))
    browser_key, state, nonce = (secrets.token_urlsafe(32) for _ in range(3))
    verifier = secrets.token_urlsafe(64)  # 86 characters: RFC 7636 asks for 43 to 128
    url = provider.authorization_url(redirect_uri, state, nonce, verifier)
    session.add(
        SsoSignIn(
            state=state, browser_hash=_digest(browser_key), nonce=nonce, code_verifier=verifier, client=client
        )
    )
    session.commit()
    return Started(url, browser_key)


def provider_refusal(error: str) -> str:
    """The words for an `error` the provider sent back instead of a code. Only its code is shown, never
    its free text: anybody can send a browser to the callback with words of their choosing."""
    if error == "access_denied":
        return "the sign-in was declined at the provider"
    code = error if re.fullmatch(r"[a-z_]{1,40}", error) else "an unknown error"
    return f"the provider did not sign you in ({code}): {START_AGAIN}"


def finish(
    session: Session,
    provider: IdentityProvider,
    redirect_uri: str,
    *,
    state: str | None,
    code: str | None,
    error: str | None,
    browser_key: str | None,
    policy: Policy,
) -> tuple[User, str]:
    """The browser back from the provider: its user and a new browser session token, committed.
    NotSignedIn for anything that does not match or verify, Forbidden for a disabled account or an
    unlinked identity where new accounts are off, Conflict when a new account's name is taken."""
    pending = session.get(SsoSignIn, state, with_for_update=True) if state else None
    if pending is None:
        if error:  # some providers drop the state from an error: their refusal says more than ours
            raise NotSignedIn(provider_refusal(error))
        raise NotSignedIn(f"this sign-in is unknown, was finished already or took too long: {START_AGAIN}")
    browser_hash, nonce, verifier, created = (
        pending.browser_hash,
        pending.nonce,
        pending.code_verifier,
        pending.created_at,
    )
    session.delete(pending)  # one return only, whatever happens next
    session.commit()
    if browser_key is None or not hmac.compare_digest(_digest(browser_key), browser_hash):
        raise NotSignedIn(
            f"this sign-in was started in another browser, or its cookie is gone: {START_AGAIN}"
        )
    if created < utcnow() - timedelta(seconds=PENDING_S):
        raise NotSignedIn(f"this sign-in took longer than {PENDING_S // 60} minutes: {START_AGAIN}")
    if error:
        raise NotSignedIn(provider_refusal(error))
    if not code:
        raise NotSignedIn(f"the provider sent no authorization code: {START_AGAIN}")
    claims = provider.identity(redirect_uri, code, nonce, verifier)
    user = _account(session, provider.issuer, claims, policy)
    if user.disabled:
        raise Forbidden("this account is disabled: ask an administrator")
    token = new_token(session, user, policy.session_days, name=SESSION_NAME, kind="session")
    session.commit()
    return user, token


def _subject(claims: dict[str, Any]) -> str:
    sub = claims.get("sub")
    if not isinstance(sub, str) or not 1 <= len(sub) <= MAX_SUBJECT:
        raise NotSignedIn(f"the provider's ID token has no valid subject (sub): {START_AGAIN}")
    return sub


def linked_user(session: Session, issuer: str, subject: str) -> User | None:
    return session.execute(
        select(User).where(User.sso_issuer == issuer, User.sso_subject == subject)
    ).scalar_one_or_none()


def _account(session: Session, issuer: str, claims: dict[str, Any], policy: Policy) -> User:
    """The user linked to the identity, or a new one (flushed)."""
    subject = _subject(claims)
    user = linked_user(session, issuer, subject)
    if user is not None:
        return user
    if not policy.new_users:
        raise Forbidden(
            f"no account here is linked to your sign-in (subject {subject!r}): "
            "ask an administrator to link one on the Admin page"
        )
    name = claims.get(policy.name_claim) or claims.get("email")
    if not isinstance(name, str) or not name.strip():
        raise NotSignedIn(
            f"the provider sent neither a {policy.name_claim!r} nor an 'email' claim to name your new "
            "account: ask an administrator to make one and link it"
        )
    taken = taken_name(session, name.strip())
    if taken is not None:
        raise Conflict(
            f"an account named {taken!r} exists already and is not linked to your sign-in: an "
            f"administrator can link it on the Admin page (single sign-on subject {subject!r})"
        )
    try:
        user = add_user_row(session, name)
        user.sso_issuer, user.sso_subject = issuer, subject
        session.flush()
    except IntegrityError:  # the same identity's first sign-in, twice at once
        session.rollback()
        raise Conflict(f"your account was being made by another sign-in: {START_AGAIN}") from None
    return user


def link(session: Session, user: User, issuer: str | None, subject: str) -> None:
    """Link the user to a provider's subject ("" unlinks); the caller commits. Conflict when another
    user holds it, Invalid without a provider or for a subject too long."""
    if subject == "":
        user.sso_issuer = user.sso_subject = None
        return
    if issuer is None:
        raise Invalid(NOT_CONFIGURED)
    if len(subject) > MAX_SUBJECT:
        raise Invalid(f"a single sign-on subject has at most {MAX_SUBJECT} characters")
    holder = linked_user(session, issuer, subject)
    if holder is not None and holder.id != user.id:
        raise Conflict(f"the single sign-on subject {subject!r} is linked to {holder.name!r} already")
    user.sso_issuer, user.sso_subject = issuer, subject
