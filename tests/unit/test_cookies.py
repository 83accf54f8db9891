"""The session cookie's name and flags (api/cookies.py): Secure wherever browsers take it, whatever
the request's own scheme says behind a proxy, so that RNNVIS_PUBLIC_URL decides for every sign-in."""

from __future__ import annotations

from fastapi import Request, Response

from api.cookies import PLAIN_COOKIE, SECURE_COOKIE, set_session_cookies
from services.domain.accounts import csrf_token
from services.settings import Settings


def _request(url_host: str, scheme: str = "http") -> Request:
    host, _, port = url_host.rpartition(":")
    scope = {
        "type": "http",
        "method": "POST",
        "scheme": scheme,
        "server": (host.strip("[]"), int(port)),
        "path": "/api/v1/session",
        "query_string": b"",
        "headers": [(b"host", url_host.encode())],
    }
    return Request(scope)


def _cookie(request: Request, public_url: str | None) -> str:
    response = Response()
    csrf = set_session_cookies(response, request, Settings(public_url=public_url), "rnv_token")
    assert csrf == csrf_token("rnv_token")
    return next(v for v in response.headers.getlist("set-cookie") if "rnv_token" in v)


def test_behind_a_proxy_the_public_url_decides() -> None:
    # compose: nginx speaks https to browsers, plain http to the API
    cookie = _cookie(_request("api:8000"), "https://rnnvis.lab.example")
    assert cookie.startswith(f"{SECURE_COOKIE}=rnv_token") and "Secure" in cookie and "Path=/" in cookie
    assert "Domain" not in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_on_this_machine_over_plain_http_the_cookie_is_still_host_bound() -> None:
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
        assert _cookie(_request(host), None).startswith(f"{SECURE_COOKIE}="), host


def test_plain_http_on_a_network_gets_a_plain_cookie() -> None:
    cookie = _cookie(_request("lab-server:8000"), None)
    assert cookie.startswith(f"{PLAIN_COOKIE}=") and "Secure" not in cookie
