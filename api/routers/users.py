"""Who is calling and their tokens (/me, /tokens), signing in with a password (/session), and the
administrators' /users. The rules live in services.domain.users and services.domain.accounts."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request, Response

from api.cookies import clear_session_cookies, set_session_cookies
from api.deps import AdminUser, AppSettings, Caches, ClientAddress, CurrentUser, Db, SessionFactory, Token
from api.requests import StrictJsonRoute
from api.schemas.fields import ERRORS, IdPath
from api.schemas.users import (
    CreatedToken,
    CreatedUser,
    PasswordChange,
    PasswordChanged,
    SignedIn,
    SignIn,
    SignInOptions,
    TokenCreate,
    TokenOut,
    UserChange,
    UserChanged,
    UserCreate,
    UserOut,
    UserUsage,
)
from api.sso import SSO_START
from services.database.tables import ApiToken, User
from services.domain import accounts, users
from services.domain import sign_in as sign_in_service

router = APIRouter(route_class=StrictJsonRoute, tags=["users"], responses=ERRORS)


@router.get("/me", response_model=UserOut, summary="The calling user")
def me(db: Db, user: CurrentUser) -> UserOut:
    row, tokens = users.profile(db, user)
    return _user_out(row, tokens)


def _user_out(user: User, tokens: int) -> UserOut:
    return UserOut(
        id=user.id,
        name=user.name,
        is_admin=user.is_admin,
        created_at=user.created_at,
        tokens=tokens,
        disabled=user.disabled,
        has_password=user.password_hash is not None,
        sso_subject=user.sso_subject,
    )


@router.post(
    "/me/password",
    response_model=PasswordChanged,
    summary="Change your password (give the current one): your other browser sessions end",
)
def change_password(
    body: PasswordChange, db: Db, user: CurrentUser, caches: Caches, token: Token
) -> PasswordChanged:
    ended = accounts.change_password(db, user, body.current, body.new, token)
    caches.tokens_revoked()  # the ended sessions are refused at once, in every API process
    return PasswordChanged(sessions_ended=ended)


@router.get(
    "/session/options",
    response_model=SignInOptions,
    summary="How this server's web client signs in: a password, and single sign-on if configured",
)
def sign_in_options(settings: AppSettings) -> SignInOptions:
    label = settings.oidc_label if settings.oidc_issuer else None
    return SignInOptions(password=True, sso_label=label, sso_url=SSO_START if label else None)


def _sso_link(settings: AppSettings, subject: str | None) -> accounts.SsoLink | None:
    return None if subject is None else accounts.SsoLink(settings.oidc_issuer, subject)


@router.post(
    "/session",
    response_model=SignedIn,
    summary="Sign in with a name and password: sets this browser's session cookie (the web client)",
)
async def sign_in(
    body: SignIn,
    sessions: SessionFactory,
    address: ClientAddress,
    settings: AppSettings,
    request: Request,
    response: Response,
) -> SignedIn:
    signed = await sign_in_service.sign_in(sessions, body.name, body.password, address, settings.session_days)
    csrf = set_session_cookies(response, request, settings, signed.token)
    return SignedIn(user=_user_out(signed.user, signed.tokens), csrf_token=csrf)


@router.delete(
    "/session", status_code=204, summary="Sign out: revoke the session or token this request carries"
)
def sign_out(db: Db, user: CurrentUser, caches: Caches, token: Token, response: Response) -> None:
    users.sign_out(db, token)
    caches.tokens_revoked()
    clear_session_cookies(response)


@router.delete("/tokens/current", status_code=204, summary="Revoke the token this request carries")
def revoke_current(db: Db, user: CurrentUser, caches: Caches, token: Token) -> None:
    users.sign_out(db, token)
    caches.tokens_revoked()


def _token_out(row: ApiToken, current: bool = False) -> TokenOut:
    kind: Literal["api", "session"] = "session" if row.kind == "session" else "api"
    return TokenOut(
        id=row.id,
        name=row.name,
        kind=kind,
        created_at=row.created_at,
        expires_at=row.expires_at,
        current=current,
    )


@router.get("/tokens", response_model=list[TokenOut], summary="Your API tokens and browser sessions")
def list_tokens(db: Db, user: CurrentUser, token: Token) -> list[TokenOut]:
    return [_token_out(row, current) for row, current in accounts.tokens_of(db, user, token)]


@router.post("/tokens", status_code=201, response_model=CreatedToken, summary="Make a named API token")
def make_token(
    body: TokenCreate, db: Db, user: CurrentUser, settings: AppSettings, token: Token
) -> CreatedToken:
    lifetime = accounts.TokenLifetime(body.expires_days, settings.token_days, settings.session_token_max_days)
    row, secret = accounts.make_token(db, user, body.name, token, lifetime)
    return CreatedToken(token=_token_out(row), secret=secret)


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke one of your tokens or sessions")
def revoke_token(token_id: IdPath, db: Db, user: CurrentUser, caches: Caches) -> None:
    accounts.revoke_own_token(db, user, token_id)
    caches.tokens_revoked()


@router.get("/users", response_model=list[UserUsage], summary="All users and their usage (administrators)")
def list_users(db: Db, admin: AdminUser, settings: AppSettings) -> list[UserUsage]:
    return [
        UserUsage(
            **_user_out(u.user, u.tokens).model_dump(),
            stored_bytes=u.stored_bytes,
            quota_bytes=settings.max_stored_bytes,
            active_jobs=u.active_jobs,
            jobs=u.jobs,
        )
        for u in accounts.all_usage(db, admin)
    ]


@router.post(
    "/users", status_code=201, response_model=CreatedUser, summary="Create a user (administrators only)"
)
def add_user(body: UserCreate, db: Db, admin: AdminUser, settings: AppSettings) -> CreatedUser:
    link = _sso_link(settings, body.sso_subject)
    user, token = accounts.add_user(
        db, admin, body.name, body.admin, body.password, settings.token_days, link
    )
    return CreatedUser(user=_user_out(user, 1), token=token)


@router.patch(
    "/users/{user_id}",
    response_model=UserChanged,
    summary="Reset a password, disable or enable a user, make or unmake an administrator (administrators)",
)
def change_user(
    user_id: IdPath, body: UserChange, db: Db, admin: AdminUser, caches: Caches, settings: AppSettings
) -> UserChanged:
    link = _sso_link(settings, body.sso_subject)
    user, ended = accounts.change_user(db, admin, user_id, body.password, body.disabled, body.admin, link)
    caches.tokens_revoked()  # a disabled user's tokens are refused at once, not after the cache's seconds
    out = _user_out(user, users.profile(db, user)[1])
    return UserChanged(**out.model_dump(), sessions_ended=ended)


@router.delete(
    "/users/{user_id}/tokens", status_code=204, summary="Revoke all of a user's tokens (administrators)"
)
def revoke_user_tokens(user_id: IdPath, db: Db, admin: AdminUser, caches: Caches) -> None:
    users.revoke_tokens_of(db, user_id)
    caches.tokens_revoked()
