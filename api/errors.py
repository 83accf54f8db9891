"""One place where refusals become HTTP answers: {"detail": "..."} with the status of its kind.

A user's mistake (services.errors.UserError: every domain error, UnknownChannel, ...) answers 4xx
in its own words. Anything else is a bug: logged with its traceback under an error id and answered
500 with that id, which the user can quote."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError, OperationalError

from services.domain.errors import (
    Conflict,
    Forbidden,
    Full,
    Invalid,
    NotFinished,
    NotFound,
    NotSignedIn,
    TooLarge,
    TooManyAttempts,
    TooManyJobs,
    Unavailable,
)
from services.errors import InternalError, UserError, report_internal_error

DATABASE_DOWN = "the database is unreachable or restarted; try again"
STATUS_OF: dict[type[Exception], int] = {
    NotFound: 404,
    NotSignedIn: 401,
    Forbidden: 403,
    NotFinished: 409,
    Conflict: 409,
    TooLarge: 413,
    Invalid: 422,
    TooManyJobs: 429,
    TooManyAttempts: 429,
    Unavailable: 503,
    Full: 507,  # Insufficient Storage (RFC 4918)
    UserError: 422,  # the engine's refusals (UnknownChannel, ...): after the domain's own kinds
}
log = logging.getLogger(__name__)


def status_of(exc: Exception) -> int:
    return next(status for kind, status in STATUS_OF.items() if isinstance(exc, kind))


async def refused(request: Request, exc: Exception) -> JSONResponse:
    wait = getattr(exc, "retry_after_s", None)
    headers = {"Retry-After": str(wait)} if wait is not None else None
    return JSONResponse({"detail": str(exc)}, status_code=status_of(exc), headers=headers)


async def database_error(request: Request, exc: Exception) -> JSONResponse:
    """A lost database connection (the database restarted, say) is a 503 to retry, not a 500."""
    assert isinstance(exc, DBAPIError)
    if isinstance(exc, DataError):  # an id or number beyond what the column holds (ids are 32-bit)
        detail = f"a value is out of the range the server stores: {str(exc.orig).splitlines()[0]}"
        return JSONResponse({"detail": detail}, status_code=422)
    if exc.connection_invalidated or isinstance(exc, OperationalError):
        return JSONResponse({"detail": DATABASE_DOWN}, status_code=503)
    raise exc


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    """A bug: a 500 whose words carry the id of the log line that has the traceback."""
    if isinstance(exc, InternalError):  # logged by the worker that failed
        return JSONResponse({"detail": str(exc)}, status_code=500)
    words = report_internal_error(log, f"{request.method} {request.url.path} failed", exc)
    return JSONResponse({"detail": words}, status_code=500)


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(UserError, refused)
    app.add_exception_handler(DBAPIError, database_error)
    # Starlette's ServerErrorMiddleware calls this for anything else, then re-raises it for uvicorn
    app.add_exception_handler(Exception, internal_error)
