"""/healthz (the process lives) and /readyz (database, broker and a worker answer), outside /api/v1."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from services.database.session import get_engine

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="200 while the API process lives")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="200 once the database, the broker and at least one worker answer; else 503")
def readyz(request: Request) -> JSONResponse:
    settings = request.app.state.settings
    celery = request.app.state.celery
    checks: dict[str, Any] = {}
    try:
        with get_engine(settings.database_url).connect() as connection:
            connection.execute(text("select 1"))
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
    try:
        with celery.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
        replies = celery.control.ping(timeout=1.0)
        checks["workers"] = len(replies) if replies else "none answered"
    except Exception as exc:
        checks.setdefault("broker", f"unreachable: {type(exc).__name__}")
        checks.setdefault("workers", "unknown (no broker)")
    missing = [name for name, value in checks.items() if value != "ok" and not isinstance(value, int)]
    body = {"status": "ready" if not missing else "not ready", "missing": missing, "checks": checks}
    return JSONResponse(body, status_code=200 if not missing else 503)
