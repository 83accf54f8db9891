"""The browser session's cookie: its name, flags and where a request's session cookies are read.

Served over https, or on the loopback host (where browsers accept Secure cookies over plain http),
the session lives in `__Host-rnnvis_session`: Secure, Path=/, no Domain, so that no other host (a
sibling subdomain) can set it. Pages on another port of the same host still can (cookies do not
separate ports), so the cookie alone authenticates nothing: every request it carries must also send
the session's CSRF token, which the web client keeps in its own origin's storage (ports separate
that) and never reads from a cookie. A tossed cookie then fails every request instead of acting as
someone else. A request carrying two session cookies is refused.

Over plain http on a network address, browsers refuse Secure cookies: the session is then
`rnnvis_session` without Secure, and anything on the path (or the network) can read or set it:
serve the web client over https (RNNVIS_PUBLIC_URL) anywhere but on one's own machine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request, Response
from starlette.types import Scope

from services.domain.accounts import csrf_token

if TYPE_CHECKING:
    from services.settings import Settings

SECURE_COOKIE = "__Host-rnnvis_session"
PLAIN_COOKIE = "rnnvis_session"
SESSION_COOKIES = (SECURE_COOKIE, PLAIN_COOKIE)
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def secure_origin(request: Request, settings: Settings) -> bool:
    """Whether browsers reach this server over https: RNNVIS_PUBLIC_URL's scheme, else the request's
    (a trusted proxy's X-Forwarded-Proto counts: RNNVIS_TRUSTED_PROXIES)."""
    return (settings.public_url or str(request.url)).startswith("https://")


def _loopback(request: Request, settings: Settings) -> bool:
    if settings.public_url:
        return False
    host = (request.url.hostname or "").strip("[]")
    return host in LOOPBACK or host.startswith("127.")


def set_session_cookies(response: Response, request: Request, settings: Settings, token: str) -> str:
    """The browser's session after a sign-in (password or single sign-on); its CSRF token returned
    (in the answer's body or the redirect's fragment, never in a cookie)."""
    age = settings.session_days * 86400
    if secure_origin(request, settings) or _loopback(request, settings):
        response.set_cookie(
            SECURE_COOKIE, token, max_age=age, path="/", httponly=True, samesite="strict", secure=True
        )
        response.delete_cookie(PLAIN_COOKIE, path="/")
    else:
        response.set_cookie(PLAIN_COOKIE, token, max_age=age, path="/", httponly=True, samesite="strict")
    return csrf_token(token)


def clear_session_cookies(response: Response) -> None:
    """Delete the session cookies, and a plain one another page may have set on the API's paths."""
    response.delete_cookie(SECURE_COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    for path in ("/", "/api", "/api/v1"):
        response.delete_cookie(PLAIN_COOKIE, path=path, httponly=True, samesite="strict")


def session_cookies(scope: Scope) -> list[str]:
    """Every session cookie the request carries, whatever its path: more than one is refused."""
    found = []
    for name, value in scope["headers"]:
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, token = part.strip().partition("=")
                if key in SESSION_COOKIES and token:
                    found.append(token)
    return found
