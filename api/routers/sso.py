"""Single sign-on's two browser pages (not API operations: browsers are sent to them, so they are
outside /api/v1 and the OpenAPI schema): /auth/sso/start sends the browser to the provider, and
/auth/sso/callback, where the provider sends it back, signs it in and sends it on to the web client.

A refusal on the way back reaches the web client as a short-lived cookie, not in the URL: the words
are then always this server's, never text that whoever made a link put in it.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Cookie, HTTPException, Query, Request
from fastapi.responses import RedirectResponse

from api.cookies import secure_origin, set_session_cookies
from api.deps import AppSettings, ClientAddress, WritingDb
from api.sso import SSO_CALLBACK, SSO_START
from services.domain import sso
from services.domain.errors import DomainError
from services.domain.ports import IdentityProvider

BROWSER_COOKIE = "rnnvis_sso"  # HttpOnly: ties the provider's answer to the browser that started
ERROR_COOKIE = "rnnvis_sign_in_error"  # the web client's sign-in page shows it once, then clears it
WEB_CLIENT = "/"
SIGNED_IN_FRAGMENT = "signed-in"  # /#signed-in=<CSRF token> after a single sign-on

router = APIRouter(include_in_schema=False)


def _provider(request: Request) -> IdentityProvider:
    provider: IdentityProvider | None = request.app.state.sso
    if provider is None:
        raise HTTPException(404, sso.NOT_CONFIGURED)
    return provider


def callback_url(request: Request, settings: AppSettings) -> str:
    """The redirect URI registered at the provider: RNNVIS_PUBLIC_URL's, else this request's host."""
    if settings.public_url:
        return settings.public_url.rstrip("/") + SSO_CALLBACK
    return str(request.url.replace(path=SSO_CALLBACK, query=""))


def _refused(exc: DomainError, secure: bool) -> RedirectResponse:
    """Back to the web client's sign-in page, which shows the words once."""
    answer = RedirectResponse(WEB_CLIENT, status_code=303)
    answer.set_cookie(ERROR_COOKIE, quote(str(exc)), max_age=300, path="/", samesite="lax", secure=secure)
    return answer


@router.get(SSO_START)
def start(request: Request, db: WritingDb, settings: AppSettings, address: ClientAddress) -> RedirectResponse:
    provider = _provider(request)
    try:
        started = sso.start(db, provider, callback_url(request, settings), address)
    except DomainError as exc:  # the provider unreachable, too many sign-ins under way
        return _refused(exc, secure_origin(request, settings))
    answer = RedirectResponse(started.url, status_code=303)
    # Lax, not Strict: the provider's redirect back is a navigation from another site
    answer.set_cookie(
        BROWSER_COOKIE,
        started.browser_key,
        max_age=sso.PENDING_S,
        path="/auth/sso",
        httponly=True,
        samesite="lax",
        secure=secure_origin(request, settings),
    )
    return answer


@router.get(SSO_CALLBACK)
def callback(
    request: Request,
    db: WritingDb,  # a GET that writes: the sign-in's row is locked, taken and deleted in a transaction
    settings: AppSettings,
    state: Annotated[str | None, Query(max_length=200)] = None,
    code: Annotated[str | None, Query(max_length=4096)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
    browser_key: Annotated[str | None, Cookie(alias=BROWSER_COOKIE, max_length=200)] = None,
) -> RedirectResponse:
    provider = _provider(request)
    policy = sso.Policy(settings.oidc_new_users, settings.oidc_name_claim, settings.session_days)
    secure = secure_origin(request, settings)
    try:
        _, token = sso.finish(
            db,
            provider,
            callback_url(request, settings),
            state=state,
            code=code,
            error=error,
            browser_key=browser_key,
            policy=policy,
        )
    except DomainError as exc:
        answer = _refused(exc, secure)
    else:
        # the CSRF token travels in the fragment (never sent to a server, never in a cookie another
        # page of this host could set); the web client takes it only if it started this sign-in
        answer = RedirectResponse(WEB_CLIENT, status_code=303)
        csrf = set_session_cookies(answer, request, settings, token)
        answer.headers["location"] = f"{WEB_CLIENT}#{SIGNED_IN_FRAGMENT}={csrf}"
    answer.delete_cookie(BROWSER_COOKIE, path="/auth/sso")
    return answer
