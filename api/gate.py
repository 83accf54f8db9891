"""What every request passes before any of its body is read: the caller's token (an Authorization
header, or a browser's session cookie with its CSRF header on requests that change something), the
route's body limit, and a deadline for a body that arrives too slowly.

FastAPI reads and parses a body before it resolves dependencies, so without this gate an anonymous
client could make the API parse 500 MB of JSON before its missing token was noticed. The rules
come from the OpenAPI schema (one source): an operation with `security` needs a token, an operation
with a multipart body may be as large as an upload, every other body is small.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.caches import TokenUser
from api.cookies import clear_session_cookies, session_cookies
from api.errors import status_of
from services.domain.accounts import csrf_matches
from services.domain.errors import DomainError

MISSING_TOKEN = "missing API token: send 'Authorization: Bearer <token>' (or sign in: POST /api/v1/session)"
UNKNOWN_TOKEN = "unknown or revoked API token, or a session that ended"
CSRF_HEADER = "x-csrf-token"
BAD_CSRF = (
    "a signed-in browser's request needs the X-CSRF-Token header from its sign-in "
    "(a session cookie alone authenticates nothing)"
)
OTHER_SESSION = (
    "this browser's session cookie is not the session this page signed in with (it ended, or "
    "another page on this host replaced it): sign in again"
)
TWO_SESSIONS = (
    "this request carries two session cookies (another page on this host may have set one): sign in again"
)
FORM_OVERHEAD = 1024 * 1024  # multipart boundaries and small fields around the files

Authenticate = Callable[[str], Awaitable[TokenUser | None]]


@dataclass(frozen=True)
class RouteRule:
    method: str
    path: re.Pattern[str]
    needs_token: bool
    upload: bool


def rules_from_schema(schema: dict[str, Any]) -> list[RouteRule]:
    rules = []
    for template, operations in schema["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            rules.append(
                RouteRule(
                    method.upper(), pattern, bool(operation.get("security")), "multipart/form-data" in content
                )
            )
    return rules


@dataclass(frozen=True)
class Limits:
    json_bytes: int  # any body but an upload's
    upload_bytes: int  # an upload's files (the form's own overhead is allowed on top)
    body_idle_s: float  # longest wait for the next piece of a body
    api_prefix: str  # paths under it need a token even where no operation matches


class _Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        self.status, self.detail = status, detail


def bearer_token(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" and token.strip() else None
    return None


def _header(scope: Scope, wanted: bytes) -> str | None:
    return next((v.decode("latin-1") for k, v in scope["headers"] if k == wanted), None)


class RequestGate:
    def __init__(
        self, app: ASGIApp, schema: dict[str, Any], limits: Limits, authenticate: Authenticate
    ) -> None:
        self.app, self.limits, self.authenticate = app, limits, authenticate
        self.rules = rules_from_schema(schema)

    def rule_for(self, method: str, path: str) -> RouteRule | None:
        return next((r for r in self.rules if r.method == method and r.path.match(path)), None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        rule = self.rule_for(scope["method"], path)
        needs_token = rule.needs_token if rule is not None else path.startswith(self.limits.api_prefix)
        if needs_token:
            token = bearer_token(scope)
            cookies = session_cookies(scope) if token is None else []
            if len(cookies) > 1:
                await _answer(scope, receive, send, 401, TWO_SESSIONS, clear_cookies=True)
                return
            cookie = cookies[0] if cookies else None
            sent = _header(scope, CSRF_HEADER.encode()) or None
            if cookie is not None and sent is None:  # a form or script of another site, say
                await _answer(scope, receive, send, 403, BAD_CSRF)
                return
            if cookie is not None and not csrf_matches(cookie, sent):
                await _answer(scope, receive, send, 401, OTHER_SESSION)
                return
            token = token or cookie
            try:
                user = await self.authenticate(token) if token else None
            except DomainError as exc:  # the database is down: 503
                await _answer(scope, receive, send, status_of(exc), str(exc))
                return
            if user is None:
                await _answer(scope, receive, send, 401, UNKNOWN_TOKEN if token else MISSING_TOKEN)
                return
            state = scope.setdefault("state", {})
            state["user"], state["token"] = user, token  # deps.current_user and current_token take them
        upload = rule is not None and rule.upload
        limit = self.limits.upload_bytes + FORM_OVERHEAD if upload else self.limits.json_bytes
        shown = self.limits.upload_bytes if upload else self.limits.json_bytes
        too_large = f"the request body is larger than the limit of {shown:,} bytes" + (
            "" if upload else " (only model and corpus uploads may be larger)"
        )
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _answer(scope, receive, send, 413, too_large)
            return
        await self._guarded(scope, receive, send, limit, too_large)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, limit: int, too_large: str) -> None:
        seen, complete = 0, False
        refusal: _Refused | None = None
        answered = False
        idle = self.limits.body_idle_s

        async def counted() -> Message:
            nonlocal seen, complete, refusal
            if complete:  # after the body: waiting for a disconnect, however long
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), idle)
            except TimeoutError:
                refusal = _Refused(408, f"no part of the request body arrived for {idle:.0f} s")
                raise refusal from None
            seen += len(message.get("body", b""))
            if seen > limit:
                refusal = _Refused(413, too_large)
                raise refusal
            complete = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        async def guarded_send(message: Message) -> None:
            # the form parser turns any error while reading into its own 400: answer ours instead
            nonlocal answered
            if refusal is not None:
                if not answered:
                    answered = True
                    await _answer(scope, receive, send, refusal.status, refusal.detail)
                return
            await send(message)

        with contextlib.suppress(_Refused):
            await self.app(scope, counted, guarded_send)
        if refusal is not None and not answered:
            await _answer(scope, receive, send, refusal.status, refusal.detail)


async def _answer(
    scope: Scope, receive: Receive, send: Send, status: int, detail: str, clear_cookies: bool = False
) -> None:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {"Connection": "close"}
    answer = JSONResponse({"detail": detail}, status_code=status, headers=headers)
    if clear_cookies:
        clear_session_cookies(answer)
    await answer(scope, receive, send)
