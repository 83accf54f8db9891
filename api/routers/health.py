"""/healthz (the process lives) and /readyz (database, broker and a worker answer), outside /api/v1."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from services import errors
from services.domain.health import readiness

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="200 while the API process lives; the bugs it has logged (internal errors)")
def healthz() -> dict[str, str | int]:
    return {"status": "ok", "internal_errors": errors.internal_errors}


@router.get("/readyz", summary="200 once the database, the broker and at least one worker answer; else 503")
def readyz(request: Request) -> JSONResponse:
    body = readiness(request.app.state.settings, request.app.state.workers)
    return JSONResponse(body, status_code=200 if body["status"] == "ready" else 503)
