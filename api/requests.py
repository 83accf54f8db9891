"""Request bodies parsed strictly, and validation errors that stay short.

FastAPI parses JSON with Python's json module, which takes NaN, Infinity and 1e400 and raises
RecursionError on deep nesting; its 422 echoes the whole input back. Every router uses
StrictJsonRoute, and add_validation_handler answers 422s with an excerpt of each bad input.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from services.user_input import JsonRefused, parse_json

EXCERPT_CHARS = 80  # of a refused input, in a 422
MAX_ERRORS = 20


class StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            try:
                self._json = parse_json(await self.body())
            except JsonRefused as exc:  # FastAPI answers a JSONDecodeError with its 422
                raise json.JSONDecodeError(str(exc), "", 0) from exc
        return self._json


class StrictJsonRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict


def excerpt(value: Any) -> Any:
    """A refused input as a 422 shows it: small values as they are, large ones cut, never NaN."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):  # past 2^53 a JSON reader would round it
        return value if abs(value) < 2**53 else str(value)[:EXCERPT_CHARS]
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    text = value if isinstance(value, str) else json.dumps(value, default=str, allow_nan=True)
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + f"… ({len(text):,} characters)"


def compact(error: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": error["type"], "loc": list(error["loc"]), "msg": str(error["msg"])}
    if "input" in error:
        out["input"] = excerpt(error["input"])
    if error.get("ctx"):
        out["ctx"] = {
            k: excerpt(v if isinstance(v, int | float | str) else str(v)) for k, v in error["ctx"].items()
        }
    return out


async def invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    detail = [compact(e) for e in errors[:MAX_ERRORS]]
    if len(errors) > MAX_ERRORS:
        detail.append({"type": "too_many_errors", "loc": [], "msg": f"and {len(errors) - MAX_ERRORS} more"})
    return JSONResponse({"detail": detail}, status_code=422)


def add_validation_handler(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, invalid_request)
